import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// INCAR reading and validation. Expected values are the VASP manual's meaning of the text
/// (hand-read), not output of Adhere.
@Suite struct InputIncarTests {
    @Test func readsTypedValuesCommentsSeparatorsAndRepeats() throws {
        let text = """
            SYSTEM = Li on LiF   # a title
            ENCUT = 450 ; PREC = acc   ! PREC by prefix, as VASP reads it
            EDIFF = 1E-5
            LWAVE = F
            LDIPOL = .TRUE.
            MAGMOM = 2*0.6 1.0
            LREAL = Auto
            ismear = 1
            """
        let incar = try Incar.parse(text)
        #expect(incar["SYSTEM"] == .string("Li on LiF"))
        #expect(incar["ENCUT"]?.doubleValue == 450)
        #expect(incar["PREC"] == .string("Accurate"))
        #expect(incar["EDIFF"] == .real(1e-5))
        #expect(incar["LWAVE"] == .bool(false))
        #expect(incar["LDIPOL"] == .bool(true))
        #expect(incar["MAGMOM"] == .reals([0.6, 0.6, 1.0]))
        #expect(incar["LREAL"] == .string("Auto"))
        #expect(incar["ISMEAR"] == .int(1))
        #expect(incar.tags == ["SYSTEM", "ENCUT", "PREC", "EDIFF", "LWAVE", "LDIPOL", "MAGMOM", "LREAL", "ISMEAR"])
    }

    @Test func writtenTextReadsBackEqual() throws {
        let incar = try Incar([("ENCUT", .real(450)), ("EDIFFG", .real(-0.03)), ("MAGMOM", .reals([0, 0, 0, 0, 1])),
                               ("LDAUL", .ints([2, -1])), ("GGA", .string("PE")), ("LASPH", .bool(true))])
        #expect(try Incar.parse(incar.description) == incar)
        #expect(incar.description.contains("MAGMOM = 4*0 1\n"))
    }

    /// Round trip: any value written as INCAR text reads back identical (seeded random sweep).
    @Test func everyValueReadsBackExactly() {
        var rng = SplitMix64(seed: 20261125)
        for case_ in 0..<2000 {
            let r = Double(bitPattern: rng.next() & 0x7fef_ffff_ffff_ffff) * (rng.next() % 2 == 0 ? 1 : -1)
            let small = Double(Int64(bitPattern: rng.next()) % 1_000_000) / 997
            let ints = (0..<Int(rng.next() % 6 + 1)).map { _ in Int(Int64(bitPattern: rng.next()) % 5) }
            let cases: [(IncarValue, IncarValueKind)] = [
                (.real(r), .real), (.real(small), .real), (.reals([small, small, r, 0]), .reals),
                (.ints(ints), .ints), (.int(Int(Int32(truncatingIfNeeded: rng.next()))), .int),
                (.bool(rng.next() % 2 == 0), .bool),
            ]
            for (value, kind) in cases {
                #expect(IncarValue.parse(value.incarText, as: kind) == value, "case \(case_): \(value.incarText)")
            }
        }
    }

