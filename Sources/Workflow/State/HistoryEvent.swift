import GRDB

/// What caused a row of a calculation's history (`transition.event`). Code decides on these
/// cases, never on the note, which is for people.
public enum HistoryEvent: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Registered or rebuilt by `adhere build`.
    case build
    /// About to run sbatch (the intent row, before the job exists).
    case intent
    /// sbatch answered (job id recorded) or refused.
    case sbatch
    /// A state seen in the scheduler's queue.
    case poll
    /// A job found by calculation id (adopted), or an intent that never became a job.
    case reconcile
    /// A job cancelled because its pending reason never resolves.
    case blockedInQueue = "blocked-in-queue"
    /// The output was parsed (or found broken) by collect.
    case collect
    /// Recovery changed the calculation (fix applied, resubmission, continuation).
    case recovery
    /// Recovery gave up: a person has to look (the calculation stays failed).
    case recoveryGaveUp = "recovery-gave-up"
    /// Re-armed by `adhere retry`.
    case retry
    /// Cancelled by `adhere cancel` (or for an interface-wide rerun).
    case cancel
    /// Remote work root only (docs/real-cluster.md): about to upload the inputs (intent).
    case stageIntent = "stage-intent"
    /// The inputs are in the remote folder, verified; sbatch may follow.
    case staged
    /// About to download the outputs of the last attempt (intent).
    case fetchIntent = "fetch-intent"
    /// The outputs of the last attempt are in the local folder, verified; collect may parse them.
    case fetched
    /// The remote folder was deleted (the profile's `remote_cleanup`).
    case remoteCleanup = "remote-clean-up"
    /// A row written by a newer or older Adhere with an event this one does not know.
    case unrecognised

    /// Reads the stored text; unknown text becomes `.unrecognised` rather than an error.
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> HistoryEvent? {
        String.fromDatabaseValue(dbValue).map { HistoryEvent(rawValue: $0) ?? .unrecognised }
    }

    public init(from decoder: any Decoder) throws {
        self = HistoryEvent(rawValue: try decoder.singleValueContainer().decode(String.self)) ?? .unrecognised
    }
}
