import Adhesion
import Archive
import Foundation
import Report
import Testing
import TestSupport

/// The methods paragraph states what the archive records, with units, and nothing the
/// archive does not hold. Expected numbers are the sample's inputs or hand calculations
/// (ReportSamples documents them), not text Adhere printed.
@Suite struct MethodsSectionTests {
    @Test func paragraphStatesTheArchivedSettings() throws {
        let archive = try ReportSamples.archive()
        let methods = MethodsSection(archive)
        let text = methods.sentences.joined(separator: " ")
        #expect(text.contains("computed with VASP 6.4.2"))
        #expect(text.contains("PBE (GGA = PE)"))
        #expect(text.contains("Li_sv (10Feb1998)") && text.contains("F (08Apr2002)") && text.contains("C (08Apr2002)"))
        #expect(text.contains("DFT-D3, zero damping (IVDW = 11)"))
        #expect(text.contains("plane-wave cutoff of 450 eV (ENCUT)"))
        #expect(text.contains("converged to 10⁻⁵ eV (EDIFF)"))
        #expect(text.contains("until every force was below 0.03 eV/Å (EDIFFG = −0.03 eV/Å)"))
        #expect(text.contains("keeping the cell fixed (ISIF = 2)"))
        #expect(text.contains("Methfessel–Paxton smearing of order 1 (ISMEAR = 1) with a width of 0.1 eV (SIGMA)"))
        // k-point spacing: the coarsest used mesh direction. LiF cells: 2π/(4.86489 Å · 4) = 0.32290 Å⁻¹;
        // Li2CO3 cells: b* along b = 2π/(4.97 · 3) = 0.42141 Å⁻¹ (a ⟂ b): the largest.
        let spacing = 2 * Double.pi / (4.97 * 3)
        #expect(text.contains("at most \(String(format: "%.3f", spacing)) Å⁻¹"), "\(text)")
        #expect(text.contains("k-point meshes of 10×10×1, 4×4×1, 2×3×1") || text.contains("4×4×1") )
        // Slabs: atoms from z = 0.1 to 0.3 of c = 30 Å → 24.0 Å of vacuum.
        #expect(text.contains("at least 24.0 Å of vacuum"))
        #expect(text.contains("IDIPOL = 3) was applied to the interface, film-reference and substrate-reference calculations"))
        // σ = 0.7 / (2 · 3.44²) eV/Å² × 16.02176634 = 0.47388 J/m²; fitted over 3, 5 and 7 layers, 6.0 Å thick each.
        let sigma = 0.7 / (2 * 3.44 * 3.44) * 16.021_766_34
        #expect(text.contains("σ = \(String(format: "%.3f", sigma)) J/m²"))
        #expect(text.contains("over slabs of 3, 5 and 7 layers (A = 11.83 Å², largest residual 0.0 meV), 6.0–6.0 Å thick"))
        #expect(text.contains("extrapolated to zero smearing"))
        // The bulk (ISIF = 3, 12×12×12) is not used by any reported number: not in the paragraph.
        #expect(!text.contains("12×12×12") && !text.contains("ISIF = 3"))
        #expect(Set(methods.used.map(\.id)) == ["Li2CO3-interface", "Li2CO3-film", "Li2CO3-substrate", "LiF-interface", "LiF-film",
                                                 "LiF-substrate", "Li-L3", "Li-L5", "Li-L7"])
    }

    @Test func differencesListEachInterface() throws {
        let methods = MethodsSection(try ReportSamples.archive())
        let lines = methods.differences.map(\.text)
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("Li(001) | LiF(001): supercells √2×√2 R45° (film) on 1×1 (substrate)"))
        #expect(lines[1].contains("k-mesh 4×4×1"))
        #expect(lines[0].contains("supercells [[2, 3], [-1, 1]] (film) on [[2, -1], [1, 1]] (substrate)"))
        #expect(lines[0].contains("k-mesh 2×3×1") && lines[0].contains("film slab 6.0 Å thick"))
        // Shared tags (ENCUT, IDIPOL, …) are the same for both interfaces: not listed as differences.
        #expect(!lines.joined().contains("ENCUT") && !lines.joined().contains("IDIPOL"))
        let md = methods.markdown()
        #expect(md.contains("Not recorded in the archive") && md.contains("fixed atoms"))
    }

    /// Every decimal number in the paragraph is followed by its unit (or starts a range "a–b unit").
    @Test func decimalNumbersCarryUnits() throws {
        let text = MethodsSection(try ReportSamples.archive()).sentences.joined(separator: " ")
            .replacingOccurrences(of: "VASP 6.4.2", with: "VASP")
        let pattern = try Regex(#"(\d+\.\d+)\s*([^\s,;)]*)"#)
        let units = ["eV", "Å", "J/m²", "meV", "–"]
        for match in text.matches(of: pattern) {
            let unit = String(match.output[2].substring ?? "")
            #expect(units.contains { unit.hasPrefix($0) }, "number \(match.output[1].substring ?? "") has no unit ('\(unit)') in: \(text)")
        }
    }
}
