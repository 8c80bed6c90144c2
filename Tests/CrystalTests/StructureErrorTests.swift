import Foundation
import Testing
@testable import Crystal

/// Every malformed input gives a typed error naming the file, the line and what was expected.
@Suite struct StructureErrorTests {
    static let lattice = """
        # cell
        1.0
          4.0 0.0 0.0
          0.0 4.0 0.0
          0.0 0.0 4.0
        """

    /// Parses POSCAR text expecting an error; returns it.
    static func poscarError(_ text: String) -> StructureFileError? {
        do {
            _ = try POSCAR.parse(text, file: "bad/POSCAR")
            return nil
        } catch { return error }
    }

    static func cifError(_ text: String) -> StructureFileError? {
        do {
            _ = try CIF.parse(text, file: "bad.cif")
            return nil
        } catch { return error }
    }

    @Test func missingSpeciesLine() throws {
        // VASP 4: counts on line 6, no species anywhere (the title is no list of symbols).
        let e = try #require(Self.poscarError(Self.lattice + "\n2\nDirect\n0 0 0\n0.5 0.5 0.5\n"))
        #expect(e.file == "bad/POSCAR")
        #expect(e.line == 6)
        #expect(e.kind == .missingSpeciesLine)
        #expect(e.description.hasPrefix("bad/POSCAR:6: no species line"))
        #expect(e.message.contains("expected element symbols on line 6"))
    }

    @Test func countMismatch() throws {
        // Two species, one count.
        let e = try #require(Self.poscarError(Self.lattice + "\nLi O\n2\nDirect\n0 0 0\n0.5 0.5 0.5\n"))
        #expect(e.file == "bad/POSCAR")
        #expect(e.line == 7)
        #expect(e.kind == .countMismatch(what: "atom counts for the 2 species", expected: 2, found: 1))
        #expect(e.message == "atom counts for the 2 species: expected 2, found 1")
    }

    @Test func nonNumericCoordinate() throws {
        let e = try #require(Self.poscarError(Self.lattice + "\nLi\n2\nDirect\n0 0 0\n0.5 abc 0.5\n"))
        #expect(e.file == "bad/POSCAR")
        #expect(e.line == 10)
        #expect(e.kind == .notANumber(field: "coordinates of atom 2", found: "abc"))
        #expect(e.message == "expected a number for coordinates of atom 2, found 'abc'")
    }

    @Test func truncatedFile() throws {
        // Three atoms announced, two given.
        let e = try #require(Self.poscarError(Self.lattice + "\nLi\n3\nDirect\n0 0 0\n0.5 0.5 0.5\n"))
        #expect(e.file == "bad/POSCAR")
        #expect(e.line == 10)
        #expect(e.kind == .truncated(expected: "3 coordinate lines (read 2)"))
        #expect(e.message == "file ends early: expected 3 coordinate lines (read 2)")
    }

    @Test func unknownElement() throws {
        let e = try #require(Self.poscarError(Self.lattice + "\nLi Xq\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n"))
        #expect(e.file == "bad/POSCAR")
        #expect(e.line == 6)
        #expect(e.kind == .unknownElement("Xq"))
        #expect(e.message.contains("expected an element symbol of the periodic table (H…Og)"))

        // The same in a CIF type symbol, on its own line.
        let cif = """
            data_x
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
            Li1 Li 0 0 0
            Q1 Qq 0.5 0.5 0.5
            """
        let c = try #require(Self.cifError(cif))
        #expect(c.file == "bad.cif")
        #expect(c.line == 15)
        #expect(c.kind == .unknownElement("Qq"))
    }

    @Test func unreadableCIFLoop() throws {
        // Four columns, seven values: the loop starting on line 8 cannot be split into rows.
        let cif = """
            data_x
            _cell_length_a 4
            _cell_length_b 4
            _cell_length_c 4
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Li1 0 0 0
            O1 0.5 0.5
            """
        let e = try #require(Self.cifError(cif))
        #expect(e.file == "bad.cif")
        #expect(e.line == 8)
        guard case .unreadableCIFLoop(let why) = e.kind else {
            Issue.record("expected unreadableCIFLoop, got \(e.kind)")
            return
        }
        #expect(why.contains("7 values for 4 columns"))
        #expect(why.contains("expected a multiple of 4"))
        #expect(e.description.hasPrefix("bad.cif:8: unreadable CIF loop"))
    }

    @Test func badSymmetryOperationAndNonNumericCIFCoordinate() throws {
        let header = """
            data_x
            _cell_length_a 4
            _cell_length_b 4
            _cell_length_c 4
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90

            """
        let ops = header + "loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x,y,w'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 0 0 0\n"
        let e = try #require(Self.cifError(ops))
        #expect(e.line == 11)
        #expect(e.kind == .badSymmetryOperation("-x,y,w"))

        let coordinate = header + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 0 zero 0\n"
        let c = try #require(Self.cifError(coordinate))
        #expect(c.line == 13)
        #expect(c.kind == .notANumber(field: "y of atom site Li1", found: "zero"))
    }

    @Test func unterminatedCIFTextFieldAndQuote() throws {
        let field = try #require(Self.cifError("data_x\n_title\n;\nnever closed\n"))
        #expect(field.line == 3)
        #expect(field.kind == .truncated(expected: "a line starting with ';' closing the text field opened here"))
        let quote = try #require(Self.cifError("data_x\n_title 'open\n"))
        #expect(quote.line == 2)
    }

    @Test func unknownFormatFromName() {
        #expect(throws: StructureFileError(file: "notes.txt", line: nil, .unknownFormat("notes.txt"))) {
            try StructureFile.read(path: "notes.txt")
        }
    }
}
