import Foundation
import Testing
import TestSupport
@testable import Crystal

/// The bulk structures Adhere ships in `structures/`, read by our CIF reader.
///
/// Expected formula, atom count and density come from the crystallographic literature
/// (structures/README.md, ../shared/reference-structures/FACTS.md); densities were also
/// checked once with pymatgen 2026.10.24 (`Structure.from_file(...).density`).
@Suite struct ShippedStructureTests {
    struct Expected: Sendable, CustomStringConvertible {
        let file: String
        let formula: String
        let reducedFormula: String
        let atoms: Int
        let densityGPerCm3: Double
        var description: String { file }
    }

    static let expected: [Expected] = [
        // 2 × 6.94 amu in (3.51 Å)³ = 0.533 g/cm³ (FACTS: 0.53).
        Expected(file: "Li-bcc.cif", formula: "Li2", reducedFormula: "Li", atoms: 2, densityGPerCm3: 0.53),
        // 4 LiF in (4.027 Å)³ = 2.638 g/cm³ (FACTS: 2.64).
        Expected(file: "LiF.cif", formula: "Li4F4", reducedFormula: "LiF", atoms: 8, densityGPerCm3: 2.64),
        // Effenberger & Zemann 1979: Dx ≈ 2.10 g/cm³; pymatgen: 2.0981.
        Expected(file: "Li2CO3.cif", formula: "Li8C4O12", reducedFormula: "Li2CO3", atoms: 24, densityGPerCm3: 2.10),
        // Acta Cryst. E (2001), CCDC 170273: Dx = 2.135 Mg/m³ (the file keeps that cell and Z).
        Expected(file: "LiCF3SO3.cif", formula: "Li4C4S4O12F12", reducedFormula: "LiCSO3F3", atoms: 36, densityGPerCm3: 2.135),
        // Reference cell (pymatgen 2026.10): 5.01 g/cm³.
        Expected(file: "Li7La3Zr2O12.cif", formula: "Li56La24Zr16O96", reducedFormula: "Li7La3Zr2O12", atoms: 192,
                 densityGPerCm3: 5.01),
    ]

    static func read(_ name: String) throws -> Structure {
        try StructureFile.read(path: Fixtures.project("structures/\(name)"))
    }

    @Test(arguments: expected)
    func formulaAtomsAndDensity(_ e: Expected) throws {
        let s = try Self.read(e.file)
        #expect(s.count == e.atoms)
        #expect(s.formula == e.formula)
        #expect(s.reducedFormula.formula == e.reducedFormula)
        #expect(abs(s.densityGPerCm3 - e.densityGPerCm3) / e.densityGPerCm3 < 0.02,
                "density \(s.densityGPerCm3) vs \(e.densityGPerCm3)")
        // No two atoms closer than 0.7 Å (a symmetry or transcription error would show here).
        #expect(s.minimumDistanceA > 0.7)
    }

    /// Shortest distances from each atom of element `a` to atoms of element `b`.
    static func nearest(_ s: Structure, from a: String, to b: String) -> [Double] {
        let ea = Element(symbol: a)!, eb = Element(symbol: b)!
        return s.sites.indices.filter { s.sites[$0].element == ea }.map { i in
            s.sites.indices.filter { $0 != i && s.sites[$0].element == eb }.map { s.distanceA(i, $0) }.min() ?? .infinity
        }
    }

    /// Number of `b` atoms within `cutoffA` of each `a` atom.
    static func coordination(_ s: Structure, of a: String, by b: String, within cutoffA: Double) -> [Int] {
        let ea = Element(symbol: a)!, eb = Element(symbol: b)!
        return s.sites.indices.filter { s.sites[$0].element == ea }.map { i in
            s.sites.indices.filter { $0 != i && s.sites[$0].element == eb && s.distanceA(i, $0) < cutoffA }.count
        }
    }

    @Test func carbonateBondLengths() throws {
        let s = try Self.read("Li2CO3.cif")
        // C–O ≈ 1.28 Å, three O per C (Effenberger & Zemann: 1.277–1.289 Å).
        #expect(Self.coordination(s, of: "C", by: "O", within: 1.4) == [3, 3, 3, 3])
        for d in Self.nearest(s, from: "C", to: "O") { #expect(abs(d - 1.28) < 0.02) }
        for d in Self.nearest(s, from: "Li", to: "O") { #expect((1.85...2.1).contains(d)) }
    }

    @Test func triflateBondLengths() throws {
        let s = try Self.read("LiCF3SO3.cif")
        #expect(Self.coordination(s, of: "S", by: "O", within: 1.6) == [3, 3, 3, 3])
        #expect(Self.coordination(s, of: "C", by: "F", within: 1.5) == [3, 3, 3, 3])
        for d in Self.nearest(s, from: "S", to: "O") { #expect(abs(d - 1.44) < 0.03) }
        for d in Self.nearest(s, from: "C", to: "F") { #expect(abs(d - 1.33) < 0.03) }
        for d in Self.nearest(s, from: "Li", to: "O") { #expect((1.85...2.1).contains(d)) }
    }

    @Test func lithiumAndFluorideNeighbours() throws {
        // bcc: 8 neighbours at a√3/2 = 3.0397 Å.
        let li = try Self.read("Li-bcc.cif")
        #expect(abs(li.distanceA(0, 1) - 3.51 * 3.0.squareRoot() / 2) < 1e-9)
        // rock salt: Li–F = a/2 = 2.0135 Å, six neighbours.
        let lif = try Self.read("LiF.cif")
        for d in Self.nearest(lif, from: "Li", to: "F") { #expect(abs(d - 4.027 / 2) < 1e-9) }
        // (in a 2×2×2 supercell, so that each neighbour is its own minimum image)
        let big = try lif.supercell(.diagonal(2, 2, 2))
        #expect(Set(Self.coordination(big, of: "Li", by: "F", within: 2.5)) == [6])
    }

    /// Our LLZO against the reference cell in ../shared (read by our CIF reader): same formula,
    /// atom count, density within 2 %, the same cation coordination, and shortest distances
    /// per element pair within 6 %.
    @Test func garnetAgreesWithReferenceCell() throws {
        guard let path = Fixtures.shared("reference-structures/Li7La3Zr2O12_I41acd.cif") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let reference = try CIF.read(path: path).requireOrdered()
        let ours = try Self.read("Li7La3Zr2O12.cif")
        #expect(reference.count == 192)
        #expect(ours.formula == reference.formula)
        #expect(abs(ours.densityGPerCm3 - reference.densityGPerCm3) / reference.densityGPerCm3 < 0.02)
        for (a, b) in [("Zr", "O"), ("La", "O"), ("Li", "O"), ("Li", "Li"), ("O", "O"), ("La", "Li")] {
            let mine = Self.nearest(ours, from: a, to: b).min()!
            let theirs = Self.nearest(reference, from: a, to: b).min()!
            #expect(abs(mine - theirs) / theirs < 0.06, "\(a)–\(b): \(mine) vs \(theirs) Å")
        }
        #expect(Self.coordination(ours, of: "Zr", by: "O", within: 2.4) == Self.coordination(reference, of: "Zr", by: "O", within: 2.4))
        #expect(Set(Self.coordination(ours, of: "La", by: "O", within: 2.8)) == [8])
        #expect(Set(Self.coordination(reference, of: "La", by: "O", within: 2.8)) == [8])
    }
}
