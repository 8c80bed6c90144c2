import Foundation
import Testing
@testable import Workflow

/// The recovery table: Slurm outcomes and VASP failures → actions (rules written in
/// docs/state-and-recovery.md, expected values by hand).
@Suite struct RecoveryPlannerTests {
    static func failed(_ state: String, attempts: Int = 1, reason: String? = nil, overrides: ResourceOverrides = .init()) -> CalculationRecord {
        let now = Date()
        return CalculationRecord(
            id: "iface-LiF", role: "interface", interface: "Li-LiF", folder: "x", inputHash: "h", state: .failed,
            failureReason: reason ?? "Slurm \(state)", slurmJobID: "9", attempts: attempts, schedulerState: state, lastError: nil,
            overrides: overrides, createdAt: now, updatedAt: now, submittedAt: now, endedAt: now)
    }

    let planner = RecoveryPlanner(policy: RecoveryPolicy(attemptLimit: 3),
                                  baseline: ResourceBaseline(memoryMB: 2000, tasksPerNode: 8, maximumMemoryMB: 6000))

    @Test func slurmOutcomes() {
        #expect(planner.action(for: Self.failed("TIMEOUT"), vaspFailures: [], triedFixes: []) == .continueFromCONTCAR(reason: "Slurm TIMEOUT"))
        if case .resubmit = planner.action(for: Self.failed("NODE_FAIL"), vaspFailures: [], triedFixes: []) {} else { Issue.record("NODE_FAIL") }
        if case .resubmit = planner.action(for: Self.failed("PREEMPTED"), vaspFailures: [], triedFixes: []) {} else { Issue.record("PREEMPTED") }
        // man squeue: BOOT_FAIL is a launch failure, "typically due to a hardware failure": like NODE_FAIL.
        if case .resubmit = planner.action(for: Self.failed("BOOT_FAIL"), vaspFailures: [], triedFixes: []) {} else { Issue.record("BOOT_FAIL") }
        if case .report = planner.action(for: Self.failed("WEIRD_NEW_STATE"), vaspFailures: [], triedFixes: []) {} else { Issue.record("unknown") }
        if case .report = planner.action(for: Self.failed("FAILED"), vaspFailures: [], triedFixes: []) {} else { Issue.record("no VASP error") }
    }

    @Test func outOfMemoryDoublesMemoryThenHalvesTasks() {
        // 2000 MB → 4000 MB (≤ 6000); from 4000, 8000 > 6000 → tasks 8 → 4; from 4 tasks at 4000 MB → 2.
        guard case .moreResources(let o1, _) = planner.action(for: Self.failed("OUT_OF_MEMORY"), vaspFailures: [], triedFixes: []) else {
            Issue.record("OOM 1"); return
        }
        #expect(o1 == ResourceOverrides(memoryMB: 4000))
        guard case .moreResources(let o2, _) = planner.action(for: Self.failed("OUT_OF_MEMORY", overrides: o1), vaspFailures: [], triedFixes: []) else {
            Issue.record("OOM 2"); return
        }
        #expect(o2 == ResourceOverrides(memoryMB: 4000, tasksPerNode: 4))
        let none = RecoveryPlanner(policy: RecoveryPolicy(), baseline: ResourceBaseline())
        if case .report = none.action(for: Self.failed("OUT_OF_MEMORY"), vaspFailures: [], triedFixes: []) {} else { Issue.record("OOM unknown") }
    }

    @Test func attemptLimitStopsEverything() {
        if case .report(let m) = planner.action(for: Self.failed("NODE_FAIL", attempts: 3), vaspFailures: [], triedFixes: []) {
            #expect(m.contains("attempt limit"))
        } else { Issue.record("limit") }
    }

    @Test func energyNeutralFixIsAppliedToTheCalculationAlone() {
        let action = planner.action(for: Self.failed("FAILED"), vaspFailures: ["ZBRENT"], triedFixes: [])
        guard case .applyFix(_, let fix) = action else { Issue.record("\(action)"); return }
        #expect(fix.fixClass == .energyNeutral)
        #expect(fix.changes == [.set("IBRION", "1")])
        #expect(fix.continueFromCONTCAR)
        // The second time, the next fix of the table.
        guard case .applyFix(_, let second) = planner.action(for: Self.failed("FAILED"), vaspFailures: ["ZBRENT"], triedFixes: ["zbrent/ibrion-1"]) else {
            Issue.record("second"); return
        }
        #expect(second.changes == [.scale("POTIM", factor: 0.5, default: 0.5)])
    }

    @Test func energyChangingFixGoesToTheWholeInterfaceOrIsRefused() {
        let action = planner.action(for: Self.failed("FAILED"), vaspFailures: ["REAL_OPTLAY"], triedFixes: [])
        guard case .applyFixToInterface(_, let fix, let interface) = action else { Issue.record("\(action)"); return }
        #expect(fix.changes == [.set("LREAL", ".FALSE.")])
        #expect(interface == "Li-LiF")
        let refusing = RecoveryPlanner(policy: RecoveryPolicy(attemptLimit: 3, energyChangingFixes: .refuse))
        guard case .report(let m) = refusing.action(for: Self.failed("FAILED"), vaspFailures: ["REAL_OPTLAY"], triedFixes: []) else {
            Issue.record("refuse"); return
        }
        #expect(m.contains("changes the energy"))
    }

    @Test func geometryChangingFixesAreNeverApplied() {
        let action = planner.action(for: Self.failed("FAILED"), vaspFailures: ["triple product"], triedFixes: [])
        guard case .report(let m) = action else { Issue.record("\(action)"); return }
        #expect(m.contains("never applied"))
        // BRMIX after its two energy-neutral fixes: the next would rewrite the k-mesh → refused.
        let brmix = planner.action(for: Self.failed("FAILED"), vaspFailures: ["BRMIX"], triedFixes: ["brmix/damped-mixing", "brmix/algo-all"])
        guard case .report(let m2) = brmix else { Issue.record("\(brmix)"); return }
        #expect(m2.contains("never applied"))
    }

    @Test func everyTableEntryHasAClassAndGeometryFixesChangeNothing() {
        for (kind, fixes) in VASPFixTable.fixes {
            #expect(!fixes.isEmpty, "\(kind)")
            for fix in fixes where fix.fixClass == .geometryChanging { #expect(fix.changes.isEmpty, "\(kind)/\(fix.name)") }
            for fix in fixes where fix.fixClass == .energyNeutral {
                // Hand list: tags that change how VASP converges, not the converged energy.
                let neutral: Set<String> = ["ALGO", "AMIX", "BMIX", "AMIN", "POTIM", "IBRION", "NELM", "NBANDS", "NCORE", "KPAR", "ISTART", "ICHARG"]
                for change in fix.changes { #expect(neutral.contains(change.tag), "\(kind)/\(fix.name): \(change)") }
            }
            for fix in fixes where fix.fixClass == .energyChanging {
                let changing: Set<String> = ["ISMEAR", "SIGMA", "PREC", "LREAL", "ENCUT", "SYMPREC", "ISYM", "KPOINTS"]
                for change in fix.changes { #expect(changing.contains(change.tag), "\(kind)/\(fix.name): \(change)") }
            }
        }
    }

    @Test func kindNamesMatchWhateverTheirSpelling() {
        #expect(VASPFixTable.key("Sub-Space-Matrix") == "subspacematrix")
        #expect(VASPFixTable.fixes(for: "subSpaceMatrix") != nil)
        #expect(VASPFixTable.fixes(for: "REAL_OPTLAY") != nil)
        #expect(VASPFixTable.fixes(for: "no such thing") == nil)
    }
}
