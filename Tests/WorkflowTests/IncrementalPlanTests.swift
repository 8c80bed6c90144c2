import Crystal
import Foundation
import Testing
import TestSupport
@testable import Workflow

/// Issue #12: a run re-plans after every pass that parses a bulk, and a re-plan must cost only
/// its new stages (PlanCache). The reference for every cached plan is a plan made from scratch by
/// a planner with an empty cache: the two must agree calculation by calculation.
@Suite struct IncrementalPlanTests {
    /// The minimal example without `bulk_lattice_a` (so the metal's slabs wait for its relaxed
    /// cell) and with a second interlayer, LiF2: LiF with a = 4.05 Å (its own bulk), ≥ 6 Å thick.
    func twoInterlayers() throws -> LoadedStudy {
        let dir = try Fixtures.temporaryDirectory("adhere-incremental")
        _ = try StudyExample.minimal.write(to: dir)
        let lif = try String(contentsOf: dir.appendingPathComponent("structures/LiF.cif"), encoding: .utf8)
        let lif2 = lif.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("_cell_length_") ? String(line.prefix(while: { $0 != " " })) + "   4.05" : String(line)
        }.joined(separator: "\n")
        try lif2.write(to: dir.appendingPathComponent("structures/LiF2.cif"), atomically: true, encoding: .utf8)
        let url = dir.appendingPathComponent("study.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "  bulk_lattice_a: 3.44\n", with: "")
        text = text.replacingOccurrences(of: "    min_thickness_a: 4\n", with: """
                min_thickness_a: 4
              - name: LiF2
                structure: structures/LiF2.cif
                miller: [0, 0, 1]
                layers: 1
                min_thickness_a: 6

            """)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try StudyFile.read(dir.path)
    }

    /// Calculation by calculation: id, role, input identity, parents; and the stages.
    static func summary(_ plan: StudyPlan) -> [String] {
        plan.calculations.map { "\($0.id) \($0.role) \($0.inputHash) \($0.parents.joined(separator: ","))" }
            + plan.stages.map { "stage \($0.name) [\($0.calculations.joined(separator: ","))] waits [\($0.waitingFor.joined(separator: ","))]" }
            + plan.manifest.sharedWith.sorted { $0.key < $1.key }.map { "shared \($0.key) → \($0.value)" }
    }

    /// The same cells planned twice by one planner: nothing is computed the second time, and
    /// the plan equals one made from scratch.
    @Test func rePlanWithTheSameCellsComputesNothingNewAndEqualsAFreshPlan() throws {
        let loaded = try twoInterlayers()
        let planner = StudyPlanner(loaded)
        let cells = try planner.bulksAsRead()
        let first = try planner.plan(relaxed: cells)
        let kept = planner.cache.count
        #expect(kept > 0)
        let again = try planner.plan(relaxed: cells)
        #expect(planner.cache.count == kept)
        let fresh = try StudyPlanner(loaded).plan(relaxed: cells)
        #expect(Self.summary(again) == Self.summary(fresh))
        #expect(Self.summary(first) == Self.summary(fresh))
        // Both interfaces and the σ series were planned (the comparison is not of empty plans).
        #expect(fresh.manifest.interfaces.map(\.name) == ["LiF", "LiF2"])
        #expect(fresh.manifest.metal.slabs.count == 2)
    }

