import Foundation
import Testing
import TestSupport
@testable import Crystal

/// ASE (the Python Atomic Simulation Environment, from the project venv) reads the POSCAR, CIF
/// and extended-XYZ files Adhere writes to the same cell and positions within 1e-6 Å.
/// Skipped with a message when no Python with ASE is found (see `Fixtures.python(with:)`).
@Suite struct ASEInteropTests {
    struct ASEAtoms: Decodable {
        let cell: [[Double]]
        let positions: [[Double]]
        let symbols: [String]
    }

    /// Reads `path` with `ase.io.read(path, format=format)` and returns cell, positions, symbols.
    static func aseRead(_ python: String, _ path: String, format: String) throws -> ASEAtoms {
        let script = """
            import json, sys, warnings
            warnings.filterwarnings("ignore")
            import ase.io
            atoms = ase.io.read(sys.argv[1], format=sys.argv[2])
            print(json.dumps({"cell": atoms.cell.array.tolist(), "positions": atoms.positions.tolist(),
                              "symbols": atoms.get_chemical_symbols()}))
            """
        let result = Fixtures.run(python, ["-c", script, path, format])
        try #require(result.status == 0, "ASE could not read \(path): \(result.stderr)")
        let json = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONDecoder().decode(ASEAtoms.self, from: Data(json.utf8))
    }

    /// The shipped structures plus a skewed triclinic cell with an atom near a cell face.
    static func structures() throws -> [(String, Structure)] {
        var list: [(String, Structure)] = []
        for name in ["Li-bcc", "LiF", "Li2CO3", "LiCF3SO3", "Li7La3Zr2O12"] {
            list.append((name, try StructureFile.read(path: Fixtures.project("structures/\(name).cif"))))
        }
        let triclinic = Structure(
            lattice: Lattice([[5.1, 0.2, -0.3], [1.3, 6.2, 0.1], [-0.7, 1.1, 7.3]]),
            elements: [Element(symbol: "Zr")!, Element(symbol: "O")!, Element(symbol: "O")!],
            fractional: [Vector3(0.1, 0.2, 0.3), Vector3(0.999999, 0.5, 1e-7), Vector3(1.0 / 3.0, 2.0 / 3.0, 0.123456789)],
            comment: "skewed test cell")
        list.append(("triclinic", triclinic))
        return list
    }

    static func expectClose(_ ase: ASEAtoms, cell: Matrix3, positions: [Vector3], symbols: [String], _ what: String) {
        #expect(ase.symbols == symbols, "\(what): species")
        for i in 0..<3 { for j in 0..<3 {
            #expect(abs(ase.cell[i][j] - cell[i, j]) < 1e-6, "\(what): cell[\(i)][\(j)] \(ase.cell[i][j]) vs \(cell[i, j])")
        } }
        #expect(ase.positions.count == positions.count, "\(what): atom count")
        var worst = 0.0
        for (p, q) in zip(ase.positions, positions) {
            worst = max(worst, length(Vector3(p[0], p[1], p[2]) - q))
        }
        #expect(worst < 1e-6, "\(what): largest position difference \(worst) Å")
    }

    @Test func aseReadsOurPOSCARCIFAndXYZ() throws {
        guard let python = Fixtures.python(with: ["ase"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with ASE (set ADHERE_PYTHON or create /opt/adhere-venv)"))
        }
        let dir = try Fixtures.temporaryDirectory("adhere-ase")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, structure) in try Self.structures() {
            // POSCAR: same cell vectors and cartesian positions (atoms grouped by species).
            let grouped = structure.groupedBySpecies()
            let poscar = dir.appendingPathComponent("\(name).vasp").path
            try POSCAR.write(structure, to: poscar)
            Self.expectClose(try Self.aseRead(python, poscar, format: "vasp"), cell: grouped.lattice.matrix,
                             positions: grouped.cartesianPositionsA, symbols: grouped.elements.map(\.symbol), "\(name) POSCAR")

            // CIF (P 1): a CIF keeps cell parameters, not orientation; both ASE and Adhere put
            // a along x and b in the xy plane, so compare with our own reading of the file.
            let cif = dir.appendingPathComponent("\(name).cif").path
            try CIF.write(structure, to: cif)
            let ours = try CIF.read(path: cif).requireOrdered()
            #expect(ours.count == structure.count)
            #expect(ours.fractionalPositions == structure.fractionalPositions, "\(name): CIF fractional round trip")
            let (a, b, c) = structure.lattice.lengthsA
            let (a2, b2, c2) = ours.lattice.lengthsA
            #expect(abs(a - a2) < 1e-9 && abs(b - b2) < 1e-9 && abs(c - c2) < 1e-9)
            Self.expectClose(try Self.aseRead(python, cif, format: "cif"), cell: ours.lattice.matrix,
                             positions: ours.cartesianPositionsA, symbols: ours.elements.map(\.symbol), "\(name) CIF")

            // Extended XYZ: the cell and cartesian positions as they are.
            let xyz = dir.appendingPathComponent("\(name).xyz").path
            try ExtendedXYZ.write(structure, to: xyz)
            Self.expectClose(try Self.aseRead(python, xyz, format: "extxyz"), cell: structure.lattice.matrix,
                             positions: structure.cartesianPositionsA, symbols: structure.elements.map(\.symbol), "\(name) XYZ")
        }
    }
}
