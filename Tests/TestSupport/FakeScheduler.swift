import Foundation
import Slurm
import Workflow

/// A scheduler without Slurm, for the decision logic's tests: jobs live in memory, each call is
/// counted, and the test sets what the "queue" says (`setPhase`, `forget`) or lets `onSubmit`
/// decide a new job's phase (e.g. run vasp-standin at once and report COMPLETED).
public final class FakeScheduler: SchedulerClient, @unchecked Sendable {
    private let lock = NSLock()
    private var table: [String: SchedulerJob] = [:]
    private var nextID: Int
    private var counts: [String: Int] = [:]
    private var refusals = 0
    private var refused = 0
    private var siteLimits: SiteLimits

    /// Decides the phase of a job when it is submitted (default: pending, Priority).
    public var onSubmit: @Sendable (JobSubmission) -> JobPhase
    /// Errors `submit` throws, one per call, before it succeeds again.
    public var submitErrors: [SchedulerError] = []

    /// Creates an empty fake; job ids start at `firstJobID`.
    public init(firstJobID: Int = 1, limits: SiteLimits = SiteLimits(config: [:]),
                onSubmit: @escaping @Sendable (JobSubmission) -> JobPhase = { _ in .pending(.waiting("Priority")) }) {
        nextID = firstJobID
        siteLimits = limits
        self.onSubmit = onSubmit
    }

    /// Status calls (ping, queue listing) to refuse from the moment a job exists, as a
    /// controller restarting mid-run does.
    public func refuseCalls(_ n: Int) { lock.withLock { refusals = n } }
    /// Status calls refused so far.
    public var callsRefused: Int { lock.withLock { refused } }
    /// Calls of one method so far (`ping`, `submit`, `jobs`, `states`, `cancel`, `limits`).
    public func calls(_ method: String) -> Int { lock.withLock { counts[method, default: 0] } }
    /// Every job the fake knows.
    public var allJobs: [SchedulerJob] { lock.withLock { Array(table.values) } }

    /// Puts a job in the queue as if someone (a killed run) had submitted it.
    public func add(_ job: SchedulerJob) { lock.withLock { table[job.jobID] = job } }
    /// Changes what the queue says about a job.
    public func setPhase(_ jobID: String, _ phase: JobPhase, reason: String? = nil) {
        lock.withLock { table[jobID]?.phase = phase; table[jobID]?.reason = reason }
    }
    /// The controller forgets a job (purged after MinJobAge, no accounting).
    public func forget(_ jobID: String) { lock.withLock { _ = table.removeValue(forKey: jobID) } }

    private func count(_ method: String) { lock.withLock { counts[method, default: 0] += 1 } }

    private func refuseIfDown() throws(SchedulerError) {
        let refuse: Bool = lock.withLock {
            guard refusals > 0, !table.isEmpty else { return false }
            refusals -= 1
            refused += 1
            return true
        }
        if refuse { throw .controllerUnreachable("fake: slurmctld restarting") }
    }

    public func ping() async throws(SchedulerError) {
        count("ping")
        try refuseIfDown()
    }

    public func submit(_ job: JobSubmission) async throws(SchedulerError) -> String {
        count("submit")
        let error: SchedulerError? = lock.withLock { submitErrors.isEmpty ? nil : submitErrors.removeFirst() }
        if let error { throw error }
        let phase = onSubmit(job)
        return lock.withLock {
            let id = String(nextID)
            nextID += 1
            table[id] = SchedulerJob(jobID: id, tag: job.tag, phase: phase)
            return id
        }
    }

    public func jobs(tags: Set<JobTag>) async throws(SchedulerError) -> SchedulerSnapshot {
        count("jobs")
        try refuseIfDown()
        let ids = Set(tags.map(\.calculationID))
        return lock.withLock {
            SchedulerSnapshot(jobs: table.values.filter { $0.calculationID.map(ids.contains) ?? false },
                              userLiveJobs: table.values.filter { $0.phase.isLive }.count, userJobRecords: table.count)
        }
    }

    public func states(jobIDs: [String]) async throws(SchedulerError) -> [String: SchedulerJob] {
        count("states")
        return lock.withLock { table.filter { jobIDs.contains($0.key) } }
    }

    public func cancel(jobIDs: [String]) async throws(SchedulerError) {
        count("cancel")
        lock.withLock {
            for id in jobIDs where table[id]?.phase.isLive == true { table[id]?.phase = .finished(.cancelled) }
        }
    }

    public func limits() async throws(SchedulerError) -> SiteLimits {
        count("limits")
        return lock.withLock { siteLimits }
    }
}
