/// What a cluster allows, read by `SlurmClient.siteLimits()`.
public struct SiteLimits: Sendable, Equatable {
    /// MaxJobCount: jobs slurmctld keeps at once (all users).
    public var maxJobCount: Int?
    /// MaxArraySize: array indices must be below this.
    public var maxArraySize: Int?
    /// MinJobAge in seconds: how long finished jobs stay visible to squeue/scontrol.
    public var minJobAgeSeconds: Int?
    /// AccountingStorageType is not `accounting_storage/none`: sacct works.
    public var accountingEnabled: Bool
    /// The user's association or QOS limit on queued + running jobs (MaxSubmitJobs), if any.
    public var maxSubmitJobsPerUser: Int?
    /// The user's limit on running jobs (MaxJobs), if any.
    public var maxRunningJobsPerUser: Int?
    /// Jobs the user has in the queue now (all of them, not only Adhere's).
    public var userQueuedJobs: Int?

    public init(config: [String: String]) {
        func int(_ key: String) -> Int? {
            config[key].flatMap { Int($0.split(separator: " ").first ?? "") }
        }
        maxJobCount = int("MaxJobCount")
        maxArraySize = int("MaxArraySize")
        minJobAgeSeconds = int("MinJobAge")
        accountingEnabled = (config["AccountingStorageType"] ?? "accounting_storage/none") != "accounting_storage/none"
    }

    /// How many more jobs may be submitted now without passing the profile's cap or the
    /// site's submit limit, given Adhere's own `adhereQueued` jobs in the queue.
    public func submissionBudget(profileMax: Int, adhereQueued: Int) -> Int {
        var budget = profileMax - adhereQueued
        if let cap = maxSubmitJobsPerUser, let mine = userQueuedJobs { budget = min(budget, cap - mine) }
        if let cap = maxJobCount, let mine = userQueuedJobs { budget = min(budget, cap - mine) }
        return max(budget, 0)
    }
}
