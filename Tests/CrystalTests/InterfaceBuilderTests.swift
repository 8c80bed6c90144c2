import Foundation
import Testing
@testable import Crystal

/// Interfaces and their reference cells, on bcc Li over rock-salt LiF built in code.
@Suite struct InterfaceBuilderTests {
    let z001 = MillerIndex(0, 0, 1)!

    func builders() -> (SlabBuilder, SlabBuilder) {
        (SlabBuilder(bulk: SurfaceTestStructures.bccLi(), miller: z001),
         SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: z001))
    }

    @Test func referenceCellsShareLatticeAndPositions() throws {
        let (li, lif) = builders()
        let options = InterfaceOptions(filmThickness: .layers(5), substrateThickness: .layers(4), gapA: 2.2, vacuumA: 12,
                                       fixSubstrateBottomLayers: 2)
        let matcher = try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 250),
                                         filmThickness: options.filmThickness, substrateThickness: options.substrateThickness)
        let match = try #require(matcher.matches().first)
        let set = try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build()
        #expect(set.interface.lattice == set.film.lattice && set.interface.lattice == set.substrate.lattice)
        #expect(set.interface.count == set.film.count + set.substrate.count)
        #expect(set.film.count == match.filmAtoms && set.substrate.count == match.substrateAtoms)
        // Every reference atom is bit-for-bit where it is in the interface.
        #expect(Set(set.film.sites).isSubset(of: Set(set.interface.sites)))
        #expect(Set(set.substrate.sites).isSubset(of: Set(set.interface.sites)))
        #expect(Set(set.film.sites + set.substrate.sites) == Set(set.interface.sites))
        // Substrate below, film above, separated by the gap; c = thicknesses + gap + vacuum.
        let subZ = set.substrate.cartesianPositionsA.map(\.z), filmZ = set.film.cartesianPositionsA.map(\.z)
        #expect(abs(filmZ.min()! - subZ.max()! - 2.2) < 1e-9)
        let c = set.interface.lattice.c.z
        #expect(abs(c - (3 * 4.027 / 2 + 2.2 + 4 * 1.72 + 12)) < 1e-9)
        #expect(abs(set.areaA2 - match.areaA2) < 1e-9)
        #expect(set.filmLayers == 5 && set.substrateLayers == 4)
        // The film takes the substrate lattice: its nearest-neighbour pattern is strained.
        #expect(set.interface.sites.filter { $0.selectiveDynamics == [false, false, false] }.count == match.substrateAtoms / 2)
        #expect(set.minimumDistanceA > 1.5)
    }

    @Test func explicitPaperCellBuildsWithAWarning() throws {
        let (li, lif) = builders()
        let matcher = try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 200))
        let eval = try matcher.evaluate(filmMatrix: .diagonal(4, 4), substrateMatrix: .diagonal(3, 3))
        let set = try InterfaceBuilder(film: li, substrate: lif, match: eval.match,
                                       options: InterfaceOptions(filmThickness: .layers(3), substrateThickness: .layers(2))).build()
        #expect(set.film.count == 48 && set.substrate.count == 72)
        #expect(abs(set.areaA2 - 9 * 4.027 * 4.027) < 1e-9)
        #expect(set.warnings.contains { $0.contains("not coherent") })
    }

    @Test func atomsTooCloseIsAnError() throws {
        let (li, lif) = builders()
        let match = try #require(try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 100)).matches().first)
        let options = InterfaceOptions(filmThickness: .layers(2), substrateThickness: .layers(2), gapA: 0.3)
        #expect(throws: InterfaceError.self) { try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build() }
    }

    @Test func shiftMovesOnlyTheFilm() throws {
        let (li, lif) = builders()
        let match = try #require(try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 100)).matches().first)
        var options = InterfaceOptions(filmThickness: .layers(2), substrateThickness: .layers(2))
        let plain = try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build()
        options.shiftFractional = Vector2(0.25, 0.5)
        let shifted = try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build()
        #expect(plain.substrate.sites == shifted.substrate.sites)
        for (p, s) in zip(plain.film.sites, shifted.film.sites) {
            let d = Structure.wrap(s.fractional - p.fractional)
            #expect(abs(d.x - 0.25) < 1e-9 && abs(d.y - 0.5) < 1e-9 && abs(s.fractional.z - p.fractional.z) < 1e-12)
        }
    }
}
