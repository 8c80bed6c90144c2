import Foundation
import Testing
import TestSupport

/// `adhere structure info|convert`, run as the built binary (`swift build` first).
@Suite struct StructureCommandTests {
    static var adhere: String { Fixtures.executable("adhere") }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try #require(FileManager.default.isExecutableFile(atPath: adhere),
                     "\(adhere) is missing: run `swift build` before the CLI tests")
        return Fixtures.run(adhere, arguments)
    }

    struct Info: Decodable {
        struct LatticeInfo: Decodable { let aA, bA, cA, alphaDeg, betaDeg, gammaDeg: Double }
        let formula: String
        let reducedFormula: String
        let natoms: Int
        let lattice: LatticeInfo
        let volumeA3: Double
        let densityGPerCm3: Double
        let ordered: Bool
    }

    /// (file, formula, atoms, density g/cm³): literature values (structures/README.md,
    /// ../shared/reference-structures/FACTS.md).
    static let shipped: [(String, String, Int, Double)] = [
        ("Li-bcc.cif", "Li2", 2, 0.53), ("LiF.cif", "Li4F4", 8, 2.64), ("Li2CO3.cif", "Li8C4O12", 24, 2.10),
        ("LiCF3SO3.cif", "Li4C4S4O12F12", 36, 2.135), ("Li7La3Zr2O12.cif", "Li56La24Zr16O96", 192, 5.01),
    ]

    @Test func infoJSONOnEveryShippedStructure() throws {
        for (file, formula, atoms, density) in Self.shipped {
            let result = try Self.run(["structure", "info", Fixtures.project("structures/\(file)"), "--json"])
            #expect(result.status == 0, "\(file): \(result.stderr)")
            let info = try JSONDecoder().decode(Info.self, from: Data(result.stdout.utf8))
            #expect(info.formula == formula)
            #expect(info.natoms == atoms)
            #expect(abs(info.densityGPerCm3 - density) / density < 0.02, "\(file): \(info.densityGPerCm3)")
            #expect(info.ordered)
        }
    }

    @Test func infoTextShowsLatticeAndDensity() throws {
        let result = try Self.run(["structure", "info", Fixtures.project("structures/Li2CO3.cif")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Li8C4O12"))
        #expect(result.stdout.contains("β = 114.790"))
        // 4 × 73.89 amu in 233.93 Å³ = 2.098 g/cm³ (hand calculation).
        #expect(result.stdout.contains("density     2.098"))
    }

    @Test func convertCIFToPOSCARAndXYZ() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-structure-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let poscar = dir.appendingPathComponent("POSCAR").path
        var result = try Self.run(["structure", "convert", Fixtures.project("structures/Li2CO3.cif"), poscar])
        #expect(result.status == 0, "\(result.stderr)")
        result = try Self.run(["structure", "info", poscar, "--json"])
        let info = try JSONDecoder().decode(Info.self, from: Data(result.stdout.utf8))
        #expect(info.natoms == 24 && info.formula == "Li8C4O12")
        #expect(abs(info.lattice.betaDeg - 114.79) < 1e-9)

        let xyz = dir.appendingPathComponent("out.dat").path
        result = try Self.run(["structure", "convert", poscar, xyz, "--to", "xyz"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: xyz, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "24")
        #expect(lines[1].contains("Lattice=\"") && lines[1].contains("pbc=\"T T T\""))
        #expect(lines.count == 26)
    }

    @Test func unknownOutputFormatIsUsageError() throws {
        let result = try Self.run(["structure", "convert", Fixtures.project("structures/LiF.cif"), "/tmp/out.unknown"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--to"))
    }

    @Test func missingFileFailsWithFileName() throws {
        let result = try Self.run(["structure", "info", "/nonexistent/dir/x.cif"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("/nonexistent/dir/x.cif: error:"))
    }

    @Test func disorderedCIFIsReportedAndRefusedForConversion() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-structure-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cif = dir.appendingPathComponent("disordered.cif").path
        try """
            data_d
            _cell_length_a 4
            _cell_length_b 4
            _cell_length_c 4
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_occupancy
            Li1 Li 0 0 0 0.5
            O1 O 0.5 0.5 0.5 1
            """.write(toFile: cif, atomically: true, encoding: .utf8)
        var result = try Self.run(["structure", "info", cif])
        #expect(result.status == 0)
        #expect(result.stdout.contains("partially occupied sites: Li1 (0.500)"))
        result = try Self.run(["structure", "convert", cif, dir.appendingPathComponent("POSCAR").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("partially occupied sites (Li1 occupancy 0.5)"))
    }

    @Test func malformedCIFNamesFileAndLine() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-structure-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cif = dir.appendingPathComponent("bad.cif").path
        try "data_bad\n_cell_length_a 4\n_cell_length_b four\n".write(toFile: cif, atomically: true, encoding: .utf8)
        let result = try Self.run(["structure", "info", cif])
        #expect(result.status == 1)
        // The atom-site loop is missing: reported at the data block (line 1).
        #expect(result.stderr.hasPrefix("\(cif):1: error:"))
    }
}
