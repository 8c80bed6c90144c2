import Foundation
import Testing
@testable import Crystal

/// Lattice matching on square and hexagonal cells, checked against hand calculations.
@Suite struct LatticeMatchTests {
    static func square(_ a: Double, atoms: Int = 1) -> MatchSurface {
        MatchSurface(cell: Lattice2D(aA: a, bA: a, gammaDeg: 90), atomsPerCell: atoms)
    }

    @Test(arguments: [(1, 1), (2, 3), (4, 7), (6, 12), (12, 28)])
    func hermiteNormalFormsCountIsSigma(n: Int, sigma: Int) {
        let forms = Lattice2D.hermiteNormalForms(determinant: n)
        #expect(forms.count == sigma)
        #expect(forms.allSatisfy { $0.determinant == n })
        #expect(Set(forms).count == sigma)
    }

    @Test func reductionFindsShortestVectorsAndKeepsHandedness() {
        let cell = Lattice2D(aA: 3, bA: 3, gammaDeg: 60)
        let skew = cell.supercell(IntMatrix2([[1, 0], [5, 1]]))
        let (r, m) = skew.reduced()
        #expect(abs(r.lengthAA - 3) < 1e-9 && abs(r.lengthBA - 3) < 1e-9)
        #expect(m.determinant == 1)
        #expect(r.signedAreaA2 > 0)
        let back = skew.supercell(m)
        #expect(abs(back.a.x - r.a.x) < 1e-9 && abs(back.b.y - r.b.y) < 1e-9)
    }

    @Test func identicalLatticesMatchOneToOneWithoutStrain() {
        let m = LatticeMatcher(film: Self.square(3.0), substrate: Self.square(3.0), limits: MatchLimits(maxAreaA2: 150)).matches()
        #expect(m.first?.filmMatrix.determinant == 1)
        #expect(m.first?.substrateMatrix.determinant == 1)
        #expect(m.first.map { $0.vonMisesStrain < 1e-12 } == true)
        // n×n repeats of the 1×1 match (same strain, same cell-count ratio) are dropped.
        #expect(!m.dropFirst().contains { $0.filmMatrix.isDiagonal && $0.substrateMatrix.isDiagonal && $0.vonMisesStrain < 1e-12 })
    }

