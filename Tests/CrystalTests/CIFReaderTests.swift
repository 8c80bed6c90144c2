import Foundation
import Testing
@testable import Crystal

/// The CIF reader: syntax, numbers, symmetry expansion, elements, occupancy.
@Suite struct CIFReaderTests {
    /// A rock-salt cell written with the full Fm-3m operator list would be long; the four
    /// F-centring translations plus inversion are enough to test expansion and merging.
    static let rockSalt = """
        # comment line
        data_NaCl_test
        _cell_length_a 5.6402(3)
        _cell_length_b 5.6402(3)
        _cell_length_c 5.6402(3)
        _cell_angle_alpha 90
        _cell_angle_beta 90.000
        _cell_angle_gamma 90.0(0)
        _publ_section_title
        ;
        A multi-line title; with 'quotes' and "double quotes"
        loop_ _not_a_tag
        ;
        _journal_name_full 'O'Neil's Journal'
        loop_
        _symmetry_equiv_pos_as_xyz
        'x, y, z'
        "-x, -y, -z"
        'x, y+1/2, z+1/2'
        '1/2+x, y, 1/2+z'
        x+1/2,y+1/2,z   # unquoted, no spaces
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        _atom_site_occupancy
        Na1 Na+ 0 0 0 1.0
        Cl1 Cl- 0.5 0.5 0.49999999 1
        """

    @Test func readsQuotedTextFieldsAndExpandsSymmetry() throws {
        let contents = try CIF.parse(Self.rockSalt, file: "nacl.cif")
        let s = contents.structure
        #expect(contents.dataBlock == "NaCl_test")
        #expect(contents.symmetryOperationCount == 5)
        #expect(contents.asymmetricSiteCount == 2)
        // 4 Na + 4 Cl: inversion and the centring images of special positions merge.
        #expect(s.count == 8)
        #expect(s.formula == "Na4Cl4")
        // a with its standard uncertainty dropped.
        #expect(s.lattice.lengthsA.a == 5.6402)
        #expect(contents.isOrdered)
        // Labels carried to every image.
        #expect(s.sites.filter { $0.label == "Cl1" }.count == 4)
    }

    @Test func mergesImagesAcrossThePeriodicBoundary() throws {
        // 0.99999 and 0.00001 are the same atom 0.00011 Å apart across the cell face.
        let text = """
            data_wrap
            _cell_length_a 5.0
            _cell_length_b 5.0
            _cell_length_c 5.0
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _space_group_symop_operation_xyz
            'x,y,z'
            '-x,-y,-z'
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Li1 0.99999 0.5 0.5
            O1 0.25 0.25 0.25
            """
        let s = try CIF.parse(text).structure
        #expect(s.count == 3)  // Li once (merged), O twice
        #expect(s.composition[Element(symbol: "Li")!] == 1)
        #expect(s.composition[Element(symbol: "O")!] == 2)
        // Element from the label when there is no type symbol.
        #expect(s.sites[0].element.symbol == "Li")
    }

    @Test func reportsAndRefusesPartialOccupancy() throws {
        let text = """
            data_disordered
            _cell_length_a 4
            _cell_length_b 4
            _cell_length_c 4
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'P 1'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_occupancy
            Li1 Li 0 0 0 0.56(2)
            La1 La 0.5 0.5 0.5 1
            """
        let contents = try CIF.parse(text, file: "llzo-cubic.cif")
        #expect(contents.occupancies == [0.56, 1])
        #expect(!contents.isOrdered)
        #expect(contents.partiallyOccupiedSites.map(\.label) == ["Li1"])
        do {
            _ = try contents.requireOrdered()
            Issue.record("a partially occupied cell must be refused")
        } catch {
            #expect(error.file == "llzo-cubic.cif")
            #expect(error.kind == .partialOccupancy(sites: ["Li1 occupancy 0.56"]))
            #expect(error.description.contains("DFT needs an ordered cell"))
        }
    }

    @Test func spaceGroupWithoutOperatorsIsAnError() {
        let text = """
            data_x
            _cell_length_a 4
            _cell_length_b 4
            _cell_length_c 4
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _symmetry_space_group_name_H-M 'F m -3 m'
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Li1 0 0 0
            """
        #expect(throws: StructureFileError.self) { try CIF.parse(text, file: "x.cif") }
    }

    @Test func writerReadsBackExactly() throws {
        let lattice = Lattice(aA: 8.359, bA: 4.9767, cA: 6.194, alphaDeg: 90, betaDeg: 114.79, gammaDeg: 90)
        let s = Structure(lattice: lattice,
                          elements: [Element(symbol: "Li")!, Element(symbol: "C")!, Element(symbol: "O")!],
                          fractional: [Vector3(0.1965, 0.4484, 0.8342), Vector3(0, 0.0657, 0.25), Vector3(1.0 / 3.0, 0.1, 0.7)],
                          comment: "test")
        let back = try CIF.parse(CIF.string(s), file: "written.cif").requireOrdered()
        #expect(back.count == 3)
        #expect(back.elements == s.elements)
        #expect(back.fractionalPositions == s.fractionalPositions)
        let (a, b, c) = back.lattice.lengthsA
        #expect(abs(a - 8.359) < 1e-12 && abs(b - 4.9767) < 1e-12 && abs(c - 6.194) < 1e-12)
        #expect(abs(back.lattice.anglesDeg.beta - 114.79) < 1e-10)
        for i in 0..<3 { #expect(length(back.cartesianA(i) - s.cartesianA(i)) < 1e-10) }
    }

    @Test func numbersWithStandardUncertainty() throws {
        let token = CIFToken(kind: .value, text: "3.51(2)", line: 7, quoted: false)
        #expect(try CIFSyntax.number(token, field: "a", file: "f") == 3.51)
        #expect(try CIFSyntax.number(CIFToken(kind: .value, text: "-0.0639(3)", line: 1, quoted: false), field: "x", file: "f") == -0.0639)
        #expect(try CIFSyntax.number(CIFToken(kind: .value, text: "?", line: 1, quoted: false), field: "x", file: "f") == nil)
        #expect(try CIFSyntax.number(CIFToken(kind: .value, text: "1.2e-3", line: 1, quoted: false), field: "x", file: "f") == 0.0012)
    }
}

/// Symmetry operations in Jones-faithful notation.
@Suite struct SymmetryOperationTests {
    @Test func parsesCommonForms() throws {
        let op = try #require(SymmetryOperation(parsing: "x, -y+1/2, z"))
        #expect(op.apply(Vector3(0.1, 0.2, 0.3)) == Vector3(0.1, 0.3, 0.3))
        let hex = try #require(SymmetryOperation(parsing: "1/2+X,y-x,-Z"))
        let r = hex.apply(Vector3(0.1, 0.4, 0.25))
        #expect(abs(r.x - 0.6) < 1e-15 && abs(r.y - 0.3) < 1e-15 && r.z == -0.25)
        let decimal = try #require(SymmetryOperation(parsing: "-x+0.25, y, z-3/4"))
        #expect(decimal.translation == Vector3(0.25, 0, -0.75))
        #expect(SymmetryOperation(parsing: "x,y,z") == .identity)
        #expect(decimal.description == "-x+1/4, y, z-3/4")
    }

    @Test func rejectsMalformed() {
        for text in ["x, y", "x, y, w", "x y, z, 1", "x,,z", "x, y+, z", "x, 1/0, z"] {
            #expect(SymmetryOperation(parsing: text) == nil, "\(text)")
        }
    }
}
