import Foundation
import Testing
import TestSupport
@testable import Crystal

/// Issue 13: hostile structure files are refused with the file, the line and what was expected,
/// and never crash, allocate without bound, or come back as a wrong structure.
@Suite struct InputValidationTests {
    static let cell = "test\n1.0\n4 0 0\n0 4 0\n0 0 4\n"

    static func poscarError(_ text: String) -> StructureFileError? {
        do { _ = try POSCAR.parse(text, file: "p/POSCAR"); return nil } catch { return error }
    }

    static func cif(atoms: String, ops: String = "'x, y, z'", cell: String = "4 4 4 90 90 90", occupancy: Bool = true) -> String {
        let p = cell.split(separator: " ")
        return """
            data_t
            _cell_length_a \(p[0])
            _cell_length_b \(p[1])
            _cell_length_c \(p[2])
            _cell_angle_alpha \(p[3])
            _cell_angle_beta \(p[4])
            _cell_angle_gamma \(p[5])
            loop_
            _symmetry_equiv_pos_as_xyz
            \(ops)
            loop_
            _atom_site_type_symbol
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            \(occupancy ? "_atom_site_occupancy" : "")
            \(atoms)

            """
    }

    static func cifError(_ text: String) -> StructureFileError? {
        do { _ = try CIF.parse(text, file: "c.cif"); return nil } catch { return error }
    }

    /// IUPAC's 118 symbols (IUPAC Periodic Table of the Elements, 2022), in order of Z.
    static let iupacSymbols = """
        H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr \
        Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu \
        Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg \
        Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og
        """.split(separator: " ").map(String.init)

