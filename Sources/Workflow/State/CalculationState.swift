/// Where one calculation stands. The life of a calculation:
///
///     built → submitted → queued → running → finished → parsed
///                 ╰──────────┴─────────┴──→ failed(reason) | cancelled
///
/// `submitted` with no job id is an *intent*: Adhere wrote it just before calling `sbatch`, so a
/// crash in between leaves a trace that start-up reconciliation resolves by the calculation id.
/// `failed` and `cancelled` go back to `built` when a recovery step or `adhere retry` re-arms the
/// calculation; `finished` and `parsed` go back to `built` only when an energy-changing fix makes
/// the whole interface rerun.
public enum CalculationState: String, Codable, Sendable, CaseIterable {
    /// Inputs are written; not yet handed to Slurm.
    case built
    /// Handed to `sbatch` (intent, or accepted with a job id, not yet seen in the queue).
    case submitted
    /// Seen pending in the queue.
    case queued
    /// Seen running.
    case running
    /// The job ended (Slurm COMPLETED); outputs not yet read.
    case finished
    /// Outputs read and checked (by `adhere collect`).
    case parsed
    /// Ended badly; `CalculationRecord.failureReason` says why.
    case failed
    /// Cancelled by the user (or by Adhere for a duplicate or a never-resolving pending reason).
    case cancelled

    /// True while Slurm holds (or may hold) a job for the calculation.
    public var isLive: Bool { self == .submitted || self == .queued || self == .running }

    /// True for states no poll will change: finished, parsed, failed, cancelled.
    public var isSettled: Bool { self == .finished || self == .parsed || self == .failed || self == .cancelled }

    /// The states this one may move to.
    public var successors: Set<CalculationState> {
        switch self {
        case .built: return [.submitted, .cancelled]
        case .submitted: return [.built, .queued, .running, .finished, .failed, .cancelled]
        case .queued: return [.running, .finished, .failed, .cancelled]
        case .running: return [.queued, .finished, .failed, .cancelled]
        case .finished: return [.parsed, .failed, .built]
        case .parsed: return [.built, .failed]
        case .failed: return [.built]
        case .cancelled: return [.built]
        }
    }

    /// True when `self → next` is a legal transition (staying in the same state is always legal).
    public func canMove(to next: CalculationState) -> Bool { next == self || successors.contains(next) }
}
