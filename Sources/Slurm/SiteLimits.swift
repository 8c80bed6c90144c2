/// What a cluster allows, read by `SlurmClient.siteLimits()` (once per client: a site's
/// configuration does not change while Adhere runs).
public struct SiteLimits: Sendable, Equatable {
    /// MaxJobCount: job records slurmctld holds at once — all users', pending, running AND
    /// finished ones not yet purged (they stay MinJobAge seconds). Past it, sbatch fails.
    public var maxJobCount: Int?
    /// MaxArraySize: array indices must be below this.
    public var maxArraySize: Int?
    /// MinJobAge in seconds: how long finished jobs stay visible to squeue/scontrol.
    public var minJobAgeSeconds: Int?
    /// AccountingStorageType is not `accounting_storage/none`: sacct works.
    public var accountingEnabled: Bool
    /// The user's association or QOS limit on queued + running jobs (MaxSubmitJobs), if any.
    public var maxSubmitJobsPerUser: Int?
    /// The user's limit on running jobs (MaxJobs), if any (only delays starts; not a submit cap).
    public var maxRunningJobsPerUser: Int?

    /// Limits from `scontrol show config`'s `Key = Value` pairs.
    public init(config: [String: String]) {
        func int(_ key: String) -> Int? {
            config[key].flatMap { Int($0.split(separator: " ").first ?? "") }
        }
        maxJobCount = int("MaxJobCount")
        maxArraySize = int("MaxArraySize")
        minJobAgeSeconds = int("MinJobAge")
        accountingEnabled = (config["AccountingStorageType"] ?? "accounting_storage/none") != "accounting_storage/none"
    }

    /// How many jobs may be submitted now, and which limit binds.
    public struct Budget: Sendable, Equatable {
        /// Jobs that may be submitted (≥ 0).
        public var jobs: Int
        /// The binding limit in words, nil when nothing binds below `Int.max`.
        public var limitedBy: String?
    }

    /// The submission budget given the load seen in one queue listing.
    /// - `profileCap`: the cluster profile's cap on this study's live jobs; `studyLiveJobs` of them now.
    /// - `userLiveJobs`: the user's pending + running jobs (what MaxSubmitJobs counts).
    /// - `userJobRecords`: the user's records in slurmctld, finished ones included: a lower bound
    ///   of what MaxJobCount counts (other users' jobs are not visible to `squeue --me`; sbatch's
    ///   refusal past it is retried with back-off).
    public func submissionBudget(profileCap: Int?, studyLiveJobs: Int, userLiveJobs: Int, userJobRecords: Int) -> Budget {
        var budget = Budget(jobs: Int.max, limitedBy: nil)
        func bound(_ n: Int, _ why: String) {
            if n < budget.jobs { budget = Budget(jobs: max(0, n), limitedBy: why) }
        }
        if let cap = profileCap { bound(cap - studyLiveJobs, "the profile's cap of \(cap) jobs in the queue (\(studyLiveJobs) there now)") }
        if let cap = maxSubmitJobsPerUser { bound(cap - userLiveJobs, "the site's MaxSubmitJobs=\(cap) (\(userLiveJobs) of your jobs in the queue)") }
        if let cap = maxJobCount { bound(cap - userJobRecords, "the site's MaxJobCount=\(cap) (\(userJobRecords) of your job records in slurmctld)") }
        return budget
    }
}
