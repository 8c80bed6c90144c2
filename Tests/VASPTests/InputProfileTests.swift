import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// Profiles: the default is the seed paper's protocol (PBE, PAW, D3, 450 eV, 1E-5, -0.03, ISIF 2/3).
@Suite struct InputProfileTests {
    @Test func defaultProfileIsThePapersProtocol() throws {
        let p = try InputTestStructures.defaultProfile()
        #expect(p.name == "li-interface-pbe-d3")
        let relax = p.incarValues(forTemplate: "relax"), bulk = p.incarValues(forTemplate: "bulk")
        #expect(relax["GGA"] == .string("PE"))
        #expect(relax["IVDW"] == .int(11))
        #expect(relax["ENCUT"]?.doubleValue == 450)
        #expect(relax["EDIFF"] == .real(1e-5))
        #expect(relax["EDIFFG"] == .real(-0.03))
        #expect(relax["ISIF"] == .int(2))
        #expect(bulk["ISIF"] == .int(3))
        // Gaussian smearing, 0.05 eV, for every calculation (VASP wiki, ISMEAR: mixed metal/insulator).
        #expect(relax["ISMEAR"] == .int(0) && relax["SIGMA"] == .real(0.05))
        #expect(bulk["ISMEAR"] == .int(0) && p.incarValues(forTemplate: "static")["ISMEAR"] == .int(0))
        #expect(p.allowEncutBelowEnmax)
        #expect(relax["PREC"] == .string("Accurate"))
        #expect(p.incarValues(forTemplate: "static")["NSW"] == .int(0))
        #expect(p.potcarVariants["Li"] == "Li_sv")
        #expect(p.potcarVariants["Zr"] == "Zr_sv")
        #expect(p.dipole == .auto)
        #expect(p.kpoints == .spacingPerA(0.2))
    }

    @Test func userProfileNextToTheStudyWinsAndPathsWork() throws {
        let study = try Fixtures.temporaryDirectory()
        let text = "name: mine\nincar:\n  ENCUT: 520\n"
        try text.write(to: study.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        #expect(try InputProfile.load(named: "mine", searchPaths: [study.path]).incar["ENCUT"]?.doubleValue == 520)
        let path = study.appendingPathComponent("mine.yaml").path
        #expect(try InputProfile.load(named: path).name == "mine")
    }

    @Test func profileWithoutPotcarSectionStillGetsSemicoreDefaults() throws {
        let p = try InputProfile.parse("name: bare\npotcar:\n  variants:\n    Zr: Zr\n", file: "bare.yaml")
        let li = Element(symbol: "Li")!, zr = Element(symbol: "Zr")!, o = Element(symbol: "O")!
        #expect(AssembledPotcar.spec(species: [li, zr, o], variants: p.potcarVariants) == "Li_sv\nZr\nO\n")
        #expect(PotcarVariants.variant(for: Element(symbol: "La")!) == "La")
    }

    @Test func missingProfileListsWhereItLooked() throws {
        let study = try Fixtures.temporaryDirectory()
        #expect {
            try InputProfile.load(named: "nope", searchPaths: [study.path])
        } throws: { e in
            guard let e = e as? InputError, case .profile(let why) = e.kind else { return false }
            return why.contains("\(study.path)/nope.yaml") && why.contains("\(study.path)/profiles/nope.yaml")
                && why.contains("templates/profiles/nope.yaml")
        }
    }

    @Test func unknownTagInProfileIsRefusedWithLineAndSuggestion() {
        #expect {
            try InputProfile.parse("name: x\nincar:\n  ENCUT: 450\n  SIGMAA: 0.1\n", file: "x.yaml")
        } throws: { e in
            guard let e = e as? InputError, case .unknownTag("SIGMAA", "SIGMA") = e.kind else { return false }
            return e.file == "x.yaml" && e.line == 4
        }
    }

    @Test func badValuesInProfileAreRefused() {
        #expect(throws: InputError.self) { try InputProfile.parse("incar:\n  ISIF: two\n", file: "x.yaml") }
        #expect(throws: InputError.self) { try InputProfile.parse("slab:\n  dipole: sometimes\n", file: "x.yaml") }
        #expect(throws: InputError.self) { try InputProfile.parse("colour: blue\n", file: "x.yaml") }
        #expect(throws: InputError.self) { try InputProfile.parse("potcar:\n  variants:\n    Li: Zr_sv\n", file: "x.yaml") }
        #expect(throws: InputError.self) { try InputProfile.parse("kpoints:\n  spacing_per_a: fine\n", file: "x.yaml") }
        #expect(throws: InputError.self) { try InputProfile.parse("kpoints:\n  spacing_per_a: .inf\n", file: "x.yaml") }
        #expect(throws: InputError.self) { try InputProfile.parse("slab:\n  minimum_vacuum_a: .nan\n", file: "x.yaml") }
    }

    @Test func keysAreSnakeCaseAndTheOldSpellingSuggestsTheNewOne() throws {
        let e1 = #expect(throws: InputError.self) { try InputProfile.parse("slab:\n  minimum_vacuum_A: 5\n", file: "x.yaml") }
        #expect(e1?.line == 2)
        #expect(e1?.message.contains("did you mean minimum_vacuum_a?") == true, "\(String(describing: e1))")
        let e2 = #expect(throws: InputError.self) { try InputProfile.parse("kpoints:\n  spacing_per_A: 0.2\n", file: "x.yaml") }
        #expect(e2?.message.contains("did you mean spacing_per_a?") == true, "\(String(describing: e2))")
        let e3 = #expect(throws: InputError.self) { try InputProfile.parse("potcars:\n  directory: x\n", file: "x.yaml") }
        #expect(e3?.line == 1)
        #expect(e3?.message.contains("did you mean potcar?") == true, "\(String(describing: e3))")
        let spacing = try InputProfile.parse("kpoints:\n  spacing_per_a: 0.25\n", file: "x.yaml").kpoints
        #expect(spacing == .spacingPerA(0.25))
    }
}