    @Test func unknownTagIsAnErrorWithDidYouMean() {
        #expect {
            try Incar.parse("PREC = Accurate\nENCUTT = 450\n", file: "INCAR")
        } throws: { e in
            guard let e = e as? InputError, case .unknownTag("ENCUTT", let suggestion) = e.kind else { return false }
            return suggestion == "ENCUT" && e.line == 2 && e.description.hasPrefix("INCAR:2: unknown INCAR tag") && e.description.contains("did you mean ENCUT?")
        }
        #expect {
            try Incar.parse("IVDV = 11\n")
        } throws: { e in
            guard let e = e as? InputError, case .unknownTag(_, let suggestion) = e.kind else { return false }
            return suggestion == "IVDW"
        }
    }

    @Test func farFromAnyTagGetsNoSuggestion() {
        #expect(IncarTags.suggestion(for: "FOOBARBAZQUX") == nil)
        #expect {
            try Incar.parse("FOOBARBAZQUX = 1\n")
        } throws: { e in
            guard let e = e as? InputError, case .unknownTag(_, nil) = e.kind else { return false }
            return true
        }
    }

    @Test func unknownTagsCanBeKeptWhenReadingOthersFiles() throws {
        let incar = try Incar.parse("ENCUT = 400\nLCLIMB = .TRUE.\n", allowUnknownTags: true)
        #expect(incar["LCLIMB"] == .string(".TRUE."))
        #expect(incar["ENCUT"]?.doubleValue == 400)
        #expect(throws: InputError.self) { try Incar.parse("ENCUT = 40O\n", allowUnknownTags: true) }
    }

    @Test func editDistanceMatchesHandCounts() {
        #expect(EditDistance.levenshtein("kitten", "sitting") == 3)
        #expect(EditDistance.levenshtein("ENCUT", "ENCUT") == 0)
        #expect(EditDistance.levenshtein("", "ISIF") == 4)
        #expect(EditDistance.levenshtein("EDIFFG", "EDIFF") == 1)
    }

    @Test(arguments: [
        ("ISMEAR = 0.5", "ISMEAR"), ("LDIPOL = yes", "LDIPOL"), ("PREC = Superb", "PREC"),
        ("ENCUT = 450eV", "ENCUT"), ("MAGMOM = 1 two 3", "MAGMOM"), ("LDAUL = 2 1.5", "LDAUL"), ("LREAL = Maybe", "LREAL"),
    ])
    func wrongValueTypeIsAnError(line: String, tag: String) {
        #expect {
            try Incar.parse(line + "\n", file: "INCAR")
        } throws: { e in
            guard let e = e as? InputError, case .wrongType(let t, _, _) = e.kind else { return false }
            return t == tag && e.line == 1
        }
    }

    @Test func malformedAndDuplicateLinesAreErrors() {
        #expect(throws: InputError(file: "INCAR", line: 2, .malformedLine("ENCUT 450"))) {
            try Incar.parse("PREC = Normal\nENCUT 450\n", file: "INCAR")
        }
        #expect(throws: InputError(file: "INCAR", line: 2, .duplicateTag("ENCUT"))) {
            try Incar.parse("ENCUT = 400\nENCUT = 450\n", file: "INCAR")
        }
    }

    /// The interface has 53 Li + 26 F = 79 atoms (26 Li and 26 F in two 13-site LiF layers, 27 Li
    /// in three 3×3 Li layers), species Li, F.
    @Test func magmomNeedsOneValuePerAtom() throws {
        let interface = InputTestStructures.interface
        #expect(interface.count == 79)
        try Incar.parse("ISPIN = 2\nMAGMOM = 79*0.6\n").validate(for: interface)
        #expect(throws: InputError(file: "<INCAR>", .wrongLength(tag: "MAGMOM", expected: 79, found: 78, per: "one per atom, 79 atoms"))) {
            try Incar.parse("ISPIN = 2\nMAGMOM = 78*0.6\n").validate(for: interface)
        }
        try Incar.parse("LNONCOLLINEAR = .TRUE.\nMAGMOM = 237*0\n").validate(for: interface)
        #expect(throws: InputError.self) {
            try Incar.parse("LSORBIT = T\nMAGMOM = 79*0\n").validate(for: interface)
        }
    }

    @Test func ldauListsNeedOneValuePerSpecies() throws {
        let interface = InputTestStructures.interface
        try Incar.parse("LDAU = T\nLDAUL = -1 -1\nLDAUU = 0 0\nLDAUJ = 0 0\n").validate(for: interface)
        #expect {
            try Incar.parse("LDAU = T\nLDAUL = -1 -1 2\n").validate(for: interface)
        } throws: { e in
            guard let e = e as? InputError, case .wrongLength("LDAUL", 2, 3, let per) = e.kind else { return false }
            return per.contains("Li F")
        }
        #expect(throws: InputError.self) { try Incar.parse("LDAUU = 4.0\n").validate(for: interface) }
    }
}
