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
                                       substrateFixed: .bottomLayers(2))
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

    /// The paper's LiF cell (Li 4×4 on LiF 3×3: 3·4.027/(4·3.44) − 1 = −12.2 %) is refused by
    /// default, naming the strain and a better cell; allowed explicitly it builds with a warning.
    @Test func explicitPaperCellIsRefusedUnlessAllowed() throws {
        let (li, lif) = builders()
        let matcher = try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 200))
        let eval = try matcher.evaluate(filmMatrix: .diagonal(4, 4), substrateMatrix: .diagonal(3, 3))
        var options = InterfaceOptions(filmThickness: .layers(3), substrateThickness: .layers(2), gapA: 2.0)
        do {
            _ = try InterfaceBuilder(film: li, substrate: lif, match: eval.match, options: options).build()
            Issue.record("the −12 % cell was built")
        } catch {
            #expect("\(error)".contains("-12.2 %") && "\(error)".contains("better cell"))
        }
        options.allowLargeStrain = true
        let set = try InterfaceBuilder(film: li, substrate: lif, match: eval.match, options: options).build()
        #expect(set.film.count == 48 && set.substrate.count == 72)
        #expect(abs(set.areaA2 - 9 * 4.027 * 4.027) < 1e-9)
        #expect(set.warnings.contains { $0.contains("not coherent") })
    }

    /// The distance guard is species-aware: Li–Li at 1.68 Å is 1.68 / (2 × 1.28) = 0.66 of the
    /// Cordero covalent-radius sum, below the 0.75 default; the old 0.7 Å guard let it pass.
    @Test func liLiAtOnePointSixEightIsRefused() throws {
        let li = SurfaceTestStructures.li
        let s = Structure(lattice: Lattice([[6, 0, 0], [0, 6, 0], [0, 0, 20]]), elements: [li, li],
                          fractional: [Vector3(0, 0, 0.5), Vector3(0, 0, 0.5 + 1.68 / 20)])
        let c = Separation.closestContact(s)
        #expect(c.pair == "Li-Li" && abs(c.distanceA - 1.68) < 1e-9 && abs(c.fraction - 1.68 / 2.56) < 1e-9)
        #expect(c.fraction < InterfaceOptions().minimumDistanceFraction)
    }

    /// Starting gap by hand: an O atom below a Li atom directly above it needs the covalent
    /// radius sum 0.66 + 1.28 = 1.94 Å; shifted by half a 5 Å cell diagonal (3.54 Å lateral,
    /// more than 1.94) only the 1.5 Å floor remains.
    @Test func speciesAwareStartingGapByHand() throws {
        let lat = Lattice([[5, 0, 0], [0, 5, 0], [0, 0, 20]])
        let sub = Structure(lattice: lat, elements: [SurfaceTestStructures.o], fractional: [Vector3(0, 0, 0.5)])
        let film = Structure(lattice: lat, elements: [SurfaceTestStructures.li], fractional: [Vector3(0, 0, 0.5)])
        #expect(abs(Separation.startingGapA(substrate: sub, film: film, shiftFractional: Vector2(0, 0)) - 1.94) < 1e-9)
        #expect(abs(Separation.startingGapA(substrate: sub, film: film, shiftFractional: Vector2(0.5, 0.5)) - 1.5) < 1e-9)
    }

    /// Fixed regions: the same atoms are fixed in the interface and in its two references.
    @Test func fixedAtomsAreTheSameInTheInterfaceAndReferences() throws {
        let (li, lif) = builders()
        let match = try #require(try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 120)).preferredMatch())
        let options = InterfaceOptions(filmThickness: .layers(5), substrateThickness: .layers(4), substrateFixed: .bottomFraction(0.5),
                                       filmFixed: .topA(2.0))
        let set = try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build()
        let fixedIn = { (s: Structure) in Set(s.sites.filter { $0.selectiveDynamics == [false, false, false] }) }
        #expect(fixedIn(set.interface) == fixedIn(set.film).union(fixedIn(set.substrate)))
        #expect(!fixedIn(set.film).isEmpty && !fixedIn(set.substrate).isEmpty)
        // LiF 4 planes (6.04 Å): bottom half = planes at 0 and 2.01 Å; Li 5 planes: top 2 Å = 2 planes.
        #expect(set.construction.substrateFixedAtoms == set.substrate.count / 2 && set.construction.filmFixedAtoms == 2 * set.film.count / 5)
        #expect(set.construction.separationSource.contains("species-aware"))
    }

    @Test func atomsTooCloseIsAnError() throws {
        let (li, lif) = builders()
        let match = try #require(try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 100)).matches().first)
        let options = InterfaceOptions(filmThickness: .layers(2), substrateThickness: .layers(2), gapA: 0.3, allowLargeStrain: true)
        #expect(throws: InterfaceError.self) { try InterfaceBuilder(film: li, substrate: lif, match: match, options: options).build() }
    }

    @Test func shiftMovesOnlyTheFilm() throws {
        let (li, lif) = builders()
        let match = try #require(try LatticeMatcher(film: li, substrate: lif, limits: MatchLimits(maxAreaA2: 100)).matches().first)
        var options = InterfaceOptions(filmThickness: .layers(2), substrateThickness: .layers(2), gapA: 2.2)
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
