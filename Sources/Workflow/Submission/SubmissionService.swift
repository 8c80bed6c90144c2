import Foundation

/// The library side of `adhere submit`, `status`, `cancel` and `retry`: each call locks the
/// study, reconciles with the scheduler first, then does its work.
public struct SubmissionService: Sendable {
    /// The study's store.
    public let store: StateStore
    /// The scheduler (nil: no cluster configured; only commands that need none work).
    public let scheduler: (any SchedulerClient)?
    /// Recovery settings and resources.
    public var planner: RecoveryPlanner
    /// Finds VASP failure kinds in a calculation folder.
    public var detectFailures: @Sendable (URL) -> [String]
    /// See ``Reconciler/inFlightSeconds``.
    public var inFlightSeconds: Double
    /// Remote work root mode (the profile's `work_dir`); nil when the cluster shares the study folder.
    public var staging: RemoteStaging?

    /// Opens the study's store. Throws when the study has none (nothing was built).
    public init(studyDirectory: URL, scheduler: (any SchedulerClient)?, baseline: ResourceBaseline = ResourceBaseline(),
                detectFailures: @escaping @Sendable (URL) -> [String] = { _ in [] },
                inFlightSeconds: Double = Reconciler.defaultInFlightSeconds) throws(StateStoreError) {
        guard StateStore.exists(studyDirectory: studyDirectory) else {
            throw .cannotOpen(path: StateStore.databasePath(studyDirectory: studyDirectory),
                              reason: "the study has no calculations yet; run `adhere build` first")
        }
        store = try StateStore.open(studyDirectory: studyDirectory)
        self.scheduler = scheduler
        planner = RecoveryPlanner(policy: try RecoveryPolicy.load(from: store), baseline: baseline)
        self.detectFailures = detectFailures
        self.inFlightSeconds = inFlightSeconds
    }

    /// What `adhere submit` did: recovery steps, then submissions.
    public struct SubmitResult: Sendable {
        public var recovery: [RecoveryRunner.Step] = []
        public var submission = Submitter.Report()
    }

    /// Reconciles, applies recovery to failed calculations, submits built ones.
    public func submit(options: Submitter.Options) async throws -> SubmitResult {
        let scheduler = try requireScheduler()
        let submitter = Submitter(scheduler: scheduler, inFlightSeconds: inFlightSeconds)
        let runner = RecoveryRunner(planner: planner, scheduler: scheduler, detectFailures: detectFailures)
        let steps = StepBox()
        var options = options
        options.requireStaged = staging != nil
        let staging = staging
        let report = try await submitter.run(store, options: options) { store in
            // Remote work root: outputs of ended jobs come home before recovery looks at them,
            // and what recovery (or the build) left built goes up before sbatch.
            var waiting = Set<String>()
            if let staging {
                let fetched = try await staging.fetchSettled(store)
                waiting = Set(fetched.refused.map(\.id))
            }
            let s = try await runner.run(store, waiting: waiting)
            await steps.set(s)
            if let staging { _ = try await staging.stageBuilt(store) }
        }
        return SubmitResult(recovery: await steps.value, submission: report)
    }

    /// Reconciles (only when something is live, so a settled study needs no controller) and
    /// returns the status.
    public func status() async throws -> StudyStatus {
        let live = try store.calculations().contains { $0.state.isLive }
        guard live else { return try StudyStatus.make(store: store, reconciliation: nil) }
        let scheduler = try requireScheduler()
        let lock = try SubmissionLock(studyDirectory: store.studyDirectory)
        defer { withExtendedLifetime(lock) {} }
        let report = try await reconcile(scheduler)
        return try StudyStatus.make(store: store, reconciliation: report)
    }

    /// Cancels the live jobs of the selected calculations (all when `ids` is empty) and marks
    /// them cancelled; returns the ids cancelled.
    public func cancel(ids: [String], interface: String? = nil) async throws -> [String] {
        let scheduler = try requireScheduler()
        let lock = try SubmissionLock(studyDirectory: store.studyDirectory)
        defer { withExtendedLifetime(lock) {} }
        _ = try await reconcile(scheduler)
        let selected = try select(ids: ids, interface: interface).filter { $0.state.isLive || $0.state == .built }
        let jobIDs = selected.compactMap(\.slurmJobID)
        if !jobIDs.isEmpty {
            do { try await scheduler.cancel(jobIDs: jobIDs) } catch { throw SubmissionError.scheduler(error) }
        }
        try store.transaction { tx throws(StateStoreError) in
            for r in selected {
                try tx.update(r.id, event: .cancel, note: r.slurmJobID.map { "scancel \($0) (adhere cancel)" } ?? "cancelled before submission") {
                    $0.state = .cancelled
                    $0.endedAt = Date()
                }
            }
        }
        return selected.map(\.id)
    }

    /// Re-arms failed or cancelled calculations (`→ built`) so the next `adhere submit` sends
    /// them again; the fixes recovery applied stay. Returns the ids re-armed.
    public func retry(ids: [String], interface: String? = nil) throws -> [String] {
        let lock = try SubmissionLock(studyDirectory: store.studyDirectory)
        defer { withExtendedLifetime(lock) {} }
        let selected = try select(ids: ids, interface: interface).filter { $0.state == .failed || $0.state == .cancelled }
        try store.transaction { tx throws(StateStoreError) in
            for r in selected {
                try tx.update(r.id, event: .retry, note: "re-armed by adhere retry (was \(r.state.rawValue): \(r.failureReason ?? "-"))") {
                    $0.state = .built
                }
            }
        }
        return selected.map(\.id)
    }

    func select(ids: [String], interface: String?) throws -> [CalculationRecord] {
        let all = try store.calculations()
        for id in ids where !all.contains(where: { $0.id == id }) {
            throw StateStoreError.unknownCalculation(id: id, path: store.path)
        }
        return all.filter { (ids.isEmpty || ids.contains($0.id)) && (interface == nil || $0.interface == interface) }
    }

    func requireScheduler() throws -> any SchedulerClient {
        guard let scheduler else { throw SubmissionError.scheduler(.other("no cluster profile: give --cluster NAME")) }
        return scheduler
    }

    func reconcile(_ scheduler: any SchedulerClient) async throws -> Reconciler.Report {
        do { return try await Reconciler(scheduler: scheduler, inFlightSeconds: inFlightSeconds).reconcile(store) }
        catch let error as SchedulerError { throw SubmissionError.scheduler(error) }
    }
}

/// Carries recovery steps out of the submitter's hook.
actor StepBox {
    var value: [RecoveryRunner.Step] = []
    func set(_ v: [RecoveryRunner.Step]) { value = v }
}
