import Foundation
import Slurm

/// What the submitter needs from a batch scheduler. The Slurm module's client conforms through
/// `SlurmSchedulerClient`; keeping this protocol small keeps the state machine independent of how
/// Slurm is reached (local commands or ssh).
public protocol SchedulerClient: Sendable {
    /// Fails fast (a few seconds) with `.controllerUnreachable` when the controller does not answer.
    func ping() async throws(SchedulerError)

    /// Submits one job (`sbatch`); returns the scheduler's job id.
    func submit(_ job: JobSubmission) async throws(SchedulerError) -> String

    /// Every job the scheduler still knows (pending, running, and finished ones it remembers)
    /// carrying one of these tags' calculation ids, and the user's load — in ONE scheduler query
    /// whatever their number.
    func jobs(tags: Set<JobTag>) async throws(SchedulerError) -> SchedulerSnapshot

    /// The states of these job ids (live ones from the queue, finished ones from accounting or
    /// `scontrol`); ids the scheduler has forgotten are absent from the result.
    func states(jobIDs: [String]) async throws(SchedulerError) -> [String: SchedulerJob]

    /// Cancels these jobs (`scancel`); unknown or finished ids are not an error.
    func cancel(jobIDs: [String]) async throws(SchedulerError)

    /// The site's limits (`MaxSubmitJobs`, `MaxJobCount`); asked once, then remembered.
    func limits() async throws(SchedulerError) -> SiteLimits
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

/// A job as the scheduler reports it: the Slurm module's typed phase, never a state string.
public struct SchedulerJob: Sendable, Equatable {
    /// The scheduler's job id.
    public var jobID: String
    /// The tag read back from the job's name or comment (nil for jobs Adhere did not submit).
    public var tag: JobTag?
    /// The calculation id from the tag.
    public var calculationID: String? { tag?.calculationID }
    /// The attempt from the tag.
    public var attempt: Int? { tag?.attempt }
    /// Where the job stands (pending with its typed reason, running, finished with its outcome).
    public var phase: JobPhase
    /// The reason text as Slurm printed it (`Resources`, `TimeLimit`, …), nil for none.
    public var reason: String?
    /// True when the exit status is known (from squeue's `exit_code` or accounting).
    public var exitKnown: Bool

    /// Creates a job description.
    public init(jobID: String, tag: JobTag?, phase: JobPhase, reason: String? = nil, exitKnown: Bool = true) {
        self.jobID = jobID
        self.tag = tag
        self.phase = phase
        self.reason = reason
        self.exitKnown = exitKnown
    }
}

/// What one query of the queue returned: Adhere's jobs and the user's load.
public struct SchedulerSnapshot: Sendable, Equatable {
    /// Jobs carrying one of the asked tags' calculation ids.
    public var jobs: [SchedulerJob]
    /// The user's jobs that may still run (what MaxSubmitJobs counts).
    public var userLiveJobs: Int
    /// The user's job records the controller holds, finished ones included (MaxJobCount).
    public var userJobRecords: Int

    /// Creates a snapshot.
    public init(jobs: [SchedulerJob], userLiveJobs: Int = 0, userJobRecords: Int = 0) {
        self.jobs = jobs
        self.userLiveJobs = userLiveJobs
        self.userJobRecords = userJobRecords
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
