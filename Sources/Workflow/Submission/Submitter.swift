import Foundation
import Logging
import Slurm

/// Submits a study's built calculations without ever losing or duplicating a job.
///
/// For each calculation: (1) in one transaction, `built → submitted` with no job id and the
/// attempt counted — the *intent*; (2) `sbatch`; (3) in one transaction, the job id. A crash
/// between (1) and (3) leaves an intent that the next run's ``Reconciler`` resolves by the
/// calculation id (the job carries it as its name and comment). Before anything, the study is
/// locked and reconciled; a controller that does not answer stops the run before any write.
public struct Submitter: Sendable {
    /// Options of one run.
    public struct Options: Sendable {
        /// Submit at most this many calculations now (`--limit N`).
        public var limit: Int?
        /// The cluster profile's cap on this study's jobs in the queue (pending + running).
        public var queueCap: Int?
        /// Back-off on rate-limit errors.
        public var backoff: Backoff
        /// Wait for intents still in flight (see ``Reconciler/inFlightSeconds``) instead of
        /// leaving them for the next run.
        public var waitForInFlight: Bool
        /// Ping the controller first (fail fast on an outage). A poll loop that has seen the
        /// controller answer turns it off: then a poll costs one queue listing.
        public var checkController: Bool
        /// Remote work root mode: submit a built calculation only when its inputs are staged
        /// (its last history event is `staged`, see ``RemoteStaging``).
        public var requireStaged: Bool = false

        /// Creates options.
        public init(limit: Int? = nil, queueCap: Int? = nil, backoff: Backoff = Backoff(initialSeconds: 2),
                    waitForInFlight: Bool = true, checkController: Bool = true) {
            self.limit = limit
            self.queueCap = queueCap
            self.backoff = backoff
            self.waitForInFlight = waitForInFlight
            self.checkController = checkController
        }
    }

    /// What a run did.
    public struct Report: Sendable {
        /// What reconciliation changed first.
        public var reconciliation = Reconciler.Report()
        /// Submitted now: (calculation id, job id).
        public var submitted: [(calculationID: String, jobID: String)] = []
        /// Refused by Slurm: (calculation id, message); these are now `failed`.
        public var refused: [(calculationID: String, message: String)] = []
        /// Left for later because of `--limit`, the queue cap or the site's limit.
        public var deferred: [String] = []
        /// Why some were deferred (one sentence), if any.
        public var deferredReason: String?
        /// Intents whose sbatch outcome is unknown now (timeout); the next run resolves them.
        public var inDoubt: [String] = []
    }

    /// The scheduler.
    public var scheduler: any SchedulerClient
    /// The reconciler (sharing the scheduler).
    public var reconciler: Reconciler
    /// How to sleep (tests pass their own).
    public var sleep: @Sendable (Double) async -> Void
    let logger = Logger(label: "adhere.submit")

    /// Creates a submitter.
    public init(scheduler: any SchedulerClient, inFlightSeconds: Double = Reconciler.defaultInFlightSeconds,
                sleep: @escaping @Sendable (Double) async -> Void = { s in try? await Task.sleep(nanoseconds: UInt64(s * 1e9)) }) {
        self.scheduler = scheduler
        self.reconciler = Reconciler(scheduler: scheduler, inFlightSeconds: inFlightSeconds)
        self.sleep = sleep
    }