    @Test func everyElementIsKnownByItsExactSymbol() {
        #expect(Self.iupacSymbols.count == 118)
        for (k, symbol) in Self.iupacSymbols.enumerated() {
            #expect(Element(symbol: symbol)?.atomicNumber == k + 1, "\(symbol)")
            #expect(Element(speciesLabel: symbol + "_sv")?.atomicNumber == k + 1, "\(symbol)_sv")
            #expect(Element(speciesLabel: symbol + "3+")?.atomicNumber == k + 1, "\(symbol)3+")
        }
        // The prefix matches of the issue: never the lighter element.
        for (label, z) in [("Cm", 96), ("Cf", 98), ("Cn", 112), ("No", 102), ("Bk", 97), ("Fm", 100), ("Hs", 108)] {
            #expect(Element(speciesLabel: label)?.atomicNumber == z, "\(label)")
        }
        for unknown in ["Xx", "Ow", "Qq1", "", "1", "Uuo"] { #expect(Element(speciesLabel: unknown) == nil, "\(unknown)") }
    }

    @Test func poscarWithCuriumIsCurium() throws {
        let s = try POSCAR.parse(Self.cell + "Cm No\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n")
        #expect(s.elements.map(\.atomicNumber) == [96, 102])
        let e = try #require(Self.poscarError(Self.cell + "Li Xx\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n"))
        #expect(e.kind == .unknownElement("Xx") && e.line == 6)
    }

    @Test func atomCountsAreCheckedBeforeAllocating() throws {
        let limit = StructureLimits.maxAtoms
        for (counts, kind) in [("-5", StructureFileError.Kind.outOfRange(field: "atom count", value: -5, expected: "a positive integer")),
                               ("0", .outOfRange(field: "atom count", value: 0, expected: "a positive integer")),
                               ("1000000000", .tooManyAtoms(found: 1_000_000_000, limit: limit)),
                               ("9223372036854775807", .tooManyAtoms(found: Int.max, limit: limit)),
                               ("99999999999999999999", .tooManyAtoms(found: Int.max, limit: limit)),
                               ("60000 60000", .tooManyAtoms(found: 120_000, limit: limit))] {
            let species = counts.contains(" ") ? "Li O" : "Li"
            let e = try #require(Self.poscarError(Self.cell + "\(species)\n\(counts)\nDirect\n0 0 0\n"), "\(counts)")
            #expect(e.kind == kind, "\(counts)")
            #expect(e.line == 7, "\(counts)")
        }
    }

    @Test func physicalRangesAndGeometry() throws {
        // Atoms on top of each other: the error names the second atom's line.
        let overlap = try #require(Self.poscarError(Self.cell + "Li\n2\nDirect\n0 0 0\n0 0 0.00001\n"))
        #expect(overlap.line == 10)
        guard case .atomsTooClose(_, _, let d, let floor) = overlap.kind else { Issue.record("\(overlap)"); return }
        #expect(d < 1e-3 && floor == 0.5)
        // Zero volume.
        let flat = try #require(Self.poscarError("t\n1.0\n4 0 0\n0 4 0\n0 0 0\nLi\n1\nDirect\n0 0 0\n"))
        #expect(flat.kind == .degenerateCell(volumeA3: 0))
        // Coordinates of ±1e308 (cartesian) must not turn into inf: refused.
        let huge = try #require(Self.poscarError(Self.cell + "Li\n1\nCartesian\n1e308 -1e308 0\n"))
        #expect(huge.line == 9)
        // A scale factor of zero; a lattice vector of 1e12 Å.
        #expect(Self.poscarError("t\n0\n4 0 0\n0 4 0\n0 0 4\nLi\n1\nDirect\n0 0 0\n")?.line == 2)
        #expect(Self.poscarError("t\n1\n1e12 0 0\n0 4 0\n0 0 4\nLi\n1\nDirect\n0 0 0\n") != nil)
        // Close but above the floor: accepted, with a warning (Li–Li 1.0 Å < 0.5 × 2 × 1.28 Å).
        let close = try POSCAR.parse(Self.cell + "Li\n2\nCartesian\n0 0 0\n1.0 0 0\n")
        let warnings = try StructureCheck.validate(close, file: "p/POSCAR")
        #expect(warnings.count == 1)
    }

    @Test func cifOccupanciesAndSymmetry() throws {
        // Occupancy 2 is an error naming the line; 0.5 is read and flagged as disorder.
        let two = try #require(Self.cifError(Self.cif(atoms: "Li Li1 0 0 0 2")))
        #expect(two.kind == .badOccupancy(site: "Li1", value: 2) && two.line == 18)
        let half = try CIF.parse(Self.cif(atoms: "Li Li1 0 0 0 0.5"))
        #expect(!half.isOrdered)
        #expect(throws: StructureFileError.self) { try half.requireOrdered() }
        // Two half-occupied species on one site are fine; two full ones are not.
        #expect(try CIF.parse(Self.cif(atoms: "Li Li1 0 0 0 0.5\nNa Na1 0 0 0 0.5")).structure.count == 2)
        #expect(Self.cifError(Self.cif(atoms: "Li Li1 0 0 0 1\nNa Na1 0 0 0 1")) != nil)
        // x, x, x is no isometry; -y, x-y, z is one of a hexagonal cell but not of a cubic one.
        let xxx = try #require(Self.cifError(Self.cif(atoms: "Li Li1 0.1 0.2 0.3 1", ops: "'x, y, z'\n'x, x, x'")))
        #expect(xxx.kind == .symmetryNotIsometry("x, x, x") && xxx.line == 11)
        let hexOp = "'x, y, z'\n'-y, x-y, z'\n'-x+y, -x, z'"
        #expect(try CIF.parse(Self.cif(atoms: "Li Li1 0.333333 0.666667 0 1", ops: hexOp, cell: "3 3 5 90 90 120")).structure.count == 1)
        #expect(Self.cifError(Self.cif(atoms: "Li Li1 0.1 0.2 0 1", ops: hexOp))?.kind == .symmetryNotIsometry("-y, x-y, z"))
        // Zero atoms.
        #expect(Self.cifError(Self.cif(atoms: "", occupancy: false)) != nil)
    }

    @Test func specialAndOversizedFilesAreRefusedBeforeReading() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-special")
        defer { try? FileManager.default.removeItem(at: dir) }
        // A FIFO: opening it would block until a writer comes; it must be refused at once. A
        // guard thread opens it for writing after 20 s so a regression fails instead of hanging.
        let fifo = dir.appendingPathComponent("POSCAR").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let guardThread = Thread(block: { sleep(20); let fd = open(fifo, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } })
        guardThread.start()
        for format in StructureFile.Format.allCases {
            #expect(throws: StructureFileError(file: fifo, line: nil, .unusableFile(.notRegular(kind: "FIFO (named pipe)")))) {
                try StructureFile.read(path: fifo, format: format)
            }
        }
        #expect(throws: StructureFileError(file: dir.path, line: nil, .unusableFile(.notRegular(kind: "directory")))) {
            try StructureFile.read(path: dir.path, format: .poscar)
        }
        // A 50 MB CIF (sparse: nothing is written or read) is refused by its size.
        let big = dir.appendingPathComponent("big.cif").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 50 << 20) == 0)
        #expect(throws: StructureFileError(file: big, line: nil,
                                           .unusableFile(.tooLarge(bytes: 50 << 20, limitBytes: StructureLimits.maxCIFBytes)))) {
            try StructureFile.read(path: big)
        }
    }
}
