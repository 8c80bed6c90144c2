import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// Inputs for an interface made by Crystal's InterfaceBuilder (bcc Li(001) on rock-salt LiF(001)):
/// the three cells share their lattice, so the consistency guard lets them through, and only the
/// asymmetric interface gets the dipole correction.
@Suite struct InputInterfaceBuilderTests {
    static func bccLi() -> Structure {
        Structure(lattice: .cubic(3.44), elements: [Element(symbol: "Li")!, Element(symbol: "Li")!],
                  fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5)], comment: "Li bcc")
    }

    static func rockSaltLiF() -> Structure {
        let li = Element(symbol: "Li")!, f = Element(symbol: "F")!
        let fcc = [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0), Vector3(0.5, 0, 0.5), Vector3(0, 0.5, 0.5)]
        return Structure(lattice: .cubic(4.027), elements: Array(repeating: li, count: 4) + Array(repeating: f, count: 4),
                         fractional: fcc + fcc.map { Structure.wrap($0 + Vector3(0.5, 0, 0)) }, comment: "LiF rock salt")
    }

    @Test func builtInterfacePassesTheGuardAndGetsADipoleCorrection() throws {
        let z001 = MillerIndex(0, 0, 1)!
        let li = SlabBuilder(bulk: Self.bccLi(), miller: z001), lif = SlabBuilder(bulk: Self.rockSaltLiF(), miller: z001)
        let options = InterfaceOptions(filmThickness: .layers(3), substrateThickness: .layers(2), gapA: 2.2, vacuumA: 12)
        let matcher = try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 120),
                                         filmThickness: options.filmThickness, substrateThickness: options.substrateThickness)
        let match = try #require(matcher.matches().first)
        let cells = try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build()

        let root = try Fixtures.temporaryDirectory("adhere-built-interface")
        let dirs = (root.appendingPathComponent("interface"), root.appendingPathComponent("film"), root.appendingPathComponent("substrate"))
        let written = try InputSetWriter(profile: try InputTestStructures.defaultProfile()).writeInterfaceSet(
            interface: cells.interface, film: cells.film, substrate: cells.substrate, to: dirs, potcar: .specOnly)
        // The asymmetric interface needs the dipole correction; both references take it as is
        // (same IDIPOL and DIPOL), so the three energies of W_ad are computed alike.
        #expect(written.map { $0.incar["LDIPOL"] } == [.bool(true), .bool(true), .bool(true)])
        #expect(Set(written.map { $0.incar["IDIPOL"] }) == [.int(3)])
        #expect(Set(written.map { $0.incar["DIPOL"]?.incarText }).count == 1)
        #expect(written.allSatisfy { $0.kpoints.divisions[2] == 1 && $0.incar["ISIF"] == .int(2) })
        #expect(Set(written.map { $0.kpoints.divisions }).count == 1)
        #expect(Set(written.map(\.inputHash)).count == 3)
        // POSCAR written as the builder made it: read back, same atoms.
        let back = try POSCAR.read(path: dirs.0.appendingPathComponent("POSCAR").path)
        #expect(back.count == cells.interface.count)
        #expect(back.lattice == cells.interface.lattice)
    }
}
