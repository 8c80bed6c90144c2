import Foundation

/// Brings the store in line with what the scheduler knows, by calculation id.
///
/// Runs at the start of every `adhere submit`, `status`, `cancel` and `retry`. All scheduler
/// queries happen first; only when they all succeeded are the changes written, in one
/// transaction — so a controller outage fails the command and leaves the store as it was.
public struct Reconciler: Sendable {
    /// The scheduler.
    public var scheduler: any SchedulerClient
    /// How long an intent without a job may still be in flight: an `sbatch` started by a process
    /// that was killed can still create its job afterwards. Younger intents are left alone.
    public var inFlightSeconds: Double
    /// The clock (tests pass their own).
    public var now: @Sendable () -> Date

    /// Creates a reconciler.
    public init(scheduler: any SchedulerClient, inFlightSeconds: Double = Reconciler.defaultInFlightSeconds,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.scheduler = scheduler
        self.inFlightSeconds = inFlightSeconds
        self.now = now
    }

    /// 60 s, or `ADHERE_SBATCH_IN_FLIGHT_SECONDS`: longer than an `sbatch` takes to give up on
    /// an unreachable controller (about 10 s measured on Slurm 22.05).
    public static var defaultInFlightSeconds: Double {
        ProcessInfo.processInfo.environment["ADHERE_SBATCH_IN_FLIGHT_SECONDS"].flatMap(Double.init) ?? 60
    }

    /// What one reconciliation found and changed.
    public struct Report: Sendable, Equatable {
        /// Calculations whose state changed: (id, from, to, note).
        public var changes: [Change] = []
        /// Intents younger than the in-flight window with no job yet: not resubmittable now.
        public var inFlight: [String] = []
        /// Jobs cancelled because a calculation had more than one for the same attempt.
        public var cancelledDuplicates: [String] = []
        /// Slurm states Adhere does not know, reported (id, state).
        public var unknownStates: [String] = []

        /// One state change.
        public struct Change: Sendable, Equatable {
            public var calculationID: String
            public var from: CalculationState
            public var to: CalculationState
            public var note: String
        }
    }

    /// Reconciles the whole study.
    public func reconcile(_ store: StateStore) async throws -> Report {
        let records = try store.calculations()
        let candidates = records.filter { $0.state.isLive || $0.state == .built }
        guard !candidates.isEmpty else { return Report() }

        // 1. Ask the scheduler (all questions before any write).
        try await scheduler.ping()
        var tags = Set<JobTag>()
        for r in candidates {
            if r.state == .built { tags.insert(JobTag(calculationID: r.id, attempt: r.attempts + 1)) }
            else if r.attempts > 0 { tags.insert(JobTag(calculationID: r.id, attempt: r.attempts)) }
        }
        let jobs = try await scheduler.jobs(tags: tags)
        var byCalculation: [String: [SchedulerJob]] = [:]
        for job in jobs { if let id = job.calculationID { byCalculation[id, default: []].append(job) } }
        let known = Set(jobs.map(\.jobID))
        let missing = candidates.compactMap { $0.state.isLive ? $0.slurmJobID : nil }.filter { !known.contains($0) }
        // Final records (exit code) for jobs that ended badly, and for tracked jobs squeue lost.
        let endedBadly = jobs.filter { !$0.state.isLive && $0.state != .completed && $0.exitCode == nil }.map(\.jobID)
        var finals: [String: SchedulerJob] = [:]
        if !missing.isEmpty || !endedBadly.isEmpty { finals = try await scheduler.states(jobIDs: missing + endedBadly) }
        for (k, job) in byCalculation.map({ ($0.key, $0.value) }) {
            byCalculation[k] = job.map { j in
                guard let f = finals[j.jobID] else { return j }
                var merged = j
                merged.exitCode = f.exitCode ?? j.exitCode
                merged.reason = j.reason ?? f.reason
                return merged
            }
        }

        // 2. Decide.
        let time = now()
        var plans: [Plan] = []
        var report = Report()
        var toCancel: [String] = []
        for record in candidates {
            let own = byCalculation[record.id] ?? []
            switch (record.state, record.slurmJobID) {
            case (.built, _):
                // An intent lost with its row (should not happen with synchronous=FULL): adopt a
                // live job carrying the next attempt's tag.
                let next = own.filter { $0.attempt == record.attempts + 1 && $0.state.isLive }.sorted(by: Self.byJobID)
                if let adopt = next.first {
                    plans.append(Plan(id: record.id, event: "reconcile", attempt: record.attempts + 1, jobID: adopt.jobID,
                                      job: adopt, note: "found job \(adopt.jobID) for this calculation in Slurm; adopted"))
                    toCancel += next.dropFirst().map(\.jobID)
                }
            case (.submitted, nil):
                let matching = own.filter { $0.attempt == nil || $0.attempt == record.attempts }.sorted(by: Self.byJobID)
                if let adopt = matching.first(where: { $0.state.isLive }) ?? matching.first {
                    plans.append(Plan(id: record.id, event: "reconcile", attempt: record.attempts, jobID: adopt.jobID, job: adopt,
                                      note: "sbatch had created job \(adopt.jobID) (found by calculation id)"))
                    toCancel += matching.filter { $0.jobID != adopt.jobID && $0.state.isLive }.map(\.jobID)
                } else if let since = record.submittedAt, time.timeIntervalSince(since) < inFlightSeconds {
                    report.inFlight.append(record.id)
                } else {
                    plans.append(Plan(id: record.id, event: "reconcile", attempt: record.attempts - 1, jobID: nil, job: nil,
                                      note: "no job in Slurm for this calculation: sbatch never created one"))
                }
            case (_, let jobID?):
                let job = own.first { $0.jobID == jobID } ?? finals[jobID]
                toCancel += own.filter { $0.jobID != jobID && $0.state.isLive && $0.attempt == record.attempts }.map(\.jobID)
                if let job, job.state == .pending, let why = PendingReasonPolicy.neverResolving(job.reason) {
                    toCancel.append(jobID)
                    plans.append(Plan(id: record.id, event: "poll", attempt: record.attempts, jobID: jobID,
                                      job: SchedulerJob(jobID: jobID, tag: job.tag, state: .failed, reason: job.reason),
                                      note: "job \(jobID) cancelled: pending reason \(job.reason ?? "") never resolves — \(why)"))
                } else if let job {
                    plans.append(Plan(id: record.id, event: "poll", attempt: record.attempts, jobID: jobID, job: job, note: nil))
                } else {
                    plans.append(Plan(id: record.id, event: "poll", attempt: record.attempts, jobID: jobID, job: nil,
                                      note: "Slurm no longer knows job \(jobID): its final state is unknown"))
                }
            default:
                break
            }
        }
        if !toCancel.isEmpty {
            try await scheduler.cancel(jobIDs: toCancel)
            report.cancelledDuplicates = toCancel
        }

        // 3. Write, in one transaction.
        let planned = plans
        let changes = try store.transaction { tx throws(StateStoreError) -> ([Report.Change], [String]) in
            var changes: [Report.Change] = []
            var unknown: [String] = []
            for plan in planned {
                guard let before = try tx.calculation(id: plan.id) else { continue }
                let outcome = Self.outcome(of: plan, before: before, time: time)
                if let unknownState = outcome.unknownState {
                    unknown.append("\(plan.id): \(unknownState)")
                    if before.schedulerState != unknownState {
                        try tx.update(plan.id, event: "poll", note: "Slurm state \(unknownState) is not known to Adhere; reported, left as \(before.state.rawValue)") {
                            $0.schedulerState = unknownState
                            $0.lastError = "unknown Slurm state \(unknownState)"
                        }
                    }
                    continue
                }
                let unchanged = outcome.record.state == before.state && outcome.record.slurmJobID == before.slurmJobID
                    && outcome.record.schedulerState == before.schedulerState
                if unchanged { continue }
                if before.state == .built, let jobID = outcome.record.slurmJobID {
                    // Adopting a job found in Slurm: record the submission first, then its state.
                    try tx.update(plan.id, event: "reconcile", note: plan.note) {
                        $0.state = .submitted
                        $0.attempts = outcome.record.attempts
                        $0.slurmJobID = jobID
                        $0.submittedAt = time
                    }
                }
                try tx.update(plan.id, event: plan.event, note: outcome.note) { $0 = outcome.record }
                if outcome.record.state != before.state {
                    changes.append(.init(calculationID: plan.id, from: before.state, to: outcome.record.state, note: outcome.note))
                }
            }
            return (changes, unknown)
        }
        report.changes = changes.0
        report.unknownStates = changes.1
        return report
    }

