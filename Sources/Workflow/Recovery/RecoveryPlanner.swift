import Slurm

/// Decides what to do with a failed calculation. Pure: the facts come in, an action goes out;
/// ``RecoveryRunner`` does the file and store work.
///
/// Rules (docs/state-and-recovery.md):
/// - attempts used up (`attempts ≥ attemptLimit`) → report;
/// - Slurm TIMEOUT → continue from a validated CONTCAR;
/// - NODE_FAIL, PREEMPTED → resubmit unchanged;
/// - OUT_OF_MEMORY → twice the memory (up to the node's), else half the tasks per node, else report;
/// - FAILED with a recognised VASP failure → the first fix of the table not yet tried:
///   energy-neutral on this calculation, energy-changing on the whole interface (or refused by
///   policy), geometry-changing never;
/// - anything else (unknown state, lost job, sbatch refusal, never-resolving pending reason,
///   FAILED without a recognised VASP error) → report.
public struct RecoveryPlanner: Sendable {
    /// The study's policy.
    public var policy: RecoveryPolicy
    /// The profile's resources.
    public var baseline: ResourceBaseline

    /// Creates a planner.
    public init(policy: RecoveryPolicy, baseline: ResourceBaseline = ResourceBaseline()) {
        self.policy = policy
        self.baseline = baseline
    }

    /// The action for `record` (state `failed`), given the VASP failure kinds found in its output
    /// (in the order they appear) and the fixes already tried on it (`kind/name`).
    public func action(for record: CalculationRecord, vaspFailures: [String], triedFixes: Set<String>) -> RecoveryAction {
        if record.attempts >= policy.attemptLimit {
            return .report("attempt limit reached (\(record.attempts) of \(policy.attemptLimit)): \(record.failureReason ?? "failed"); raise it or fix by hand, then `adhere retry`")
        }
        let slurm = JobPhase(state: record.schedulerState ?? "").outcome
        // The stored state is Slurm's name as the reconciler wrote it; the Slurm module reads it.
        switch slurm {
        case .timeout?:
            return .continueFromCONTCAR(reason: "Slurm TIMEOUT")
        case let outcome? where outcome == .nodeFail || outcome == .preempted:
            return .resubmit(reason: "Slurm \(outcome): not the calculation's fault")
        case .outOfMemory?:
            return memoryAction(record)
        case .failed?, .completed?:
            break
        default:
            return .report("\(record.failureReason ?? "failed") — no automatic recovery")
        }
        guard !vaspFailures.isEmpty else {
            return .report("\(record.failureReason ?? "failed"): no known VASP error in the output; look at the job's output")
        }
        var refusals: [String] = []
        for kind in vaspFailures {
            guard let fixes = VASPFixTable.fixes(for: kind) else {
                refusals.append("\(kind): no fix in the table")
                continue
            }
            guard let next = fixes.first(where: { !triedFixes.contains(VASPFixTable.fixID(kind, $0)) }) else {
                refusals.append("\(kind): every fix in the table was tried")
                continue
            }
            switch next.fixClass {
            case .energyNeutral:
                return .applyFix(kind: kind, fix: next)
            case .energyChanging:
                if policy.energyChangingFixes == .refuse {
                    refusals.append("\(kind): the next fix (\(next.changes.map(\.description).joined(separator: ", "))) changes the energy and the study refuses such fixes; apply it to all three calculations of \(record.interface) by hand, or allow it")
                    continue
                }
                return .applyFixToInterface(kind: kind, fix: next, interface: record.interface)
            case .geometryChanging:
                refusals.append("\(kind): the remaining fix (\(next.name)) would change the structure and is never applied — \(next.explanation)")
            }
        }
        return .report(refusals.joined(separator: "; "))
    }

    func memoryAction(_ record: CalculationRecord) -> RecoveryAction {
        let memory = record.overrides.memoryMB ?? baseline.memoryMB
        if let memory {
            let doubled = memory * 2
            if baseline.maximumMemoryMB.map({ doubled <= $0 }) ?? true {
                var o = record.overrides
                o.memoryMB = doubled
                return .moreResources(o, reason: "Slurm OUT_OF_MEMORY: memory \(memory) → \(doubled) MB")
            }
        }
        let tasks = record.overrides.tasksPerNode ?? baseline.tasksPerNode
        if let tasks, tasks > 1 {
            var o = record.overrides
            o.tasksPerNode = tasks / 2
            return .moreResources(o, reason: "Slurm OUT_OF_MEMORY: tasks per node \(tasks) → \(tasks / 2)")
        }
        return .report("Slurm OUT_OF_MEMORY and neither memory nor tasks per node can change (memory \(memory.map { "\($0) MB" } ?? "unknown"), tasks \(tasks.map(String.init) ?? "unknown")); set them in the cluster profile")
    }
}
