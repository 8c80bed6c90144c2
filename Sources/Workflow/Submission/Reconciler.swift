import Foundation

/// Brings the store in line with what the scheduler knows, by calculation id: the thin
/// executor around ``ReconcileDecision``.
///
/// Runs at the start of every `adhere submit`, `status`, `cancel` and `retry`, and at every poll
/// of `adhere run`. All scheduler queries happen first (one queue listing; a by-id query only
/// for jobs the listing lost); then the decision; then the cancellations; then every change in
/// one transaction — so a controller outage fails the command and leaves the store as it was.
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
        /// Jobs cancelled (duplicates, never-resolving pending reasons).
        public var cancelledDuplicates: [String] = []
        /// Slurm states Adhere does not know, reported (id: state).
        public var unknownStates: [String] = []
        /// The user's load seen in the listing (nil when the scheduler was not asked).
        public var userLiveJobs: Int?
        /// The user's job records in the controller seen in the listing.
        public var userJobRecords: Int?

        /// One state change.
        public struct Change: Sendable, Equatable {
            public var calculationID: String
            public var from: CalculationState
            public var to: CalculationState
            public var note: String
        }
    }

    /// Reconciles the whole study. `checkController` pings first (fails fast on an outage);
    /// a poll loop that already knows the controller answers passes false.
    public func reconcile(_ store: StateStore, checkController: Bool = true) async throws -> Report {
        let candidates = ReconcileDecision.candidates(try store.calculations())
        guard !candidates.isEmpty else { return Report() }

        // 1. Ask the scheduler (all questions before any write).
        if checkController { try await scheduler.ping() }
        let snapshot = try await scheduler.jobs(tags: ReconcileDecision.tags(for: candidates))
        let lookups = ReconcileDecision.lookups(candidates: candidates, listed: snapshot.jobs)
        let records = lookups.isEmpty ? [:] : try await scheduler.states(jobIDs: lookups)

        // 2. Decide.
        let time = now()
        let actions = ReconcileDecision.decide(candidates: candidates, listed: snapshot.jobs, records: records,
                                               now: time, inFlightSeconds: inFlightSeconds)
        var report = Report(userLiveJobs: snapshot.userLiveJobs, userJobRecords: snapshot.userJobRecords)
        for case let .waitForIntent(id) in actions { report.inFlight.append(id) }

        // 3. Act: cancellations, then every change in one transaction.
        for case let .cancel(jobIDs) in actions {
            try await scheduler.cancel(jobIDs: jobIDs)
            report.cancelledDuplicates += jobIDs
        }
        let written = try store.transaction { tx throws(StateStoreError) -> ([Report.Change], [String]) in
            var changes: [Report.Change] = []
            var unknown: [String] = []
            for action in actions {
                guard let id = action.calculationID, let before = try tx.calculation(id: id) else { continue }
                let (steps, unknownState) = ReconcileDecision.changes(for: action, record: before, at: time)
                for step in steps {
                    let previous = try tx.calculation(id: id)?.state ?? before.state
                    try tx.update(id, event: step.event, note: step.note) { $0 = step.record }
                    if step.record.state != previous {
                        changes.append(.init(calculationID: id, from: previous, to: step.record.state, note: step.note))
                    }
                }
                if let unknownState {
                    unknown.append("\(id): \(unknownState)")
                    if before.schedulerState != unknownState {
                        try tx.update(id, event: .poll, note: "Slurm state \(unknownState) is not known to Adhere; reported, left as \(before.state.rawValue)") {
                            $0.schedulerState = unknownState
                            $0.lastError = "unknown Slurm state \(unknownState)"
                        }
                    }
                }
            }
            return (changes, unknown)
        }
        report.changes = written.0
        report.unknownStates = written.1
        return report
    }
}

extension ReconcileAction {
    /// The calculation the action is about (nil for a cancellation).
    public var calculationID: String? {
        switch self {
        case .cancel: return nil
        case let .adopt(id, _, _), let .abandonIntent(id), let .waitForIntent(id), let .observe(id, _),
             let .blocked(id, _, _), let .lost(id, _):
            return id
        }
    }
}
