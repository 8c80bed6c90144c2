/// How a finished Slurm job ended, as Adhere's recovery needs to tell them apart.
public enum JobOutcome: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// JobState COMPLETED with exit code 0.
    case completed
    /// The batch script exited non-zero (`exitCode`) or was killed by `signal` (FAILED).
    case failed(exitCode: Int32, signal: Int32)
    /// The wall time limit was reached (TIMEOUT).
    case timeout
    /// The job used more memory than it asked for (OUT_OF_MEMORY).
    case outOfMemory
    /// A node failed under the job (NODE_FAIL, also BOOT_FAIL).
    case nodeFail
    /// The job was preempted (PREEMPTED).
    case preempted
    /// Someone cancelled it (CANCELLED, "CANCELLED by UID").
    case cancelled
    /// The job could not end before its `--deadline` (DEADLINE).
    case deadline
    /// A state Adhere does not know, kept verbatim; reported, never fatal.
    case unknown(String)

    /// Maps Slurm's final JobState text (and ExitCode `exit:signal`) to an outcome.
    public init(state raw: String, exitCode: Int32 = 0, signal: Int32 = 0) {
        let state = raw.split(separator: " ").first.map(String.init) ?? raw
        switch state.uppercased() {
        case "COMPLETED":
            self = (exitCode == 0 && signal == 0) ? .completed : .failed(exitCode: exitCode, signal: signal)
        case "FAILED": self = .failed(exitCode: exitCode, signal: signal)
        case "TIMEOUT": self = .timeout
        case "OUT_OF_MEMORY", "OUT_OF_ME+": self = .outOfMemory
        case "NODE_FAIL", "BOOT_FAIL": self = .nodeFail
        case "PREEMPTED": self = .preempted
        case "CANCELLED", "CANCELLED+": self = .cancelled
        case "DEADLINE": self = .deadline
        default: self = .unknown(raw)
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
        case let .unknown(raw): return "UNKNOWN(\(raw))"
        }
    }

    /// Slurm's states that mean the job is over.
    public static let terminalStates: Set<String> = [
        "COMPLETED", "FAILED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "PREEMPTED", "CANCELLED",
        "DEADLINE", "SPECIAL_EXIT", "REVOKED",
    ]
}

/// Why a job waits, split into reasons that resolve with time and reasons that never will.
public enum PendingReason: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Waiting normally (Priority, Resources, Dependency, BeginTime, QOS/association limits on
    /// running jobs, ...): keep waiting.
    case waiting(String)
    /// The job can never start as submitted (PartitionTimeLimit, DependencyNeverSatisfied,
    /// InvalidAccount, InvalidQOS, per-job limits, ...): cancel it and report an error.
    case blocked(String)
    /// Held by a user or an administrator: needs a person.
    case held(String)

    /// Reasons after which the job never starts on its own.
    public static let neverResolving: Set<String> = [
        "PartitionTimeLimit", "PartitionNodeLimit", "PartitionConfig", "DependencyNeverSatisfied",
        "InvalidAccount", "InvalidQOS", "QOSNotAllowed", "AccountNotAllowed", "BadConstraints", "MaxMemPerLimit",
    ]

    public init(_ raw: String) {
        if raw.hasPrefix("JobHeld") || raw == "Held" { self = .held(raw); return }
        // Per-job maxima (QOSMaxWallDurationPerJobLimit, AssocMaxCpuPerJobLimit, ...) cannot be
        // met by waiting; per-user and group limits (...PerUser..., ...Grp...) can.
        if Self.neverResolving.contains(raw) || (raw.hasSuffix("PerJobLimit") && raw.contains("Max")) {
            self = .blocked(raw)
        } else {
            self = .waiting(raw)
        }
    }

    /// Slurm's text.
    public var description: String {
        switch self {
        case let .waiting(r), let .blocked(r), let .held(r): return r
        }
    }

    /// True when the job will never start without someone changing it.
    public var isBlocking: Bool {
        if case .waiting = self { return false }
        return true
    }
}

/// Where a job stands, from one line of `squeue`.
public enum JobPhase: Sendable, Equatable, Hashable {
    case pending(PendingReason)
    case running
    /// Ending (COMPLETING, STAGE_OUT, SIGNALING): final state soon.
    case completing
    /// Over, with its outcome (exit code included, from squeue's `exit_code`).
    case finished(JobOutcome)
    /// Suspended, requeued, held after requeue, ...: Slurm's text.
    case other(String)
}

/// One job as `squeue` reports it.
public struct JobSnapshot: Sendable, Equatable, Hashable {
    /// Slurm's job id (`123`, or `123_4` for an array task).
    public var jobID: String
    /// JobState text (`PENDING`, `RUNNING`, `COMPLETED`, ...).
    public var state: String
    /// Reason text (`None`, `Priority`, `PartitionTimeLimit`, ...).
    public var reason: String
    /// Job name (Adhere puts the calculation id here).
    public var name: String
    /// Job comment (Adhere puts the calculation id here too).
    public var comment: String

    /// The batch script's raw wait status once the job ended (squeue's `exit_code`): exit code
    /// × 256 + signal. Nil when unknown.
    public var waitStatus: Int32?

    public init(jobID: String, state: String, reason: String, name: String, comment: String, waitStatus: Int32? = nil) {
        self.jobID = jobID; self.state = state; self.reason = reason; self.name = name; self.comment = comment
        self.waitStatus = waitStatus
    }

    /// Exit code and signal from `waitStatus` (0, 0 when unknown).
    public var exitCodeAndSignal: (exit: Int32, signal: Int32) {
        guard let w = waitStatus else { return (0, 0) }
        return ((w >> 8) & 0xFF, w & 0x7F)
    }

    /// The phase derived from `state` and `reason`.
    public var phase: JobPhase {
        switch state {
        case "PENDING": return .pending(PendingReason(reason))
        case "RUNNING", "CONFIGURING", "RESIZING": return .running
        case "COMPLETING", "STAGE_OUT", "SIGNALING": return .completing
        case _ where JobOutcome.terminalStates.contains(state):
            let (e, s) = exitCodeAndSignal
            return .finished(JobOutcome(state: state, exitCode: e, signal: s))
        default: return .other(state)
        }
    }

    /// The Adhere calculation id this job carries (comment first, else name), if any.
    public var calculationID: String { comment.isEmpty || comment == "(null)" ? name : comment }
}

/// A finished job's final record (`sacct` or `scontrol show job`).
public struct JobFinalState: Sendable, Equatable, Hashable {
    public var jobID: String
    public var outcome: JobOutcome
    /// JobState text as Slurm printed it.
    public var rawState: String
    public var reason: String
    /// `ExitCode` as `exit:signal`.
    public var exitCode: Int32
    public var signal: Int32

    /// True when the job is over (then `outcome` is meaningful).
    public var isFinished: Bool {
        let word = rawState.split(separator: " ").first.map(String.init) ?? rawState
        return JobOutcome.terminalStates.contains(word)
    }
}
