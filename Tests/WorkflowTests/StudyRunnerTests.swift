import Foundation
import Testing
import TestSupport
@testable import Workflow

/// A scheduler without Slurm: `submit` runs vasp-standin in the folder at once; `ping` fails for
/// a while when told to (a controller restart in the middle of a run).
final class InlineScheduler: SchedulerClient, @unchecked Sendable {
    let standin: String
    private let lock = NSLock()
    private var jobs: [String: SchedulerJob] = [:]
    private var next = 1
    /// Pings to refuse, counted down (the first ping of every call is the submitter's).
    var refusePings = 0
    var pingsRefused = 0

    init(standin: String) { self.standin = standin }

    func ping() async throws(SchedulerError) {
        let refuse: Bool = lock.withLock {
            guard refusePings > 0, !jobs.isEmpty else { return false }
            refusePings -= 1
            pingsRefused += 1
            return true
        }
        if refuse { throw .controllerUnreachable("test: slurmctld restarting") }
    }

    func submit(_ job: JobSubmission) async throws(SchedulerError) -> String {
        let result = Fixtures.run(standin, [], currentDirectory: job.directory.path)
        return lock.withLock {
            let id = String(next)
            next += 1
            jobs[id] = SchedulerJob(jobID: id, tag: JobTag(calculationID: job.calculationID, attempt: job.attempt),
                                    state: SchedulerJobState(slurm: result.status == 0 ? "COMPLETED" : "FAILED"),
                                    exitCode: "\(result.status):0")
            return id
        }
    }

    func jobs(tags: Set<JobTag>) async throws(SchedulerError) -> [SchedulerJob] {
        lock.withLock { jobs.values.filter { $0.tag.map(tags.contains) ?? false } }
    }

    func states(jobIDs: [String]) async throws(SchedulerError) -> [String: SchedulerJob] {
        lock.withLock { jobs.filter { jobIDs.contains($0.key) } }
    }

    func cancel(jobIDs: [String]) async throws(SchedulerError) {}

    func limits() async throws(SchedulerError) -> SchedulerLimits {
        SchedulerLimits(maxSubmitJobs: nil, maxArraySize: nil, userJobsInQueue: 0)
    }
}

/// The run loop without Slurm (jobs run inline), including a controller that stops answering.
@Suite struct StudyRunnerTests {
    static let standin = Fixtures.executable("vasp-standin")
    static let ready = FileManager.default.isExecutableFile(atPath: standin)

    @Test(.enabled(if: ready, "skipped: build vasp-standin first (swift build --product vasp-standin)"))
    func runSurvivesAControllerOutageAndFinishes() async throws {
        let dir = try Fixtures.temporaryDirectory("adhere-runner")
        _ = try StudyExample.minimal.write(to: dir)
        let loaded = try StudyFile.read(dir.path)
        let scheduler = InlineScheduler(standin: Self.standin)
        scheduler.refusePings = 2
        final class Lines: @unchecked Sendable { var text = ""; let lock = NSLock() }
        let lines = Lines()
        let display = ProgressDisplay(interactive: false) { t in lines.lock.withLock { lines.text += t } }
        let runner = StudyRunner(loaded: loaded, options: .init(pollSeconds: 0.5, maxWaitSeconds: 120), display: display) {
            try SubmissionService(studyDirectory: dir, scheduler: scheduler, inFlightSeconds: 0)
        }
        let outcome = try await runner.run()
        #expect(outcome.complete)
        #expect(scheduler.pingsRefused == 2)
        #expect(lines.text.contains("waiting for the Slurm controller"), "\(lines.text)")
        #expect(lines.text.contains("the Slurm controller answers again"))
        #expect(outcome.collect.interfaces.map(\.name) == ["LiF"])
        #expect(outcome.collect.interfaces[0].analysis.workOfAdhesion.jPerM2 > 0)
    }
}
