/// Where a job stands: Slurm's JobState (and Reason, exit status) read once, typed.
public enum JobPhase: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// PENDING, with why.
    case pending(PendingReason)
    /// RUNNING, CONFIGURING, RESIZING.
    case running
    /// Ending (COMPLETING, STAGE_OUT, SIGNALING): the final state follows soon.
    case completing
    /// Alive but stopped or sent back (SUSPENDED, STOPPED, REQUEUED, REQUEUE_HOLD, REQUEUE_FED,
    /// RESV_DEL_HOLD): Slurm's name.
    case suspended(String)
    /// Over, with its outcome.
    case finished(JobOutcome)

    /// Reads state text (any form `SlurmStateName` knows), the Reason and the exit code.
    /// A state name Adhere does not know counts as finished with an `.unknown` outcome only when
    /// it is one of Slurm's final states; otherwise it is `.suspended(name)` — still alive, so
    /// Adhere never resubmits a job that may run.
    public init(state: String, reason: String = "", exitCode: Int32 = 0, signal: Int32 = 0) {
        let name = SlurmStateName(state)
        switch name.name {
        case "PENDING": self = .pending(PendingReason(reason))
        case "RUNNING", "CONFIGURING", "RESIZING": self = .running
        case "COMPLETING", "STAGE_OUT", "SIGNALING": self = .completing
        case _ where name.isFinal: self = .finished(JobOutcome(state: state, exitCode: exitCode, signal: signal))
        default: self = .suspended(name.name)
        }
    }

    /// True while the job may still run (everything but `.finished`).
    public var isLive: Bool {
        if case .finished = self { return false }
        return true
    }

    /// The outcome, once finished.
    public var outcome: JobOutcome? {
        if case let .finished(o) = self { return o }
        return nil
    }

    /// Slurm's state name (`PENDING`, `RUNNING`, `OUT_OF_MEMORY`, …).
    public var description: String {
        switch self {
        case .pending: return "PENDING"
        case .running: return "RUNNING"
        case .completing: return "COMPLETING"
        case let .suspended(name): return name
        case let .finished(outcome):
            if case .failed = outcome { return "FAILED" }
            return outcome.description
        }
    }
}

/// One job as `squeue` (or `sacct`) lists it.
public struct JobSnapshot: Sendable, Equatable, Hashable {
    /// Slurm's job id (`123`, or `123_4` for an array task).
    public var jobID: String
    /// JobState text (`PENDING`, `RUNNING`, `COMPLETED`, ...), as printed.
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

    /// The phase derived from `state`, `reason` and the exit status.
    public var phase: JobPhase {
        let (e, s) = exitCodeAndSignal
        return JobPhase(state: state, reason: reason, exitCode: e, signal: s)
    }

    /// The reason, nil when Slurm gives none (`None`, `(null)`, empty).
    public var reasonText: String? {
        let t = reason.trimmed
        return t.isEmpty || t == "None" || t == "(null)" ? nil : t
    }

    /// The Adhere calculation id this job carries (comment first, else name), if any.
    public var calculationID: String { comment.isEmpty || comment == "(null)" ? name : comment }
}

/// A job's record by id (`sacct`, `squeue -j` or `scontrol show job`), live or finished.
public struct JobFinalState: Sendable, Equatable, Hashable {
    public var jobID: String
    /// The phase (`.finished(outcome)` once the job is over).
    public var phase: JobPhase
    /// JobState text as Slurm printed it.
    public var rawState: String
    public var reason: String
    /// `ExitCode` as `exit:signal`.
    public var exitCode: Int32
    public var signal: Int32

    public init(jobID: String, rawState: String, reason: String, exitCode: Int32, signal: Int32) {
        self.jobID = jobID
        self.rawState = rawState
        self.reason = reason
        self.exitCode = exitCode
        self.signal = signal
        phase = JobPhase(state: rawState, reason: reason, exitCode: exitCode, signal: signal)
    }

    /// The outcome (`.unknown(state)` while the job is live).
    public var outcome: JobOutcome { phase.outcome ?? .unknown(rawState) }

    /// True when the job is over (then `outcome` is meaningful).
    public var isFinished: Bool { !phase.isLive }
}
