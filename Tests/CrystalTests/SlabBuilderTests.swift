import Foundation
import Testing
@testable import Crystal

/// Slabs of structures with known geometry (hand calculations from the lattice constants).
@Suite struct SlabBuilderTests {
    let z001 = MillerIndex(0, 0, 1)!

    @Test func bcc001IsASquareCellOfEdgeA() throws {
        let b = SlabBuilder(bulk: SurfaceTestStructures.bccLi(), miller: z001)
        #expect(abs(b.surface.cell.lengthAA - 3.44) < 1e-9)
        #expect(abs(b.surface.cell.lengthBA - 3.44) < 1e-9)
        #expect(abs(b.surface.cell.gammaDeg - 90) < 1e-9)
        // bcc (001) planes are a/2 apart; one atom per plane per surface cell.
        #expect(abs(b.surface.repeatA - 1.72) < 1e-9)
        #expect(b.terminations.count == 1)
        let slab = try b.slab(thickness: .layers(6), vacuumA: 15)
        #expect(slab.count == 6)
        #expect(slab.layerCount == 6)
        #expect(abs(slab.thicknessA - 5 * 1.72) < 1e-9)
        #expect(abs(slab.structure.lattice.c.z - (5 * 1.72 + 15)) < 1e-9)
        #expect(slab.structure.lattice.c.x == 0 && slab.structure.lattice.c.y == 0)
        #expect(slab.isStoichiometric && slab.isSymmetric && !slab.isPolar)
        #expect(abs(slab.structure.minimumDistanceA - 3.44 * 3.0.squareRoot() / 2) < 1e-9)
    }

    @Test func fcc001PrimitiveCellIsHalfTheConventionalFace() throws {
        let a = 3.615
        let b = SlabBuilder(bulk: SurfaceTestStructures.fccCu(a), miller: z001)
        #expect(abs(b.surface.cell.lengthAA - a / 2.0.squareRoot()) < 1e-9)
        #expect(abs(b.surface.cell.lengthBA - a / 2.0.squareRoot()) < 1e-9)
        #expect(abs(b.surface.cell.gammaDeg - 90) < 1e-9)
        #expect(abs(b.surface.repeatA - a / 2) < 1e-9)
        // The conventional a × a face holds two primitive surface cells.
        #expect(b.surface.conventionalMatrix.determinant == 2)
        let conv = b.surface.cell.supercell(b.surface.conventionalMatrix)
        #expect(abs(conv.lengthAA - a) < 1e-9 && abs(conv.lengthBA - a) < 1e-9 && abs(conv.gammaDeg - 90) < 1e-9)
        let slab = try b.slab(thickness: .layers(4), vacuumA: 10, supercell: b.surface.conventionalMatrix)
        #expect(slab.count == 8)  // 2 atoms per a × a plane
    }

    @Test func fcc111IsHexagonal() throws {
        let a = 3.615
        let b = SlabBuilder(bulk: SurfaceTestStructures.fccCu(a), miller: MillerIndex(1, 1, 1)!)
        let g = b.surface.cell.gammaDeg
        #expect(abs(b.surface.cell.lengthAA - a / 2.0.squareRoot()) < 1e-9)
        #expect(abs(b.surface.cell.lengthBA - a / 2.0.squareRoot()) < 1e-9)
        #expect(abs(g - 60) < 1e-9 || abs(g - 120) < 1e-9)
        // (111) planes are a/√3 apart; ABC stacking repeats every three planes.
        #expect(abs(b.surface.repeatA - a / 3.0.squareRoot()) < 1e-9)
        #expect(b.terminations.count == 1)
        let slab = try b.slab(thickness: .layers(5), vacuumA: 12)
        #expect(slab.count == 5)
        #expect(abs(slab.layerHeightsA[1] - slab.layerHeightsA[0] - a / 3.0.squareRoot()) < 1e-9)
    }

