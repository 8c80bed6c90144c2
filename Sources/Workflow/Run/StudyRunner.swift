import Foundation
import Logging

/// `adhere run`: build → submit → wait (live progress) → collect → report, resumable: running
/// it again picks up where the store says the study is (built calculations are submitted, live
/// ones watched, failed ones recovered, finished ones parsed). A stage that waits for parsed
/// bulks is planned and built as soon as they are parsed, in the same run.
public struct StudyRunner: Sendable {
    /// Settings of a run.
    public struct Options: Sendable {
        /// Seconds between polls of the scheduler.
        public var pollSeconds: Double
        /// Stop waiting after this many seconds (the jobs go on; run again to resume).
        public var maxWaitSeconds: Double?
        /// The cluster profile's cap on jobs in the queue.
        public var queueCap: Int?
        /// Submit and return without waiting.
        public var noWait: Bool
        /// How long the wait survives a controller that does not answer (after the first
        /// successful poll), in seconds.
        public var outageToleranceSeconds: Double = 600

        /// Creates options.
        public init(pollSeconds: Double = 10, maxWaitSeconds: Double? = nil, queueCap: Int? = nil, noWait: Bool = false) {
            self.pollSeconds = pollSeconds
            self.maxWaitSeconds = maxWaitSeconds
            self.queueCap = queueCap
            self.noWait = noWait
        }
    }

    /// How a run ended.
    public struct Outcome: Sendable {
        /// The build step's report.
        public var build: StudyBuilder.Report
        /// The final collect.
        public var collect: Collector.Report
        /// Calculations given up on: (id, reason).
        public var givenUp: [(id: String, reason: String)]
        /// True when every calculation is settled (parsed or given up).
        public var complete: Bool
        /// Recovery steps taken, one line each.
        public var recoveries: [String]
    }

    /// The study.
    public var loaded: LoadedStudy
    /// Makes the submission service once the store exists (after the build step): it carries
    /// the scheduler, the recovery planner and the VASP failure reader.
    public var makeService: @Sendable () throws -> SubmissionService
    /// Options.
    public var options: Options
    /// The display.
    public var display: ProgressDisplay

    /// Creates a runner.
    public init(loaded: LoadedStudy, options: Options = Options(), display: ProgressDisplay = .standardOutput(),
                makeService: @escaping @Sendable () throws -> SubmissionService) {
        self.loaded = loaded
        self.makeService = makeService
        self.options = options
        self.display = display
    }

