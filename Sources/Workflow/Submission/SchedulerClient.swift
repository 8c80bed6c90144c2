import Foundation

/// What the submitter needs from a batch scheduler. The Slurm module's client conforms through
/// `SlurmSchedulerClient`; keeping this protocol small keeps the state machine independent of how
/// Slurm is reached (local commands or ssh).
public protocol SchedulerClient: Sendable {
    /// Fails fast (a few seconds) with `.controllerUnreachable` when the controller does not answer.
    func ping() async throws(SchedulerError)

    /// Submits one job (`sbatch`); returns the scheduler's job id.
    func submit(_ job: JobSubmission) async throws(SchedulerError) -> String

    /// Every job the scheduler still knows (pending, running, and finished ones it remembers)
    /// carrying one of these tags — in one scheduler query whatever their number.
    func jobs(tags: Set<JobTag>) async throws(SchedulerError) -> [SchedulerJob]

    /// The states of these job ids (live ones from the queue, finished ones from accounting or
    /// `scontrol`); ids the scheduler has forgotten are absent from the result.
    func states(jobIDs: [String]) async throws(SchedulerError) -> [String: SchedulerJob]

    /// Cancels these jobs (`scancel`); unknown or finished ids are not an error.
    func cancel(jobIDs: [String]) async throws(SchedulerError)

    /// The site's limits and the user's current load (`MaxSubmitJobs`, queued jobs).
    func limits() async throws(SchedulerError) -> SchedulerLimits
}

/// What identifies a job as one attempt of one calculation: `ID~N` as the job's name and
/// comment (`~` cannot occur in a calculation id, see `StateStore.isValidCalculationID`).
public struct JobTag: Sendable, Hashable, CustomStringConvertible {
    /// Adhere's calculation id.
    public var calculationID: String
    /// The attempt (1 for the first submission).
    public var attempt: Int

    /// Creates a tag.
    public init(calculationID: String, attempt: Int) {
        self.calculationID = calculationID
        self.attempt = attempt
    }

    /// Reads `ID~N`; nil for any other text.
    public init?(text: String) {
        guard let cut = text.lastIndex(of: "~"), let n = Int(text[text.index(after: cut)...]), n > 0 else { return nil }
        calculationID = String(text[..<cut])
        attempt = n
        if calculationID.isEmpty { return nil }
    }

    /// `ID~N`.
    public var text: String { "\(calculationID)~\(attempt)" }
    public var description: String { text }
}

/// One job to submit.
public struct JobSubmission: Sendable, Equatable {
    /// Adhere's calculation id.
    public var calculationID: String
    /// The attempt number.
    public var attempt: Int
    /// The job's name and comment: `ID~attempt`.
    public var tag: JobTag { JobTag(calculationID: calculationID, attempt: attempt) }
    /// The calculation folder (absolute), where the job runs.
    public var directory: URL
    /// Resource changes for this attempt (from recovery).
    public var overrides: ResourceOverrides

    /// Creates a submission.
    public init(calculationID: String, attempt: Int, directory: URL, overrides: ResourceOverrides = ResourceOverrides()) {
        self.calculationID = calculationID
        self.attempt = attempt
        self.directory = directory
        self.overrides = overrides
    }
}

/// A job as the scheduler reports it.
public struct SchedulerJob: Sendable, Equatable {
    /// The scheduler's job id.
    public var jobID: String
    /// The tag read back from the job's name or comment (nil for jobs Adhere did not submit).
    public var tag: JobTag?
    /// The calculation id from the tag.
    public var calculationID: String? { tag?.calculationID }
    /// The attempt from the tag.
    public var attempt: Int? { tag?.attempt }
    /// The state, verbatim and classified.
    public var state: SchedulerJobState
    /// The pending reason or final reason (`Resources`, `TimeLimit`, `DependencyNeverSatisfied`…).
    public var reason: String?
    /// The exit code as Slurm prints it (`1:0`), when known.
    public var exitCode: String?

    /// Creates a job description.
    public init(jobID: String, tag: JobTag?, state: SchedulerJobState, reason: String? = nil, exitCode: String? = nil) {
        self.jobID = jobID
        self.tag = tag
        self.state = state
        self.reason = reason
        self.exitCode = exitCode
    }
}

