import Foundation
import Testing
import TestSupport
@testable import Crystal

/// Terminations as a referee checks them, against independent numbers:
/// pymatgen 2026.10.16 SlabGenerator on the shipped CIFs, formal charges put on the sites as
/// Adhere does (Benchmarks/anchors/terminations_pymatgen.py, run once:
/// `/opt/adhere-venv/bin/python Benchmarks/anchors/terminations_pymatgen.py structures/X.cif --min-slab 10`),
/// numpy on the relaxed reference slab, and hand counts.
@Suite struct TerminationTests {
    static let z001 = MillerIndex(0, 0, 1)!

    static func builder(_ name: String, _ miller: MillerIndex = z001) throws -> SlabBuilder {
        SlabBuilder(bulk: try StructureFile.read(path: Fixtures.project("structures/\(name)")), miller: miller)
    }

    /// pymatgen's LLZO(001) slabs (192 atoms, Li56La24Zr16O96): dipoles per area 1.015048,
    /// ±0.435021, ±0.145007 e·Å/Å². Adhere's stoichiometric cuts give the same values, and the
    /// default is the neutral stoichiometric one of least |dipole|, 0.145 ≤ 0.15.
    @Test func llzoStoichiometricDipolesAreThoseOfPymatgen() throws {
        let b = try Self.builder("Li7La3Zr2O12.cif")
        let all = try b.terminationCandidates(thickness: .minimumA(10))
        let stoich = all.filter { $0.kind == .stoichiometric }
        #expect(stoich.allSatisfy { $0.isStoichiometric && $0.isNeutral && $0.formula == "Li56La24Zr16O96" })
        let ours = Set(stoich.map { (abs($0.dipolePerAreaEPerA!) * 1e4).rounded() / 1e4 })
        #expect(ours == [1.0150, 0.4350, 0.1450])
        for pymatgen in [1.015048110499484, 0.43502061878549386, 0.14500687292849804] {
            #expect(stoich.contains { abs(abs($0.dipolePerAreaEPerA!) - pymatgen) < 1e-5 })
        }
        let choice = try b.chooseTermination(thickness: .minimumA(10))
        #expect(choice.candidate.isNeutral && choice.candidate.isStoichiometric)
        #expect(abs(abs(choice.candidate.dipolePerAreaEPerA!) - 0.14500687292849804) < 1e-5)
        #expect(abs(choice.candidate.dipolePerAreaEPerA!) <= 0.15)
        #expect(choice.notes.contains { $0.contains("no neutral, stoichiometric and non-polar") })
        // Every candidate is Tasker type 3: LLZO(001) planes carry charge and the stacking is polar.
        #expect(all.allSatisfy { $0.taskerType == .three })
    }

    /// The relaxed Zr-terminated LLZO(001) slab of Canepa et al. 2018 (read in place): numpy on
    /// the same formal charges gives net 0 and dipole 0.000413 e·Å/Å² (area 167.758 Å²).
    /// Adhere's dipole arithmetic gives the same on it.
    @Test(.enabled(if: Fixtures.shared("reference-structures/LLZO_001_Zr-terminated_slab_Canepa2018.vasp") != nil,
                   Comment(rawValue: Fixtures.sharedMissingMessage)))
    func referenceSlabDipole() throws {
        let path = try #require(Fixtures.shared("reference-structures/LLZO_001_Zr-terminated_slab_Canepa2018.vasp"))
        let slab = try StructureFile.read(path: path)
        let q = try #require(FormalCharges.assign(slab, molecules: Array(0..<slab.count)))
        let z = slab.cartesianPositionsA.map(\.z)
        let r = SlabAnalysis.dipole(slab, charges: q, centerZA: z.reduce(0, +) / Double(z.count))
        let area = length(cross(slab.lattice.a, slab.lattice.b))
        #expect(abs(r.net) < 1e-9)
        #expect(abs(r.dipole / area - 0.0004130653223251118) < 1e-6)
    }

    /// Li2CO3, LiCF3SO3 and LiF: the default slab is neutral, stoichiometric and without dipole.
    /// pymatgen's Li2CO3(001) slabs: one symmetric with dipole 0, one with 0.540692 (shift 0.1761),
    /// which Adhere lists too; pymatgen's LiF(001) slab: dipole 0, symmetric.
    @Test(arguments: ["Li2CO3.cif", "LiCF3SO3.cif", "LiF.cif"])
    func defaultSlabIsNeutralStoichiometricAndNonPolar(file: String) throws {
        let b = try Self.builder(file)
        let choice = try b.chooseTermination(thickness: .minimumA(10))
        let c = choice.candidate
        #expect(c.isIdeal && c.isNeutral && c.isStoichiometric && !c.isPolar)
        #expect(abs(c.dipolePerAreaEPerA ?? 1) < 1e-6)
        #expect(choice.notes.isEmpty)
        let slab = try b.slab(candidate: c, vacuumA: 10)
        #expect(slab.structure.reducedFormula.formula == (try StructureFile.read(path: Fixtures.project("structures/\(file)"))).reducedFormula.formula)
        if file == "Li2CO3.cif" {
            let all = try b.terminationCandidates(thickness: .minimumA(10))
            #expect(all.contains { $0.isStoichiometric && abs(abs($0.dipolePerAreaEPerA ?? 0) - 0.5406918520939201) < 1e-5 })
        }
    }