    struct Plan {
        var id: String
        var event: String
        var attempt: Int
        var jobID: String?
        var job: SchedulerJob?
        var note: String?
    }

    static func byJobID(_ a: SchedulerJob, _ b: SchedulerJob) -> Bool {
        (Int(a.jobID) ?? .max, a.jobID) < (Int(b.jobID) ?? .max, b.jobID)
    }

    /// The record after applying what Slurm says about its job.
    static func outcome(of plan: Plan, before: CalculationRecord, time: Date)
        -> (record: CalculationRecord, note: String, unknownState: String?)
    {
        var r = before
        r.attempts = max(plan.attempt, 0)
        r.slurmJobID = plan.jobID
        guard let jobID = plan.jobID else {
            // Intent that never became a job: back to built, the attempt not counted.
            r.state = .built
            r.submittedAt = nil
            return (r, plan.note ?? "", nil)
        }
        if r.state == .built {
            r.state = .submitted
            r.submittedAt = time
        }
        guard let job = plan.job else {
            r.state = .failed
            r.failureReason = "lost: Slurm no longer knows job \(jobID)"
            r.endedAt = time
            return (r, plan.note ?? "", nil)
        }
        r.schedulerState = job.state.description
        let reason = job.reason.map { " (\($0))" } ?? ""
        var note = plan.note.map { $0 + "; " } ?? ""
        switch job.state {
        case .pending:
            r.state = .queued
            note += "job \(jobID) pending\(reason)"
        case .running, .transitional:
            r.state = .running
            note += "job \(jobID) \(job.state)"
        case .completed:
            r.state = .finished
            r.endedAt = time
            note += "job \(jobID) COMPLETED"
        case .cancelled:
            r.state = .cancelled
            r.endedAt = time
            note += "job \(jobID) CANCELLED\(reason)"
        case .failed, .timeout, .outOfMemory, .nodeFail, .preempted:
            r.state = .failed
            r.endedAt = time
            r.failureReason = "Slurm \(job.state)\(reason)" + (job.exitCode.map { " exit \($0)" } ?? "")
            r.lastError = r.failureReason
            note += "job \(jobID) ended \(job.state)\(reason)"
        case .other(let text):
            return (before, "", text)
        }
        // A running job cannot go back to queued except through a requeue, which Slurm reports
        // as PENDING again: allowed by the state machine (running → queued).
        if plan.note?.contains("never resolves") == true {
            r.schedulerState = "PENDING"
            r.failureReason = "pending reason \(job.reason ?? "?") never resolves"
            r.lastError = plan.note
            note = plan.note ?? note
        }
        if !before.state.canMove(to: r.state) && before.state != .built {
            return (before, "", "\(job.state) after \(before.state.rawValue)")
        }
        return (r, note, nil)
    }
}
