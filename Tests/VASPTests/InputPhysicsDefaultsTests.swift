import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// Inputs that fit the physics: LREAL by cell size (VASP wiki, LREAL: Auto for more than ~20
/// atoms) with an interface's references sharing its value, and ENCUT against the POTCARs'
/// ENMAX, on SYNTHETIC POTCAR headers (Li_sv ENMAX 499.034 eV, F 400.000 eV, as PBE.54 prints them).
@Suite struct InputPhysicsDefaultsTests {
    let writer: InputSetWriter
    init() throws { writer = InputSetWriter(profile: try InputTestStructures.defaultProfile()) }

    /// A 2-atom bulk and a 9-atom slab get LREAL = .FALSE. though the relax profile says Auto;
    /// the 79-atom interface keeps Auto and its references (27 and 52 atoms) take its Auto.
    @Test func smallCellsProjectInReciprocalSpace() throws {
        let li = SlabBuilder(bulk: InputTestStructures.bulkLi, miller: MillerIndex(0, 0, 1)!)
        let slab = try li.slab(thickness: .layers(9), vacuumA: 12).structure
        #expect(slab.count == 9)
        #expect(try writer.render(structure: slab, role: .slab).incar["LREAL"] == .bool(false))
        let sets = try writer.renderInterfaceSet(interface: InputTestStructures.interface, film: InputTestStructures.film,
                                                 substrate: InputTestStructures.substrate)
        #expect(sets.map { $0.incar["LREAL"] } == [.string("Auto"), .string("Auto"), .string("Auto")])
        #expect(InputSetWriter.projection(profileValue: .string("Auto"), atoms: 20) == .bool(false))
        #expect(InputSetWriter.projection(profileValue: .string("Auto"), atoms: 21) == .string("Auto"))
    }

    /// ENCUT 450 eV < ENMAX 499.034 eV of Li_sv: refused unless the profile allows it explicitly
    /// (the default profile does, to reproduce the paper, and says so).
    @Test func encutBelowEnmaxIsAnErrorUnlessAllowed() throws {
        let library = try InputTestStructures.syntheticLibrary()
        var profile = try InputTestStructures.defaultProfile()
        #expect(profile.allowEncutBelowEnmax)
        profile.allowEncutBelowEnmax = false
        let strict = InputSetWriter(profile: profile)
        let dir = try Fixtures.temporaryDirectory()
        #expect {
            _ = try strict.write(structure: InputTestStructures.interface, role: .interface, to: dir,
                                 potcar: .library(PotcarLibrary(roots: [library.path])))
        } throws: { e in
            guard let e = e as? InputError, case .profile(let why) = e.kind else { return false }
            return why.contains("ENCUT = 450") && why.contains("499.034") && why.contains("allow_encut_below_enmax")
        }
        profile.incar = try Incar(profile.incar.entries.map { $0.tag == "ENCUT" ? ("ENCUT", .real(520)) : ($0.tag, $0.value) })
        _ = try InputSetWriter(profile: profile).write(structure: InputTestStructures.interface, role: .interface, to: dir,
                                                       potcar: .library(PotcarLibrary(roots: [library.path])))
    }
}