    /// No default slab of the paper's interlayers is charged, though charged cuts exist.
    @Test(arguments: ["Li2CO3.cif", "LiCF3SO3.cif", "Li7La3Zr2O12.cif"])
    func defaultIsNeverCharged(file: String) throws {
        let b = try Self.builder(file)
        let all = try b.terminationCandidates(thickness: .minimumA(10))
        #expect(all.contains { !$0.isNeutral })
        #expect(try b.chooseTermination(thickness: .minimumA(10)).candidate.isNeutral)
        // Naming a charged row gives it, with a warning.
        let charged = try #require(all.first { !$0.isNeutral })
        let (slab, _) = try b.slab(thickness: .minimumA(10), vacuumA: 10, selection: .row(charged.row))
        #expect(slab.warnings.contains { $0.contains("charged slab") })
    }

    /// LiF(001): neutral planes (Tasker 1). A cut breaks one Li–F bond (2.0135 Å) per surface atom
    /// along the normal: 2 per primitive cell (a²/2 = 8.1084 Å²) per face, so a slab breaks 4,
    /// 4 / (2 × 8.1084) = 0.24667 per Å² of face. LiF(111): alternating charged planes, Tasker 3.
    @Test func lifTaskerTypesAndBrokenBondsByHand() throws {
        let b = SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: Self.z001)
        let c = try #require(try b.terminationCandidates(thickness: .layers(4)).first)
        #expect(c.taskerType == .one && c.brokenBonds == 4)
        #expect(abs(c.brokenBondsPerA2 - 4 / (2 * 4.027 * 4.027 / 2)) < 1e-9)
        let b111 = SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: MillerIndex(1, 1, 1)!)
        let all = try b111.terminationCandidates(thickness: .layers(4))
        #expect(all.filter(\.isStoichiometric).allSatisfy { $0.taskerType == .three && $0.isPolar })
    }

    /// Fixed regions by thickness and fraction, on LiF(001) with 6 planes 2.0135 Å apart
    /// (10.0675 Å thick, 2 atoms per plane): bottom 2.5 Å fixes planes 0 and 1 (4 atoms); top 50 %
    /// fixes planes at 6.04, 8.05 and 10.07 Å (6 atoms).
    @Test func fixedRegionsByThicknessAndFraction() throws {
        let b = SlabBuilder(bulk: SurfaceTestStructures.rockSaltLiF(), miller: Self.z001)
        func fixed(_ r: FixedRegion) throws -> [Double] {
            let s = try b.slab(thickness: .layers(6), vacuumA: 10, fixed: r).structure
            let z = s.cartesianPositionsA.map(\.z), z0 = z.min()!
            return s.sites.indices.filter { s.sites[$0].selectiveDynamics == [false, false, false] }.map { z[$0] - z0 }
        }
        let bottom = try fixed(.bottomA(2.5))
        #expect(bottom.count == 4 && bottom.allSatisfy { $0 < 2.5 })
        let top = try fixed(.topFraction(0.5))
        #expect(top.count == 6 && top.allSatisfy { $0 > 5.0 })
        #expect(try b.slab(thickness: .layers(6), vacuumA: 10).structure.hasSelectiveDynamics == false)
        #expect(throws: SlabError.self) { try b.slab(thickness: .layers(6), vacuumA: 10, fixed: .bottomA(20)) }
        #expect(throws: SlabError.self) { try b.slab(thickness: .layers(6), vacuumA: 10, fixed: .topFraction(1.5)) }
    }
}

/// The registry grid, by hand.
@Suite struct RegistryGridTests {
    /// A square cell has the 8 operations of 4mm. A 4 × 4 grid of shifts i/4, j/4 folds each
    /// coordinate to {0, ¼, ½} (x ≡ −x) and the swap x ↔ y pairs them: 3·4/2 = 6 registries;
    /// 3 × 3: {0, ⅓} → 3. Without operations all 16 remain.
    @Test func squareCellShiftCountByHand() {
        let square = Lattice2D(aA: 10, bA: 10, gammaDeg: 90)
        let ops = RegistryGrid.latticeOperations(square)
        #expect(ops.count == 8)
        #expect(RegistryGrid(divisions: 4, operations: ops, separationsA: [2]).shiftsFractional.count == 6)
        #expect(RegistryGrid(divisions: 3, operations: ops, separationsA: [2]).shiftsFractional.count == 3)
        #expect(RegistryGrid(divisions: 4, separationsA: [2, 2.5]).points.count == 32)
        #expect(RegistryGrid.latticeOperations(Lattice2D(aA: 10, bA: 10, gammaDeg: 120)).count == 12)
        #expect(RegistryGrid.latticeOperations(Lattice2D(aA: 10, bA: 7, gammaDeg: 90)).count == 4)
        #expect(RegistryGrid.latticeOperations(Lattice2D(aA: 10, bA: 7, gammaDeg: 80)).count == 2)
    }

    /// Separations 1.5…3.5 Å around a 2.0 Å start in 0.25 Å steps: 9 values.
    @Test func separationsAroundAStart() {
        let s = RegistryGrid.separations(aroundA: 2.0, belowA: 0.5, aboveA: 1.5, stepA: 0.25)
        #expect(s.count == 9 && abs(s.first! - 1.5) < 1e-12 && abs(s.last! - 3.5) < 1e-12)
    }
}