    /// Runs the study to the end (or until `maxWaitSeconds`).
    public func run() async throws -> Outcome {
        let started = Date()
        let store = try StateStore.open(studyDirectory: loaded.directory)
        // One planner and one set of relaxed cells for the whole run: a re-plan costs only its
        // new stages, and each bulk's output is read once (PlanCache).
        let planner = StudyPlanner(loaded)
        var relaxed = try RelaxedBulks.load(store: store, studyDirectory: loaded.directory)
        var plan = try planner.plan(relaxed: relaxed)
        let build = try StudyBuilder(plan: plan).write(store: store)
        display.message("build: \(plan.calculations.count) calculations (\(build.written.count) new, \(build.rewritten.count) rewritten, \(build.unchanged.count) unchanged, \(build.shared.count) shared)")
        for w in build.warnings { display.message("warning: \(w)") }

        var policy = try RecoveryPolicy.load(from: store)
        policy.attemptLimit = loaded.study.attemptLimit
        try policy.save(to: store)
        let service = try makeService()
        var collector = Collector(loaded)
        collector.requireFetched = service.staging != nil
        var recoveries: [String] = []

        var collected = Collector.Report()
        var outageSince: Date? = nil
        var polledOnce = false
        while true {
            let result: SubmissionService.SubmitResult
            do {
                result = try await service.submit(options: Submitter.Options(queueCap: options.queueCap, checkController: !polledOnce))
                if outageSince != nil { display.message("the Slurm controller answers again") }
                outageSince = nil
                polledOnce = true
            } catch let error as SubmissionError where polledOnce && Self.isTransient(error) {
                // Jobs go on while slurmctld is down or busy (a restart, a config change): wait for it,
                // up to `outageToleranceSeconds`, instead of giving up a run that is half done.
                let since = outageSince ?? Date()
                outageSince = since
                if Date().timeIntervalSince(since) > options.outageToleranceSeconds { throw error }
                display.message("waiting for the Slurm controller (\(error)); nothing was changed")
                try await Task.sleep(nanoseconds: UInt64(max(options.pollSeconds, 5) * 1e9))
                continue
            }
            for change in result.submission.reconciliation.changes where change.to == .failed {
                display.message("failed \(change.calculationID): \(change.note)")
            }
            for step in result.recovery {
                let line = "\(step.calculationID): \(step.action)" + (step.done.isEmpty ? "" : " — " + step.done.joined(separator: "; "))
                display.message("recovery: \(line)")
                recoveries.append(line)
            }
            for (id, job) in result.submission.submitted { display.message("submitted \(id) as Slurm job \(job)") }
            for (id, message) in result.submission.refused { display.message("refused \(id): \(message)") }
            // Each newly finished output is parsed once, here, and appended to the archive.
            let pass = try collector.collect(store: store)
            collected.merge(pass)
            try await service.staging?.cleanUp(parsed: pass.parsed, store: store)
            for (id, reason) in pass.failed { display.message("failed \(id): \(reason)") }
            for id in pass.continued { display.message("continuing \(id) from its CONTCAR (relaxation not converged)") }
            if !plan.isComplete, !pass.parsed.isEmpty {
                // Parents parsed: the stages cut from their relaxed cells can be built now.
                // The cells this pass parsed come with it; a bulk parsed by an earlier process
                // (collect after a crash) is read from its output once.
                relaxed.merge(pass.relaxed)
                relaxed = try RelaxedBulks.load(store: store, studyDirectory: loaded.directory, reusing: relaxed)
                let next = try planner.plan(relaxed: relaxed)
                let added = Set(next.calculations.map(\.id)).subtracting(plan.calculations.map(\.id))
                if !added.isEmpty {
                    let stage = try StudyBuilder(plan: next).write(store: store)
                    display.message("next stage built from the relaxed bulks: \(added.sorted().joined(separator: ", ")) (\(stage.written.count) new, \(stage.rewritten.count) rewritten)")
                    for w in stage.warnings where !build.warnings.contains(w) { display.message("warning: \(w)") }
                    plan = next
                    continue
                }
                plan = next
            }

            let records = try store.calculations()
            let counts = Dictionary(grouping: records, by: \.state).mapValues(\.count)
            let givenUp = try givenUpCalculations(store)
            let recovering = records.filter { $0.state == .failed }.count - givenUp.count
            display.show(ProgressDisplay.line(elapsedSeconds: Date().timeIntervalSince(started), counts: counts, recovering: recovering))
            let settled = records.allSatisfy { $0.state == .parsed || $0.state == .cancelled } || records.allSatisfy { r in
                r.state == .parsed || r.state == .cancelled || givenUp.contains { $0.id == r.id }
            }
            let timedOut = options.maxWaitSeconds.map { Date().timeIntervalSince(started) > $0 } ?? false
            if settled || options.noWait || timedOut {
                display.finish()
                for scan in plan.scans {
                    let url = try ScanFiles.writeSVG(scan, studyDirectory: loaded.directory)
                    display.message("scan \(scan.interlayer): \(ScanFiles.summary(scan)); E(d) per shift: \(url.path)")
                }
                let report = collected
                if !settled {
                    display.message(timedOut ? "stopped waiting after \(Int(options.maxWaitSeconds ?? 0)) s; the jobs go on: run again to continue"
                                             : "submitted; run again (or adhere status) to follow and collect")
                }
                return Outcome(build: build, collect: report, givenUp: givenUp, complete: settled && plan.isComplete, recoveries: recoveries)
            }
            try await Task.sleep(nanoseconds: UInt64(options.pollSeconds * 1e9))
        }
    }

    /// A controller that does not answer, or a command that timed out or was rate-limited.
    static func isTransient(_ error: SubmissionError) -> Bool {
        switch error {
        case .scheduler(.controllerUnreachable), .scheduler(.timedOut), .scheduler(.rateLimited), .busy: return true
        default: return false
        }
    }

    /// Failed calculations that recovery has given up on (its last word was to report them).
    func givenUpCalculations(_ store: StateStore) throws -> [(id: String, reason: String)] {
        let failed = try store.calculations(in: [.failed])
        if failed.isEmpty { return [] }
        let last = try store.lastHistoryEvents()
        return failed.filter { last[$0.id] == .recoveryGaveUp }.map { ($0.id, $0.lastError ?? $0.failureReason ?? "failed") }
    }
}
