import Foundation
import Slurm
import Testing
import TestSupport
@testable import Workflow

/// The reconciler's decisions without a cluster: records + a scheduler snapshot + a time in,
/// actions out (table), and the thin executor against the in-memory `FakeScheduler`.
/// Expected actions follow the rules in docs/state-and-recovery.md, written before the code.
@Suite struct ReconcileDecisionTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(_ id: String, _ state: CalculationState, attempts: Int = 1, job: String? = nil,
                       submittedAt: Date? = t0) -> CalculationRecord {
        CalculationRecord(id: id, role: "interface", interface: "X", folder: "c/\(id)", inputHash: "h", state: state,
                          failureReason: nil, slurmJobID: job, attempts: attempts, schedulerState: nil, lastError: nil,
                          overrides: ResourceOverrides(), createdAt: t0, updatedAt: t0, submittedAt: submittedAt, endedAt: nil)
    }

    static func job(_ id: String, _ calc: String, attempt: Int = 1, _ phase: JobPhase, exitKnown: Bool = true) -> SchedulerJob {
        SchedulerJob(jobID: id, tag: JobTag(calculationID: calc, attempt: attempt), phase: phase, exitKnown: exitKnown)
    }

    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var record: CalculationRecord
        var listed: [SchedulerJob]
        var byID: [String: SchedulerJob] = [:]
        var secondsLater: Double = 1
        var expected: [ReconcileAction]
        var description: String { name }
    }

    static let rows: [Row] = [
        Row(name: "tracked job pending for Priority is observed",
            record: record("a", .submitted, job: "10"), listed: [job("10", "a", .pending(.waiting("Priority")))],
            expected: [.observe(calculationID: "a", job: job("10", "a", .pending(.waiting("Priority"))))]),
        Row(name: "pending for PartitionTimeLimit: cancelled, calculation blocked",
            record: record("a", .queued, job: "10"), listed: [job("10", "a", .pending(.blocked("PartitionTimeLimit")))],
            expected: [.cancel(jobIDs: ["10"]), .blocked(calculationID: "a", jobID: "10", reason: .blocked("PartitionTimeLimit"))]),
        Row(name: "held (partition inactive) is observed, not cancelled",
            record: record("a", .queued, job: "10"), listed: [job("10", "a", .pending(.held("PartitionInactive")))],
            expected: [.observe(calculationID: "a", job: job("10", "a", .pending(.held("PartitionInactive"))))]),
        Row(name: "intent with a job carrying its tag is adopted",
            record: record("a", .submitted, job: nil), listed: [job("11", "a", .running)],
            expected: [.adopt(calculationID: "a", attempt: 1, job: job("11", "a", .running))]),
        Row(name: "intent with two jobs: the lower id is adopted, the other cancelled",
            record: record("a", .submitted, job: nil), listed: [job("12", "a", .running), job("11", "a", .pending(.waiting("Priority")))],
            expected: [.cancel(jobIDs: ["12"]), .adopt(calculationID: "a", attempt: 1, job: job("11", "a", .pending(.waiting("Priority"))))]),
        Row(name: "young intent without a job waits (sbatch may still be in flight)",
            record: record("a", .submitted, job: nil), listed: [], secondsLater: 10,
            expected: [.waitForIntent(calculationID: "a")]),
        Row(name: "old intent without a job is abandoned",
            record: record("a", .submitted, job: nil), listed: [], secondsLater: 61,
            expected: [.abandonIntent(calculationID: "a")]),
        Row(name: "built calculation with a live job of its next attempt adopts it",
            record: record("a", .built, attempts: 0), listed: [job("13", "a", attempt: 1, .running)],
            expected: [.adopt(calculationID: "a", attempt: 1, job: job("13", "a", attempt: 1, .running))]),
        Row(name: "built calculation ignores a finished job of an earlier attempt",
            record: record("a", .built, attempts: 1), listed: [job("9", "a", attempt: 1, .finished(.completed))],
            expected: []),
        Row(name: "tracked job the listing lost but the by-id query knows",
            record: record("a", .running, job: "10"), listed: [],
            byID: ["10": SchedulerJob(jobID: "10", tag: nil, phase: .finished(.timeout))],
            expected: [.observe(calculationID: "a", job: SchedulerJob(jobID: "10", tag: nil, phase: .finished(.timeout)))]),
        Row(name: "tracked job nobody knows is lost",
            record: record("a", .running, job: "10"), listed: [],
            expected: [.lost(calculationID: "a", jobID: "10")]),
        Row(name: "a second live job of the same attempt is cancelled",
            record: record("a", .running, job: "10"), listed: [job("10", "a", .running), job("14", "a", .running)],
            expected: [.cancel(jobIDs: ["14"]), .observe(calculationID: "a", job: job("10", "a", .running))]),
        Row(name: "settled calculations are not looked at",
            record: record("a", .parsed, job: "10"), listed: [job("10", "a", .finished(.completed))],
            expected: []),
    ]

    @Test(arguments: rows) func decisionTable(_ row: Row) {
        let candidates = ReconcileDecision.candidates([row.record])
        let actions = ReconcileDecision.decide(candidates: candidates, listed: row.listed, records: row.byID,
                                               now: Self.t0.addingTimeInterval(row.secondsLater), inFlightSeconds: 60)
        #expect(actions == row.expected, "\(row.name)")
    }

    @Test func lookupsAskOnlyForLostJobsAndBadEndsWithoutExitStatus() {
        let candidates = [Self.record("a", .running, job: "10"), Self.record("b", .running, job: "11"), Self.record("c", .running, job: "12")]
        let listed = [Self.job("11", "b", .finished(.failed(exitCode: 0, signal: 0)), exitKnown: false),
                      Self.job("12", "c", .finished(.completed), exitKnown: false)]
        #expect(ReconcileDecision.lookups(candidates: candidates, listed: listed) == ["10", "11"])
    }

    @Test func phasesMapToStatesWithReasons() {
        var r = Self.record("a", .queued, job: "10")
        r.schedulerState = "PENDING"
        func after(_ phase: JobPhase) -> CalculationState? {
            ReconcileDecision.changes(for: .observe(calculationID: "a", job: Self.job("10", "a", phase)), record: r, at: Self.t0)
                .changes.last?.record.state
        }
        #expect(after(.running) == .running)
        #expect(after(.completing) == .running)
        #expect(after(.finished(.completed)) == .finished)
        #expect(after(.finished(.cancelled)) == .cancelled)
        #expect(after(.finished(.outOfMemory)) == .failed)
        #expect(after(.finished(.nodeFail)) == .failed)  // BOOT_FAIL too
        #expect(after(.pending(.waiting("Priority"))) == nil)  // already queued: nothing to write
        let failed = ReconcileDecision.changes(for: .observe(calculationID: "a", job: Self.job("10", "a", .finished(.outOfMemory))), record: r, at: Self.t0)
        #expect(failed.changes.last?.record.schedulerState == "OUT_OF_MEMORY")
        #expect(failed.changes.last?.event == .poll)
        // A state Slurm may add later is reported, the record left alone.
        let odd = ReconcileDecision.changes(for: .observe(calculationID: "a", job: Self.job("10", "a", .suspended("NEW_STATE"))), record: r, at: Self.t0)
        #expect(odd.changes.isEmpty && odd.unknownState == "NEW_STATE")
        // Blocked: a typed event, not a note to match on.
        let blocked = ReconcileDecision.changes(for: .blocked(calculationID: "a", jobID: "10", reason: .blocked("MaxMemPerLimit")), record: r, at: Self.t0)
        #expect(blocked.changes.last?.event == .blockedInQueue)
        #expect(blocked.changes.last?.record.state == .failed)
    }

    @Test func executorWritesDecisionsInOneTransactionWithOneListingPerPoll() async throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("reconcile"))
        for id in ["a", "b", "c"] {
            try store.register(calculation: CalculationSpec(id: id, role: "interface", interface: "X", folder: "c/\(id)", inputHash: "h"))
        }
        let fake = FakeScheduler(firstJobID: 100)
        let submitter = Submitter(scheduler: fake, inFlightSeconds: 0) { _ in }
        let report = try await submitter.run(store)
        #expect(report.submitted.map(\.jobID) == ["100", "101", "102"])
        fake.setPhase("100", .running)
        fake.setPhase("101", .finished(.outOfMemory))
        fake.setPhase("102", .pending(.blocked("QOSMaxWallDurationPerJobLimit")), reason: "QOSMaxWallDurationPerJobLimit")
        let before = (fake.calls("jobs"), fake.calls("states"), fake.calls("ping"))
        let r = try await Reconciler(scheduler: fake, inFlightSeconds: 0).reconcile(store, checkController: false)
        #expect(fake.calls("jobs") - before.0 == 1)
        #expect(fake.calls("states") - before.1 == 0)
        #expect(fake.calls("ping") - before.2 == 0)
        #expect(try store.calculation(id: "a")?.state == .running)
        #expect(try store.calculation(id: "b")?.state == .failed)
        #expect(try store.calculation(id: "b")?.schedulerState == "OUT_OF_MEMORY")
        #expect(try store.calculation(id: "c")?.state == .failed)
        #expect(r.cancelledDuplicates == ["102"])
        #expect(fake.allJobs.first { $0.jobID == "102" }?.phase == .finished(.cancelled))
        #expect(try store.lastHistoryEvents()["c"] == .blockedInQueue)
    }
}

