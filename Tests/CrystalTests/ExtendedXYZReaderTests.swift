import Foundation
import Testing
import TestSupport
@testable import Crystal

/// Extended XYZ is read back: files ASE writes (with extra columns such as forces and tags)
/// give ASE's own cell, positions and symbols, and every file Adhere writes reads back equal.
@Suite struct ExtendedXYZReaderTests {
    struct ASEAtoms: Decodable {
        let cell: [[Double]]
        let positions: [[Double]]
        let symbols: [String]
    }

    @Test func readsWhatASEWrites() throws {
        guard let python = Fixtures.python(with: ["ase"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with ASE (set ADHERE_PYTHON or create /opt/adhere-venv)"))
        }
        let dir = try Fixtures.temporaryDirectory("adhere-xyz")
        defer { try? FileManager.default.removeItem(at: dir) }
        // ASE reads each shipped CIF, writes extended XYZ with forces and tags columns, and
        // prints its atoms; Adhere reads ASE's file.
        let script = """
            import json, sys, warnings
            warnings.filterwarnings("ignore")
            import numpy as np, ase.io
            atoms = ase.io.read(sys.argv[1], format="cif")
            atoms.set_tags(list(range(len(atoms))))
            atoms.arrays["forces"] = np.full((len(atoms), 3), 0.125)
            ase.io.write(sys.argv[2], atoms, format="extxyz")
            print(json.dumps({"cell": atoms.cell.array.tolist(), "positions": atoms.positions.tolist(),
                              "symbols": atoms.get_chemical_symbols()}))
            """
        for name in ["Li-bcc", "LiF", "Li2CO3", "LiCF3SO3", "Li7La3Zr2O12"] {
            let xyz = dir.appendingPathComponent("\(name).xyz").path
            let result = Fixtures.run(python, ["-c", script, Fixtures.project("structures/\(name).cif"), xyz])
            try #require(result.status == 0, "ASE failed on \(name): \(result.stderr)")
            let ase = try JSONDecoder().decode(ASEAtoms.self, from: Data((result.stdout.split(separator: "\n").last ?? "").utf8))
            let ours = try StructureFile.read(path: xyz)
            #expect(ours.elements.map(\.symbol) == ase.symbols, "\(name): species")
            for i in 0..<3 { for j in 0..<3 { #expect(abs(ours.lattice.matrix[i, j] - ase.cell[i][j]) < 1e-9, "\(name): cell") } }
            var worst = 0.0
            for (p, q) in zip(ours.cartesianPositionsA, ase.positions) { worst = max(worst, length(p - Vector3(q[0], q[1], q[2]))) }
            // ASE writes positions with 8 decimals (%16.8f), so its printed and written values differ by ≤ 5e-9 Å.
            #expect(ours.count == ase.positions.count && worst < 1e-8, "\(name): largest position difference \(worst) Å")
        }
    }

    /// Every format Adhere writes, it reads back: same elements, cell and (XYZ: cartesian,
    /// POSCAR: fractional) positions.
    @Test func everyWrittenFormatReadsBack() throws {
        for name in ["Li-bcc", "LiF", "Li2CO3", "LiCF3SO3", "Li7La3Zr2O12"] {
            let s = try StructureFile.read(path: Fixtures.project("structures/\(name).cif"))
            let xyz = try ExtendedXYZ.parse(ExtendedXYZ.string(s), file: "\(name).xyz")
            #expect(xyz.elements == s.elements && xyz.lattice == s.lattice && xyz.comment == s.comment)
            for (p, q) in zip(xyz.cartesianPositionsA, s.cartesianPositionsA) { #expect(length(p - q) < 1e-12) }
            let poscar = try POSCAR.parse(POSCAR.string(s), file: "\(name).vasp")
            #expect(poscar.fractionalPositions == s.groupedBySpecies().fractionalPositions)
            let cif = try CIF.parse(CIF.string(s), file: "\(name).cif").requireOrdered()
            #expect(cif.elements == s.elements)
        }
    }

    @Test func errorsNameTheLineAndWhatWasExpected() {
        func error(_ text: String) -> StructureFileError? {
            do { _ = try ExtendedXYZ.parse(text, file: "a.xyz"); return nil } catch { return error }
        }
        let header = "Lattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3"
        #expect(error("2\n\(header)\nLi 0 0 0\n")?.kind == .truncated(expected: "2 atom lines (read 1)"))
        #expect(error("1\nProperties=species:S:1:pos:R:3\nLi 0 0 0\n")?.line == 2)
        #expect(error("1\n\(header)\nCm1 0 0 0\n")?.kind == .unknownElement("Cm1"))
        #expect(error("1\n\(header)\nLi 1e999 0 0\n")?.line == 3)
        #expect(error("-3\n\(header)\n")?.kind == .noAtoms)
        #expect(error("9223372036854775807\n\(header)\n")?.kind == .tooManyAtoms(found: Int.max, limit: StructureLimits.maxAtoms))
        #expect(error("2\n\(header)\nLi 0 0 0\nLi 0.1 0 0\n")?.line == 4)  // 0.1 Å apart
        #expect(error("1\n\(header)\nLi 0 0 0\n1\n\(header)\nLi 0 0 0\n")?.line == 4)  // a second frame
        // Cm is curium, read as such (not carbon).
        let curium = try? ExtendedXYZ.parse("1\n\(header)\nCm 0 0 0\n")
        #expect(curium?.elements.first?.atomicNumber == 96)
    }
}
