/// Why a job waits (squeue's Reason for a PENDING job), split by what Adhere should do.
///
/// Sorted against Slurm's JOB REASON CODES (`man squeue`, job_reason_codes.html):
/// - `AssocMax*` / `QOSMax*` … `PerJobLimit` ("a portion of the job request exceeds a maximum
///   limit … PerJob") and `MaxMemPerLimit` (memory per CPU or node above the limit) cannot be met
///   by waiting: the request itself is too large → blocked.
/// - `…PerUser…`, `AssocGrp*`, `QOSGrp*` are aggregate limits on running work → waiting.
/// - `PartitionDown` / `PartitionInactive` resolve only when an administrator changes the
///   partition → held (needs a person; the job is left queued, not cancelled).
public enum PendingReason: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Waiting normally (Priority, Resources, Dependency, BeginTime, group limits, ...): keep waiting.
    case waiting(String)
    /// The job can never start as submitted: cancel it and report `advice`.
    case blocked(String)
    /// Held by a user or an administrator, or its partition is down or inactive: waits for a
    /// person; left in the queue and reported.
    case held(String)

    /// What the user should change, for each reason that never resolves.
    static let advice: [String: String] = [
        "PartitionTimeLimit": "the requested time exceeds the partition's limit; lower the profile's time or choose another partition",
        "PartitionNodeLimit": "the requested nodes exceed the partition's limit; lower the profile's nodes",
        "PartitionConfig": "the request cannot fit the partition (CPUs, memory or nodes); fix the cluster profile",
        "DependencyNeverSatisfied": "a job this one depends on failed; the dependency can never be met",
        "InvalidAccount": "the account is invalid; fix the profile's account",
        "InvalidQOS": "the QOS is invalid; fix the profile's qos",
        "AccountNotAllowed": "the account may not use this partition",
        "QOSNotAllowed": "the QOS may not be used in this partition",
        "BadConstraints": "the constraints cannot be satisfied by any node",
        "MaxMemPerLimit": "the memory per CPU or per node exceeds the site's limit; lower the profile's memory",
    ]

    /// Reasons that wait for an administrator (not cancelled).
    static let administrative: Set<String> = ["PartitionDown", "PartitionInactive", "Held", "JobHeldUser", "JobHeldAdmin"]

    /// Classifies squeue's Reason text (the first word; `(null)`/`None` → waiting).
    public init(_ raw: String) {
        let reason = raw.trimmed.split(whereSeparator: { $0 == " " || $0 == "," }).first.map(String.init) ?? ""
        if Self.administrative.contains(reason) || reason.hasPrefix("JobHeld") {
            self = .held(reason)
        } else if Self.advice[reason] != nil || Self.isPerJobMaximum(reason) {
            self = .blocked(reason)
        } else {
            self = .waiting(reason)
        }
    }

    /// `AssocMax…PerJobLimit`, `QOSMax…PerJobLimit` (e.g. QOSMaxWallDurationPerJobLimit): one job
    /// asks more than any single job may; per-user and group limits (…PerUser…, …Grp…) pass with time.
    static func isPerJobMaximum(_ reason: String) -> Bool {
        reason.hasSuffix("PerJobLimit") && (reason.hasPrefix("AssocMax") || reason.hasPrefix("QOSMax") || reason.hasPrefix("Max"))
    }

    /// Slurm's text.
    public var description: String {
        switch self {
        case let .waiting(r), let .blocked(r), let .held(r): return r
        }
    }

    /// For a blocked job: what to change (one sentence); nil otherwise.
    public var fix: String? {
        guard case let .blocked(r) = self else { return nil }
        return Self.advice[r] ?? "the request exceeds a per-job limit of the account or QOS (\(r)); lower the profile's time, nodes or memory"
    }

    /// True when the job will never start without someone changing it.
    public var isBlocking: Bool {
        if case .waiting = self { return false }
        return true
    }
}