/// A Slurm job state, classified. Unknown strings are kept, reported, and never crash anything.
public enum SchedulerJobState: Sendable, Equatable, CustomStringConvertible {
    case pending
    case running
    /// COMPLETING, CONFIGURING, SUSPENDED, STOPPED, REQUEUED, RESIZING, SIGNALING, STAGE_OUT:
    /// still alive but neither pending nor simply running.
    case transitional(String)
    case completed
    case failed
    case timeout
    case outOfMemory
    case nodeFail
    case preempted
    case cancelled
    /// DEADLINE, BOOT_FAIL, SPECIAL_EXIT, REVOKED and anything not known to Adhere.
    case other(String)

    /// Classifies a state string as `squeue`, `sacct` or `scontrol` print it
    /// (`CANCELLED by 0` → cancelled, `PD` → pending).
    public init(slurm text: String) {
        let word = text.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)?.uppercased() ?? ""
        switch word {
        case "PENDING", "PD": self = .pending
        case "RUNNING", "R": self = .running
        case "COMPLETING", "CG", "CONFIGURING", "CF", "SUSPENDED", "S", "STOPPED", "ST", "REQUEUED", "RQ",
             "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING", "RS", "SIGNALING", "SI", "STAGE_OUT", "SO", "RESV_DEL_HOLD":
            self = .transitional(word)
        case "COMPLETED", "CD": self = .completed
        case "FAILED", "F": self = .failed
        case "TIMEOUT", "TO": self = .timeout
        case "OUT_OF_MEMORY", "OOM": self = .outOfMemory
        case "NODE_FAIL", "NF": self = .nodeFail
        case "PREEMPTED", "PR": self = .preempted
        case "CANCELLED", "CA": self = .cancelled
        default: self = .other(text.trimmingCharacters(in: .whitespaces))
        }
    }

    /// True while the job may still run.
    public var isLive: Bool {
        switch self {
        case .pending, .running, .transitional: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .pending: return "PENDING"
        case .running: return "RUNNING"
        case .transitional(let s): return s
        case .completed: return "COMPLETED"
        case .failed: return "FAILED"
        case .timeout: return "TIMEOUT"
        case .outOfMemory: return "OUT_OF_MEMORY"
        case .nodeFail: return "NODE_FAIL"
        case .preempted: return "PREEMPTED"
        case .cancelled: return "CANCELLED"
        case .other(let s): return s
        }
    }
}

/// Site limits and the user's current load.
public struct SchedulerLimits: Sendable, Equatable {
    /// The most jobs the user may have queued or running (`MaxSubmitJobs`), if the site sets one.
    public var maxSubmitJobs: Int?
    /// The largest job array (`MaxArraySize`), if known.
    public var maxArraySize: Int?
    /// The user's jobs now pending or running (all of them, not only Adhere's).
    public var userJobsInQueue: Int

    /// Creates limits.
    public init(maxSubmitJobs: Int?, maxArraySize: Int?, userJobsInQueue: Int) {
        self.maxSubmitJobs = maxSubmitJobs
        self.maxArraySize = maxArraySize
        self.userJobsInQueue = userJobsInQueue
    }
}

/// Why a scheduler call failed, classified for the submitter's decisions.
public enum SchedulerError: Error, Equatable, CustomStringConvertible {
    /// The controller does not answer (slurmctld down, network): fail fast, touch nothing.
    case controllerUnreachable(String)
    /// The command ran out of time: the job may or may not have been created.
    case timedOut(String)
    /// The site says slow down (too many RPCs, submissions temporarily refused): back off.
    case rateLimited(String)
    /// The user's submit limit is reached (`MaxSubmitJobs`, QOS limit): stop submitting.
    case submitLimitReached(String)
    /// The scheduler refused this job (bad partition, memory, time…): it was not created.
    case rejected(String)
    /// Anything else (the message as printed).
    case other(String)

    public var description: String {
        switch self {
        case .controllerUnreachable(let m):
            return "the Slurm controller does not answer (\(m)); nothing was changed — try again when it is back"
        case .timedOut(let m): return "Slurm did not answer in time (\(m))"
        case .rateLimited(let m): return "Slurm asks to slow down (\(m))"
        case .submitLimitReached(let m): return "the submit limit is reached (\(m))"
        case .rejected(let m): return "Slurm refused the job: \(m)"
        case .other(let m): return "Slurm: \(m)"
        }
    }
}
