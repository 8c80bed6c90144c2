import Foundation
import Checksum
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// Rendering INCARs from the templates: role-specific tags, dipole correction, profile extras.
@Suite struct InputSetWriterTests {
    let writer: InputSetWriter

    init() throws { writer = InputSetWriter(profile: try InputTestStructures.defaultProfile()) }

    @Test func interfaceRelaxationHasISIF2AndDipoleCorrection() throws {
        let set = try writer.render(structure: InputTestStructures.interface, role: .interface)
        #expect(set.incar["ISIF"] == .int(2))
        #expect(set.incar["LDIPOL"] == .bool(true))
        #expect(set.incar["IDIPOL"] == .int(3))
        // Centre of the atoms: 7.655 Å / 2 of 23 Å = 0.166413 (6 decimals).
        #expect(set.incar["DIPOL"] == .reals([0.5, 0.5, 0.166413]))
        #expect(set.incar["ISYM"] == .int(0))
        #expect(set.incar["LREAL"] == .string("Auto"))
    }

    @Test func symmetricSlabsGetNoDipoleUnlessAskedFor() throws {
        let film = try writer.render(structure: InputTestStructures.film, role: .slab)
        #expect(film.incar["LDIPOL"] == nil)
        var profile = writer.profile
        profile.dipole = .on
        let forced = try InputSetWriter(profile: profile).render(structure: InputTestStructures.film, role: .slab)
        #expect(forced.incar["LDIPOL"] == .bool(true))
        profile.dipole = .off
        #expect(try InputSetWriter(profile: profile).render(structure: InputTestStructures.interface, role: .interface).incar["LDIPOL"] == nil)
    }

    @Test func bulkRelaxationHasISIF3AndStaticHasNoIonicSteps() throws {
        let bulk = try writer.render(structure: InputTestStructures.bulkLi, role: .bulk)
        #expect(bulk.incar["ISIF"] == .int(3))
        #expect(bulk.incar["LDIPOL"] == nil)
        #expect(bulk.kpoints.divisions == [10, 10, 10])
        let single = try writer.render(structure: InputTestStructures.interface, role: .interface, calculation: .static)
        #expect(single.incar["NSW"] == .int(0))
        #expect(single.incar["IBRION"] == .int(-1))
        #expect(single.incar["ISIF"] == nil)
    }

    @Test func slabRoleWithoutVacuumIsRefused() {
        #expect {
            try writer.render(structure: InputTestStructures.bulkLi, role: .slab)
        } throws: { e in
            guard let e = e as? InputError, case .structure(let why) = e.kind else { return false }
            return why.contains("vacuum")
        }
    }

    @Test func flatCellIsRefused() {
        let flat = Structure(lattice: Lattice([[3, 0, 0], [0, 3, 0], [3, 3, 0]]), elements: [Element(symbol: "Li")!],
                             fractional: [Vector3(0, 0, 0)])
        #expect(throws: InputError.self) { try writer.render(structure: flat, role: .bulk) }
    }

    @Test func profileTagsTheTemplateDoesNotNameAreAppended() throws {
        var profile = writer.profile
        profile.incar["NCORE"] = .int(4)
        let set = try InputSetWriter(profile: profile).render(structure: InputTestStructures.interface, role: .interface)
        #expect(set.incar["NCORE"] == .int(4))
        #expect(set.incarText.contains("# Other tags from the profile\nNCORE = 4\n"))
    }

    @Test func templateVariableWithoutProfileValueIsAnError() throws {
        var profile = writer.profile
        profile.incar["PREC"] = nil
        #expect {
            try InputSetWriter(profile: profile).render(structure: InputTestStructures.interface, role: .interface)
        } throws: { e in
            guard let e = e as? InputError, case .template(let why) = e.kind else { return false }
            return why.contains("{{PREC}}")
        }
    }

    @Test func userTemplateBesideTheProfileIsUsedAndValidated() throws {
        let study = try Fixtures.temporaryDirectory()
        try "name: typo\ntemplates:\n  relax: my-relax.mustache\nincar:\n  ENCUT: 450\n"
            .write(to: study.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
        try "ENCUT = {{ENCUT}}\nISMEARR = 1\n".write(to: study.appendingPathComponent("my-relax.mustache"), atomically: true, encoding: .utf8)
        let profile = try InputProfile.load(named: "typo", searchPaths: [study.path])
        #expect {
            try InputSetWriter(profile: profile).render(structure: InputTestStructures.interface, role: .interface)
        } throws: { e in
            guard let e = e as? InputError, case .unknownTag("ISMEARR", "ISMEAR") = e.kind else { return false }
            return e.line == 2
        }
    }

    @Test func inputHashIsStableAndTracksEveryInput() throws {
        let a = try writer.render(structure: InputTestStructures.interface, role: .interface)
        let b = try writer.render(structure: InputTestStructures.interface, role: .interface)
        #expect(a.inputHash == b.inputHash)
        #expect(a.inputHash.count == 64)
        var profile = writer.profile
        profile.incar["ENCUT"] = .real(500)
        #expect(try InputSetWriter(profile: profile).render(structure: InputTestStructures.interface, role: .interface).inputHash != a.inputHash)
        profile = writer.profile
        profile.potcarVariants["Li"] = "Li"
        #expect(try InputSetWriter(profile: profile).render(structure: InputTestStructures.interface, role: .interface).inputHash != a.inputHash)
    }

    /// The input identity's encoding (each file as name, NUL, text, NUL) is pinned, so hashes in
    /// existing state stores stay valid. Expected value: Python's hashlib.sha256(
    /// b"INCAR\x00ENCUT = 450\nEDIFF = 1e-5\n\x00POSCAR\x00Li\n\x00").hexdigest().
    @Test func inputIdentityEncodingMatchesHashlib() {
        #expect(SHA256.hex(namedTexts: [("INCAR", "ENCUT = 450\nEDIFF = 1e-5\n"), ("POSCAR", "Li\n")])
                == "967325fb2d2838c48d6900fcbb3fb90fb522cb67e4c8312dcfb3c23138a862fd")
    }
}
