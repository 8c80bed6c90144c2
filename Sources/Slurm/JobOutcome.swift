/// How a finished Slurm job ended, as Adhere's recovery needs to tell them apart.
///
/// The names follow Slurm's JOB STATE CODES (`man squeue`); `SlurmStateName` reads the text.
public enum JobOutcome: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// JobState COMPLETED with exit code 0.
    case completed
    /// The batch script exited non-zero (`exitCode`) or was killed by `signal` (FAILED).
    case failed(exitCode: Int32, signal: Int32)
    /// The wall time limit was reached (TIMEOUT).
    case timeout
    /// The job used more memory than it asked for (OUT_OF_MEMORY, short code OOM).
    case outOfMemory
    /// The job's node failed (NODE_FAIL) or could not be booted to launch it (BOOT_FAIL,
    /// "launch failure, typically due to a hardware failure"): not the calculation's fault.
    case nodeFail
    /// The job was preempted (PREEMPTED).
    case preempted
    /// Someone cancelled it (CANCELLED, "CANCELLED by UID").
    case cancelled
    /// The job could not end before its `--deadline` (DEADLINE).
    case deadline
    /// A final state without a recovery of its own (SPECIAL_EXIT, REVOKED, or one Adhere does
    /// not know), kept verbatim; reported, never fatal.
    case unknown(String)

    /// Maps Slurm's final JobState text (long name, short code, `CANCELLED by 0`, sacct's
    /// truncated `OUT_OF_ME+`) and ExitCode `exit:signal` to an outcome.
    public init(state raw: String, exitCode: Int32 = 0, signal: Int32 = 0) {
        switch SlurmStateName(raw).name {
        case "COMPLETED":
            self = (exitCode == 0 && signal == 0) ? .completed : .failed(exitCode: exitCode, signal: signal)
        case "FAILED": self = .failed(exitCode: exitCode, signal: signal)
        case "TIMEOUT": self = .timeout
        case "OUT_OF_MEMORY": self = .outOfMemory
        case "NODE_FAIL", "BOOT_FAIL": self = .nodeFail
        case "PREEMPTED": self = .preempted
        case "CANCELLED": self = .cancelled
        case "DEADLINE": self = .deadline
        default: self = .unknown(raw.trimmed)
        }
    }

    /// Slurm's name for the outcome.
    public var description: String {
        switch self {
        case .completed: return "COMPLETED"
        case let .failed(code, signal): return signal == 0 ? "FAILED(exit \(code))" : "FAILED(exit \(code), signal \(signal))"
        case .timeout: return "TIMEOUT"
        case .outOfMemory: return "OUT_OF_MEMORY"
        case .nodeFail: return "NODE_FAIL"
        case .preempted: return "PREEMPTED"
        case .cancelled: return "CANCELLED"
        case .deadline: return "DEADLINE"
        case let .unknown(raw): return raw
        }
    }
}