    @Test func rockSalt001IsNeutralAndRockSalt111IsPolar() throws {
        let b001 = SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: z001)
        #expect(b001.terminations.count == 1)
        let s = try b001.slab(thickness: .layers(4), vacuumA: 10)
        #expect(s.structure.formula == "Li4F4")
        #expect(s.isStoichiometric && s.isSymmetric && !s.isPolar)
        // (111): alternating Li and F planes, two terminations; an even stack has a dipole.
        let b111 = SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: MillerIndex(1, 1, 1)!)
        #expect(b111.terminations.count == 2)
        #expect(Set(b111.terminations.map(\.bottomFormula)) == ["Li", "F"])
        let p = try b111.slab(thickness: .layers(4), vacuumA: 10)
        #expect(p.isStoichiometric && !p.isSymmetric && p.isPolar)
        #expect(p.warnings.contains { $0.contains("polar") })
        // An odd stack is symmetric (same plane on both faces) but not stoichiometric.
        let odd = try b111.slab(thickness: .layers(5), vacuumA: 10)
        #expect(odd.isSymmetric && !odd.isStoichiometric)
    }

    @Test func molecularIonIsNeverSplit() throws {
        let b = SlabBuilder(bulk: SurfaceTestStructures.toyMolecularSalt(), miller: z001)
        // Planes Li, C, O; the C|O gap is blocked, so two terminations: Li-bottom and C-bottom.
        #expect(Set(b.terminations.map(\.bottomFormula)) == ["Li", "C"])
        for t in b.terminations.indices {
            for layers in 1...7 {
                let s = try b.slab(thickness: .layers(layers), vacuumA: 10, termination: t)
                let comp = s.structure.composition
                #expect(comp[SurfaceTestStructures.c, default: 0] == comp[SurfaceTestStructures.o, default: 0])
                #expect(s.layerCount >= layers)
            }
        }
        let li = b.terminations.first { $0.bottomFormula == "Li" }!.index
        let s = try b.slab(thickness: .layers(2), vacuumA: 10, termination: li)
        #expect(s.layerCount == 3)
        #expect(s.warnings.contains { $0.contains("molecular ion") })
    }

    @Test func bottomLayersAreFixed() throws {
        let b = SlabBuilder(bulk: SurfaceTestStructures.bccLi(), miller: z001)
        let s = try b.slab(thickness: .layers(5), vacuumA: 10, supercell: .diagonal(2, 2), fixed: .bottomLayers(2))
        #expect(s.count == 20)
        let fixed = s.structure.sites.filter { $0.selectiveDynamics == [false, false, false] }
        #expect(fixed.count == 8)
        let zFixed = fixed.map(\.fractional.z).max()!
        let zFree = s.structure.sites.filter { $0.selectiveDynamics == [true, true, true] }.map(\.fractional.z).min()!
        #expect(zFixed < zFree)
        #expect(throws: SlabError.self) { try b.slab(thickness: .layers(3), vacuumA: 10, fixed: .bottomLayers(3)) }
    }

    @Test func minimumThicknessInAngstrom() throws {
        let b = SlabBuilder(bulk: SurfaceTestStructures.bccLi(), miller: z001)
        let s = try b.slab(thickness: .minimumA(10), vacuumA: 10)
        // ceil(10 / 1.72) = 6 spacings → 7 planes, 10.32 Å.
        #expect(s.layerCount == 7)
        #expect(abs(s.thicknessA - 6 * 1.72) < 1e-9)
    }

    @Test func primitiveCellOfCentredLattices() {
        #expect(SurfaceTestStructures.bccLi().primitiveCell().structure.count == 1)
        #expect(SurfaceTestStructures.rockSaltLiF().primitiveCell().structure.count == 2)
        let p = SurfaceTestStructures.fccCu(3.6).primitiveCell().structure
        #expect(abs(p.volumeA3 - 3.6 * 3.6 * 3.6 / 4) < 1e-9)
    }

    /// bcc (110): rhombic cell of two a√3/2 vectors at 70.53° (cos = 1/3), area a²/√2, planes
    /// a/√2 apart; (1 −1 0) is the same family.
    @Test func bcc110IsRhombic() throws {
        let a = 3.44
        for m in [MillerIndex(1, 1, 0)!, MillerIndex(1, -1, 0)!] {
            let b = SlabBuilder(bulk: SurfaceTestStructures.bccLi(a), miller: m)
            let c = b.surface.cell
            #expect(abs(c.lengthAA - a * 3.0.squareRoot() / 2) < 1e-9 && abs(c.lengthBA - a * 3.0.squareRoot() / 2) < 1e-9)
            #expect(abs(c.gammaDeg - acos(1.0 / 3) * 180 / .pi) < 1e-6 || abs(c.gammaDeg - (180 - acos(1.0 / 3) * 180 / .pi)) < 1e-6)
            #expect(abs(c.areaA2 - a * a / 2.0.squareRoot()) < 1e-9)
            #expect(abs(b.surface.repeatA - a / 2.0.squareRoot()) < 1e-9)
        }
    }

    /// fcc (110): rectangle a/√2 × a, planes a/(2√2) apart; consecutive planes differ by a lattice
    /// translation with an in-plane part, so the primitive repeat along the normal is one plane.
    @Test func fcc110IsRectangular() throws {
        let a = 3.615
        let b = SlabBuilder(bulk: SurfaceTestStructures.fccCu(a), miller: MillerIndex(1, 1, 0)!)
        let c = b.surface.cell
        #expect(abs(c.lengthAA - a / 2.0.squareRoot()) < 1e-9 && abs(c.lengthBA - a) < 1e-9)
        #expect(abs(c.gammaDeg - 90) < 1e-9)
        #expect(abs(b.surface.repeatA - a / (2 * 2.0.squareRoot())) < 1e-9)
        let slab = try b.slab(thickness: .layers(4), vacuumA: 10)
        #expect(slab.count == 4)
        #expect(abs(slab.layerHeightsA[1] - slab.layerHeightsA[0] - a / (2 * 2.0.squareRoot())) < 1e-9)
    }
}