/// The submitter's decisions without a cluster: the budget, and what each sbatch answer does.
@Suite struct SubmitterDecisionTests {
    static func store(_ n: Int) throws -> StateStore {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("submitter"))
        for i in 0..<n {
            try store.register(calculation: CalculationSpec(id: "c\(i)", role: "slab", interface: "X", folder: "c/\(i)", inputHash: "h"))
        }
        return store
    }

    @Test func siteMaxSubmitJobsBindsBeforeTheProfileCap() async throws {
        let store = try Self.store(5)
        var limits = SiteLimits(config: [:])
        limits.maxSubmitJobsPerUser = 3
        let fake = FakeScheduler(limits: limits)
        let report = try await Submitter(scheduler: fake, inFlightSeconds: 0) { _ in }.run(store, options: .init(queueCap: 4))
        #expect(report.submitted.count == 3)
        #expect(report.deferred.count == 2)
        #expect(report.deferredReason?.contains("MaxSubmitJobs=3") == true)
    }

    @Test func rejectedJobFailsItsCalculationAndTheRestGoOn() async throws {
        let store = try Self.store(2)
        let fake = FakeScheduler()
        fake.submitErrors = [.rejected("invalid partition specified: nosuch")]
        let report = try await Submitter(scheduler: fake, inFlightSeconds: 0) { _ in }.run(store)
        #expect(report.refused.map(\.calculationID) == ["c0"])
        #expect(report.submitted.map(\.calculationID) == ["c1"])
        #expect(try store.calculation(id: "c0")?.state == .failed)
    }

    @Test func rateLimitedSubmissionIsRetriedWithBackoff() async throws {
        let store = try Self.store(1)
        let fake = FakeScheduler()
        fake.submitErrors = [.rateLimited("slurmctld busy"), .rateLimited("slurmctld busy")]
        let slept = SleepLog()
        let submitter = Submitter(scheduler: fake, inFlightSeconds: 0) { s in await slept.add(s) }
        let report = try await submitter.run(store, options: .init(backoff: Backoff(initialSeconds: 1, factor: 2, maxSeconds: 10, maxRetries: 3)))
        #expect(report.submitted.count == 1)
        #expect(await slept.values.count == 2)
    }

    @Test func submitLimitDefersEverythingLeftAndRevertsTheIntent() async throws {
        let store = try Self.store(3)
        let fake = FakeScheduler()
        fake.submitErrors = [.submitLimitReached("MaxSubmitJobs")]
        let report = try await Submitter(scheduler: fake, inFlightSeconds: 0) { _ in }.run(store)
        #expect(report.submitted.isEmpty)
        #expect(report.deferred == ["c0", "c1", "c2"])
        let c0 = try #require(try store.calculation(id: "c0"))
        #expect(c0.state == .built && c0.attempts == 0)
    }
}

actor SleepLog {
    var values: [Double] = []
    func add(_ v: Double) { values.append(v) }
}
