import Foundation
import Testing
@testable import Crystal
@testable import VASP

/// k-point meshes. Expected divisions are hand calculations from |b_i| = 2π / (plane spacing).
@Suite struct InputKPointsTests {
    /// Interface cell: |a| = |b| = √13 × 4.03/√2 = 10.2745 Å, orthogonal, so |b1| = 2π/10.2745 =
    /// 0.61153 1/Å; 0.61153 / 0.20 = 3.06 → 4. Vacuum along c → 1.
    @Test func interfaceMeshFromSpacingHasOneAlongVacuum() throws {
        let s = InputTestStructures.interface
        let g = try #require(SlabGeometry.detect(s))
        #expect(g.vacuumAxis == 2)
        // Atoms span 0 … 2.015 + 2.2 + 3.44 = 7.655 Å of 23 Å: 15.345 Å of vacuum.
        #expect(abs(g.vacuumA - 15.345) < 1e-9)
        #expect(abs(g.centreFractional - 7.655 / 2 / 23) < 1e-12)
        let mesh = try KPointMesh.make(for: s, density: .spacingPerA(0.20), vacuumAxis: g.vacuumAxis)
        #expect(mesh.divisions == [4, 4, 1])
        // At 0.15 1/Å: 0.61153/0.15 = 4.08 → 5.
        #expect(try KPointMesh.make(for: s, density: .spacingPerA(0.15), vacuumAxis: 2).divisions == [5, 5, 1])
    }

    /// bcc Li, a = 3.44 Å: |b| = 2π/3.44 = 1.8265 1/Å; /0.2 = 9.13 → 10.
    @Test func bulkMeshFromSpacing() throws {
        #expect(try KPointMesh.make(for: InputTestStructures.bulkLi, density: .spacingPerA(0.2)).divisions == [10, 10, 10])
    }

    /// Per reciprocal atom, 1200 for 2 atoms: 600 points, cube root 8.43 per direction → 8 (floor).
    /// pymatgen 2026.10.16 Kpoints.automatic_density(bcc Li a=3.44, 1200) gives the same 8×8×8.
    @Test func bulkMeshFromDensityPerReciprocalAtom() throws {
        #expect(try KPointMesh.make(for: InputTestStructures.bulkLi, density: .perReciprocalAtom(1200)).divisions == [8, 8, 8])
    }

    @Test func nonPositiveOrAbsurdSpacingIsRefused() {
        for spacing in [0.0, -0.2, .nan, 5.0] {
            #expect(throws: InputError.self) { try KPointMesh.make(for: InputTestStructures.bulkLi, density: .spacingPerA(spacing)) }
        }
        #expect(throws: InputError.self) { try KPointMesh.make(for: InputTestStructures.bulkLi, density: .perReciprocalAtom(0)) }
        // 0.011 1/Å on bcc Li: 167³ ≈ 4.6 million points.
        #expect {
            try KPointMesh.make(for: InputTestStructures.bulkLi, density: .spacingPerA(0.011))
        } throws: { e in
            guard let e = e as? InputError, case .kpoints(let why) = e.kind else { return false }
            return why.contains("far more")
        }
    }

    @Test func slabMeshWithPointsAcrossVacuumIsRefused() {
        #expect {
            try KPointMesh(divisions: [4, 4, 2]).check(vacuumAxis: 2)
        } throws: { e in
            guard let e = e as? InputError, case .kpoints(let why) = e.kind else { return false }
            return why.contains("vacuum axis c")
        }
        #expect(throws: InputError.self) { try KPointMesh(divisions: [4, 0, 1]).check(vacuumAxis: nil) }
    }

    @Test func readsAutomaticKPOINTS() throws {
        let mesh = try KPointMesh.parse("comment\n0\nGamma\n 4 4 1\n 0 0 0\n")
        #expect(mesh.divisions == [4, 4, 1])
        #expect(throws: InputError.self) { try KPointMesh.parse("comment\n0\nLine-mode\n 4 4 1\n") }
    }

    @Test func symmetricSlabsAreToldFromAsymmetricOnes() throws {
        #expect(try #require(SlabGeometry.detect(InputTestStructures.film)).isSymmetric)
        #expect(try #require(SlabGeometry.detect(InputTestStructures.substrate)).isSymmetric)
        #expect(try #require(SlabGeometry.detect(InputTestStructures.interface)).isSymmetric == false)
        #expect(SlabGeometry.detect(InputTestStructures.bulkLi) == nil)
    }
}
