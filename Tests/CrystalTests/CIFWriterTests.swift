import Foundation
import Testing
@testable import Crystal

/// Writing: CIF in P 1, extended XYZ, and choosing the format from a file name.
@Suite struct CIFWriterTests {
    static let carbonate = Structure(
        lattice: Lattice(aA: 8.359, bA: 4.9767, cA: 6.194, alphaDeg: 90, betaDeg: 114.79, gammaDeg: 90),
        elements: ["Li", "C", "O"].map { Element(symbol: $0)! },
        fractional: [Vector3(0.1965, 0.4484, 0.8342), Vector3(0, 0.0657, 0.25), Vector3(0.1463, 0.9361, 0.3136)],
        comment: "Li2CO3 fragment")

    @Test func cifHasP1HeaderCellAndOneRowPerAtom() {
        let text = CIF.string(Self.carbonate)
        #expect(text.contains("data_Li2CO3fragment\n"))
        #expect(text.contains("_symmetry_space_group_name_H-M   'P 1'"))
        #expect(text.contains("_cell_length_a   8.359\n"))
        #expect(text.contains("_cell_angle_beta   114.79"))
        #expect(text.contains("'x, y, z'"))
        #expect(text.contains("  Li  Li1  0.1965  0.4484  0.8342  1\n"))
        #expect(text.contains("_chemical_formula_sum   'Li1 C1 O1'"))
    }

    @Test func cifKeepsUniqueLabelsAndOccupancies() throws {
        var s = Self.carbonate
        for i in s.sites.indices { s.sites[i].label = "site\(i)" }
        let text = CIF.string(s, occupancies: [1, 1, 0.5])
        let back = try CIF.parse(text)
        #expect(back.structure.sites.map(\.label) == ["site0", "site1", "site2"])
        #expect(back.occupancies == [1, 1, 0.5])
        #expect(back.partiallyOccupiedSites.map(\.label) == ["site2"])
    }

    @Test func extendedXYZHeaderAndCartesianLines() throws {
        let text = ExtendedXYZ.string(Self.carbonate)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "3")
        #expect(lines[1].hasPrefix("Lattice=\"8.359 0 0 0 4.9767 0 "))
        #expect(lines[1].contains("Properties=species:S:1:pos:R:3 pbc=\"T T T\" comment=\"Li2CO3 fragment\""))
        // C at (0, 0.0657, 0.25): x = 0.25 c cos β, y = 0.0657 b, z = 0.25 c sin β.
        let c = lines[3].split(separator: " ")
        #expect(c[0] == "C")
        let beta = 114.79 * Double.pi / 180
        #expect(abs(Double(c[1])! - 0.25 * 6.194 * cos(beta)) < 1e-12)
        #expect(abs(Double(c[2])! - 0.0657 * 4.9767) < 1e-12)
        #expect(abs(Double(c[3])! - 0.25 * 6.194 * sin(beta)) < 1e-12)
        #expect(lines.count == 6)  // count, header, three atoms, final newline
    }

    @Test func formatFromFileName() {
        typealias F = StructureFile.Format
        #expect(F(path: "run/POSCAR") == .poscar)
        #expect(F(path: "CONTCAR") == .poscar)
        #expect(F(path: "relaxed.vasp") == .poscar)
        #expect(F(path: "x/Li.POSCAR") == .poscar)
        #expect(F(path: "POSCAR_slab") == .poscar)
        #expect(F(path: "LiF.CIF") == .cif)
        #expect(F(path: "traj.extxyz") == .xyz)
        #expect(F(path: "a.xyz") == .xyz)
        #expect(F(path: "notes.txt") == nil)
        #expect(F(name: "contcar") == .poscar)
        #expect(F(name: "XYZ") == .xyz)
        #expect(F(name: "pdb") == nil)
    }

    /// Extended XYZ is read as well as written (a missing file is an unreadable-file error).
    @Test func missingXYZIsUnreadable() {
        #expect(throws: StructureFileError(file: "a.xyz", line: nil, .unreadable("No such file or directory"))) {
            try StructureFile.read(path: "a.xyz")
        }
    }
}