    /// Stage by stage, as a run meets them: the bulks alone, then the metal and LiF relaxed,
    /// then LiF2 relaxed to a 1 % larger cell. Each step builds exactly one new interface (the
    /// one whose parents are new) and agrees with a fresh plan; LiF's calculations keep their
    /// identity when LiF2's cell arrives.
    @Test func aNewRelaxedCellBuildsOnlyTheInterfaceCutFromIt() throws {
        let loaded = try twoInterlayers()
        let planner = StudyPlanner(loaded)
        let asRead = try planner.bulksAsRead()
        let metalID = try #require(asRead.cells.keys.first { !$0.hasPrefix("LiF") })

        // Bulks only: the waiting stages are tried on the cells as read (two interfaces).
        let bulks = try planner.plan()
        #expect(bulks.calculations.map(\.role).allSatisfy { $0 == .bulk })
        #expect(planner.cache.count(ofKind: "interface") == 2)

        // The metal and LiF relaxed (here: as read): LiF's interface is the one built on the
        // cells as read, so nothing new is matched.
        let partial = RelaxedBulks(cells: [metalID: asRead.cells[metalID]!, "LiF-bulk": asRead.cells["LiF-bulk"]!])
        let second = try planner.plan(relaxed: partial)
        #expect(planner.cache.count(ofKind: "interface") == 2)
        #expect(Self.summary(second) == Self.summary(try StudyPlanner(loaded).plan(relaxed: partial)))
        #expect(second.manifest.interfaces.map(\.name) == ["LiF"])

        // LiF2 relaxes to a cell 1 % larger than read: one new interface, built on that cell.
        var bigger = asRead.cells["LiF2-bulk"]!
        bigger.lattice = Lattice(matrix: Matrix3(rows: bigger.lattice.matrix.rows.map { $0 * 1.01 }))
        var all = partial
        all.cells["LiF2-bulk"] = bigger
        let third = try planner.plan(relaxed: all)
        #expect(planner.cache.count(ofKind: "interface") == 3)
        #expect(Self.summary(third) == Self.summary(try StudyPlanner(loaded).plan(relaxed: all)))
        let lif = { (p: StudyPlan) in p.calculations.filter { $0.owner == "LiF" }.map(\.inputHash) }
        #expect(lif(third) == lif(second))
        // LiF2's substrate is cut from the new cell: 4 (001) planes (≥ 6 Å) a/2 apart, so its
        // planes span 3 × 4.05 × 1.01 / 2 = 6.13575 Å (hand value) instead of 3 × 4.05 / 2 = 6.075 Å.
        func span(_ p: StudyPlan) throws -> Double {
            let z = try #require(p.calculations.first { $0.id == "LiF2-substrate" }).inputs.structure.cartesianPositionsA.map(\.z)
            return z.max()! - z.min()!
        }
        #expect(abs(try span(third) - 6.13575) < 1e-4)
        #expect(abs(try span(try StudyPlanner(loaded).plan(relaxed: asRead)) - 6.075) < 1e-4)
    }
}

/// The relaxed cells a run already holds (handed over by the collect pass that parsed them) are
/// not read from their outputs again: a parsed bulk whose vasprun.xml is gone loads from what the
/// run holds and fails only when nothing holds it.
@Suite struct RelaxedBulksReuseTests {
    @Test func aHeldCellIsNotReadAgainAndAMissingOneIs() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-relaxed-reuse")
        let store = try StateStore.open(studyDirectory: dir)
        try store.register(calculation: CalculationSpec(id: "Li-bulk", role: CalculationRole.bulk.rawValue, interface: "Li",
                                                        folder: "calculations/Li-bulk", inputHash: String(repeating: "0", count: 64)))
        try store.update("Li-bulk", event: .intent) { $0.state = .submitted; $0.attempts += 1 }
        for state in [CalculationState.queued, .running, .finished, .parsed] {
            try store.update("Li-bulk", event: .poll) { $0.state = state }
        }
        // No calculations/Li-bulk/vasprun.xml exists.
        let cell = Structure(lattice: Lattice(matrix: Matrix3(rows: [SIMD3(3.44, 0, 0), SIMD3(0, 3.44, 0), SIMD3(0, 0, 3.44)])),
                             elements: [Element(symbol: "Li")!, Element(symbol: "Li")!], fractional: [SIMD3(0, 0, 0), SIMD3(0.5, 0.5, 0.5)])
        let held = RelaxedBulks(cells: ["Li-bulk": cell])
        let loaded = try RelaxedBulks.load(store: store, studyDirectory: dir, reusing: held)
        #expect(loaded.cells["Li-bulk"] == cell)
        #expect(throws: (any Error).self) { _ = try RelaxedBulks.load(store: store, studyDirectory: dir) }
    }
}