    /// Li(001) at a = 3.44 Å on a 13.236 Å square (LLZO(001)): 4×4 on 1×1, stretch
    /// 13.236/13.76 = 0.961919 in both directions: strain −3.808 %; Green–Lagrange
    /// E = (0.961919² − 1)/2 = −0.037355 in-plane, von Mises √(⅔·dev:dev) = ⅔|E| = 0.024903.
    @Test func liOnLLZOSquareCell() throws {
        let matcher = LatticeMatcher(film: Self.square(3.44, atoms: 7), substrate: Self.square(13.236, atoms: 100))
        let all = matcher.matches()
        let m = try #require(all.first { $0.substrateMatrix.determinant == 1 })
        #expect(m.filmMatrix.determinant == 16)
        #expect(abs(m.areaA2 - 13.236 * 13.236) < 1e-9)
        #expect(abs(m.filmAreaA2 - 13.76 * 13.76) < 1e-9)
        for e in m.principalStrains { #expect(abs(e - (13.236 / 13.76 - 1)) < 1e-9) }
        #expect(abs(m.vonMisesStrain - 0.024903) < 5e-6)
        #expect(m.filmAtoms == 16 * 7 && m.substrateAtoms == 100)
    }

    @Test func determinantsAreAreaRatiosAndAtomsScale() {
        let film = MatchSurface(cell: Lattice2D(aA: 3.44, bA: 3.44, gammaDeg: 90), atomsPerCell: 7)
        let sub = MatchSurface(cell: Lattice2D(aA: 4.863, bA: 4.863, gammaDeg: 61.4), atomsPerCell: 24)
        let all = LatticeMatcher(film: film, substrate: sub, limits: MatchLimits(maxAreaA2: 300)).matches()
        #expect(!all.isEmpty)
        for m in all {
            #expect(abs(m.filmAreaA2 - Double(m.filmMatrix.determinant) * film.cell.areaA2) < 1e-6)
            #expect(abs(m.areaA2 - Double(m.substrateMatrix.determinant) * sub.cell.areaA2) < 1e-6)
            #expect(m.filmAtoms == m.filmMatrix.determinant * 7)
            #expect(m.substrateAtoms == m.substrateMatrix.determinant * 24)
            // The stored cells are the matrices applied to the unit cells.
            let f = film.cell.supercell(m.filmMatrix)
            #expect(abs(f.lengthAA - m.filmCell.lengthAA) < 1e-9 && abs(f.lengthBA - m.filmCell.lengthBA) < 1e-9)
            #expect(m.maxAbsStrain <= 0.05 * 1.1 + 1e-9)
        }
        // Sorted by area, then strain.
        for (x, y) in zip(all, all.dropFirst()) {
            #expect(x.areaA2 < y.areaA2 + 1e-6)
            if abs(x.areaA2 - y.areaA2) < 1e-6 { #expect(x.vonMisesStrain <= y.vonMisesStrain) }
        }
    }

    /// LiF(001) primitive 2.8475 Å square (a = 4.027/√2) against Li 3.44 Å: the 4×4/3×3 cell in
    /// conventional LiF cells is 12.081 Å against 13.76 Å, a compression of 12.2 %.
    @Test func paperLiFCellIsFlaggedWithAlternatives() throws {
        let li = SlabBuilder(bulk: SurfaceTestStructures.bccLi(), miller: MillerIndex(0, 0, 1)!)
        let lif = SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: MillerIndex(0, 0, 1)!)
        let matcher = try LatticeMatcher(film: li, substrate: lif, filmThickness: .layers(4), substrateThickness: .layers(4))
        let eval = try matcher.evaluate(filmMatrix: .diagonal(4, 4), substrateMatrix: .diagonal(3, 3))
        #expect(!eval.isPlausible)
        for e in eval.match.principalStrains { #expect(abs(e - (3 * 4.027 / (4 * 3.44) - 1)) < 1e-9) }
        #expect(eval.match.substrateMatrix.determinant == 18)  // 9 conventional = 18 primitive cells
        #expect(eval.match.filmAtoms == 16 * 4 && eval.match.substrateAtoms == 18 * 2 * 4)
        #expect(!eval.warnings.isEmpty)
        #expect(!eval.alternatives.isEmpty)
        #expect(eval.alternatives.allSatisfy { $0.maxAbsStrain < 0.06 })
        // A sound cell passes: Li 3×3 on LiF 2×2 conventional = √2·2.8475·… is 10.32 vs 8.054, no;
        // Li 1×1 = 3.44 vs LiF primitive 2.8475 is 20.8 % off; the search's best is plausible.
        let best = try #require(eval.alternatives.first)
        let again = try matcher.evaluate(filmMatrix: best.filmMatrix, substrateMatrix: best.substrateMatrix, conventional: false)
        #expect(again.isPlausible)
        #expect(abs(again.match.vonMisesStrain - best.vonMisesStrain) < 1e-9)
    }

    @Test func rectangularFaceNeedsTheDoubledCell() throws {
        // Li 3×3 (10.32 Å) on a 10.0994 × 5.0410 Å face (LiCF3SO3(001)): 1×1 is −51 % along b,
        // 1×2 is −2.14 % and −2.30 %.
        let film = Self.square(3.44)
        let sub = MatchSurface(cell: Lattice2D(aA: 10.0994, bA: 5.0410, gammaDeg: 90), atomsPerCell: 1)
        let matcher = LatticeMatcher(film: film, substrate: sub)
        let bad = try matcher.evaluate(filmMatrix: .diagonal(3, 3), substrateMatrix: .diagonal(1, 1))
        #expect(!bad.isPlausible)
        #expect(abs(bad.match.principalStrains[0] - (5.0410 / 10.32 - 1)) < 1e-9)
        let good = try matcher.evaluate(filmMatrix: .diagonal(3, 3), substrateMatrix: .diagonal(1, 2))
        #expect(good.isPlausible)
        #expect(abs(good.match.principalStrains[0] - (10.0820 / 10.32 - 1)) < 1e-9)
        #expect(abs(good.match.principalStrains[1] - (10.0994 / 10.32 - 1)) < 1e-9)
        #expect(throws: MatchError.self) { try matcher.evaluate(filmMatrix: IntMatrix2([[1, 2], [2, 4]]), substrateMatrix: .identity) }
    }
}