    /// Reconciles, then submits the study's `built` calculations within the limits.
    /// `beforeSubmitting` runs after reconciliation (recovery re-arms failed calculations there).
    public func run(_ store: StateStore, options: Options = Options(),
                    beforeSubmitting: ((StateStore) async throws -> Void)? = nil) async throws -> Report {
        let lock = try SubmissionLock(studyDirectory: store.studyDirectory)
        defer { withExtendedLifetime(lock) {} }
        var report = Report()
        report.reconciliation = try await reconcile(store, checkController: options.checkController)
        var rounds = 0
        while options.waitForInFlight, !report.reconciliation.inFlight.isEmpty, rounds < 3 {
            rounds += 1
            logger.info("waiting \(Int(reconciler.inFlightSeconds)) s for \(report.reconciliation.inFlight.count) submission(s) that may still be in flight")
            await sleep(reconciler.inFlightSeconds)
            let again = try await reconcile(store)
            report.reconciliation.changes += again.changes
            report.reconciliation.inFlight = again.inFlight
            report.reconciliation.cancelledDuplicates += again.cancelledDuplicates
        }
        if let beforeSubmitting { try await beforeSubmitting(store) }

        let all = try store.calculations()
        let lastEvents = options.requireStaged ? try store.lastHistoryEvents() : [:]
        let waiting = Self.submissionOrder(all.filter {
            $0.state == .built && !report.reconciliation.inFlight.contains($0.id)
                && (!options.requireStaged || RemoteStaging.isStaged(lastEvent: lastEvents[$0.id]))
        })
        guard !waiting.isEmpty else { return report }

        // Capacity: --limit, then the Slurm module's budget (the profile's cap on our live jobs,
        // the site's MaxSubmitJobs and MaxJobCount) with the load the reconciliation's listing saw.
        let limits: SiteLimits
        do { limits = try await scheduler.limits() } catch { throw SubmissionError.scheduler(error) }
        let budget = limits.submissionBudget(
            profileCap: options.queueCap, studyLiveJobs: all.filter(\.state.isLive).count,
            userLiveJobs: report.reconciliation.userLiveJobs ?? 0, userJobRecords: report.reconciliation.userJobRecords ?? 0)
        var capacity = budget.jobs
        var reason = budget.limitedBy
        if let limit = options.limit, limit < capacity { capacity = limit; reason = "--limit \(limit)" }

        var index = 0
        submitting: while index < waiting.count {
            if report.submitted.count >= capacity { break }
            let record = waiting[index]
            index += 1
            let attempt = record.attempts + 1
            do {
                try store.update(record.id, event: .intent, note: "about to run sbatch (attempt \(attempt))") {
                    $0.state = .submitted
                    $0.attempts = attempt
                    $0.slurmJobID = nil
                    $0.schedulerState = nil
                    $0.submittedAt = Date()
                    $0.endedAt = nil
                }
            } catch { throw SubmissionError.store(error) }
            let job = JobSubmission(calculationID: record.id, attempt: attempt,
                                    directory: store.studyDirectory.appendingPathComponent(record.folder),
                                    overrides: record.overrides)
            var retry = 0
            while true {
                do {
                    let jobID = try await scheduler.submit(job)
                    try store.update(record.id, event: .sbatch, note: "job \(jobID)") { $0.slurmJobID = jobID }
                    report.submitted.append((record.id, jobID))
                    continue submitting
                } catch let error as StateStoreError {
                    throw SubmissionError.store(error)
                } catch let error as SchedulerError {
                    switch error {
                    case .rateLimited(let message):
                        if retry < options.backoff.maxRetries {
                            retry += 1
                            let delay = options.backoff.delaySeconds(beforeRetry: retry)
                            logger.info("Slurm asks to slow down (\(message)); retrying in \(delay) s")
                            await sleep(delay)
                            continue
                        }
                        try revert(store, record.id, note: "sbatch still rate-limited after \(retry) retries: \(message)")
                        report.deferred += [record.id] + waiting[index...].map(\.id)
                        report.deferredReason = "Slurm kept refusing for rate limits (\(message))"
                        break submitting
                    case .submitLimitReached(let message):
                        try revert(store, record.id, note: "sbatch refused, submit limit reached: \(message)")
                        report.deferred += [record.id] + waiting[index...].map(\.id)
                        report.deferredReason = "the submit limit is reached (\(message))"
                        break submitting
                    case .rejected(let message):
                        try fail(store, record.id, reason: "sbatch refused the job: \(message)")
                        report.refused.append((record.id, message))
                        continue submitting
                    case .timedOut, .controllerUnreachable, .other:
                        // The job may exist: keep the intent for the next reconciliation.
                        try? store.transaction { tx throws(StateStoreError) in
                            try tx.note(record.id, event: .sbatch, note: "outcome unknown: \(error); reconciled on the next run")
                        }
                        report.inDoubt.append(record.id)
                        if case .timedOut = error { continue submitting }
                        throw SubmissionError.scheduler(error)
                    }
                }
            }
        }
        if index < waiting.count, report.deferredReason == nil {
            report.deferred += waiting[index...].map(\.id)
            report.deferredReason = reason
        }
        return report
    }

    /// The order built calculations go to Slurm in, which matters when the queue cap holds some
    /// back (a few cores): bulks and scan points first (every later stage waits for them), then
    /// interfaces (the longest relaxations), then films, substrates and slabs; the store's order
    /// (interface, id) within each. Measured on the paper example: docs/validation.md.
    static func submissionOrder(_ records: [CalculationRecord]) -> [CalculationRecord] {
        func rank(_ role: String) -> Int {
            switch CalculationRole(rawValue: role) {
            case .bulk, .scan: return 0
            case .interface: return 1
            default: return 2
            }
        }
        return records.enumerated()
            .sorted { (rank($0.element.role), $0.offset) < (rank($1.element.role), $1.offset) }
            .map(\.element)
    }

    /// Reconciles under the caller's lock, mapping errors.
    func reconcile(_ store: StateStore, checkController: Bool = true) async throws -> Reconciler.Report {
        do { return try await reconciler.reconcile(store, checkController: checkController) }
        catch let error as SchedulerError { throw SubmissionError.scheduler(error) }
        catch let error as StateStoreError { throw SubmissionError.store(error) }
    }

    private func revert(_ store: StateStore, _ id: String, note: String) throws {
        do {
            try store.update(id, event: .sbatch, note: note) {
                $0.state = .built
                $0.attempts -= 1
                $0.submittedAt = nil
            }
        } catch { throw SubmissionError.store(error) }
    }

    private func fail(_ store: StateStore, _ id: String, reason: String) throws {
        do {
            try store.update(id, event: .sbatch, note: reason) {
                $0.state = .failed
                $0.failureReason = reason
                $0.lastError = reason
                $0.endedAt = Date()
            }
        } catch { throw SubmissionError.store(error) }
    }
}
