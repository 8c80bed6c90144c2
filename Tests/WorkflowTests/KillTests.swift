import Foundation
import Testing
import TestSupport
@testable import Workflow

/// Never lose, never duplicate: `adhere submit` killed with SIGKILL at random moments, on the
/// real local Slurm.
@Suite(.serialized, .exclusiveCluster) struct KillTests {
    @Test func submitKilledAtRandomMomentsNeverLosesOrDuplicatesAJob() async throws {
        guard let conf = LocalSlurm.slurmConf, LocalSlurm.reachable else { try Test.cancel(Comment(rawValue: LocalSlurm.missingMessage)) }
        let adhere = Fixtures.executable("adhere")
        guard FileManager.default.isExecutableFile(atPath: adhere) else {
            try Test.cancel(Comment(rawValue: "skipped: \(adhere) is not built (swift build --product adhere)"))
        }
        // Jobs run `true`: they end at once and leave the cluster's CPUs to other tests; a finished
        // job counts as much as a live one.
        let study = try ClusterStudy(prefix: "kill", count: 72, command: "true", slurmConf: conf)
        defer { study.cancelAll(slurmConf: conf) }
        // A killed sbatch child can still create its job after adhere died: the next run waits
        // this long before deciding an intent never became a job. An orphaned sbatch that took
        // longer (a starved process, a busy slurmctld) would show up here as a duplicate, so the
        // window is 10 s (an sbatch takes about 0.01 s here; the default is 60 s); only the final run
        // waits it out.
        let env = ["ADHERE_SBATCH_IN_FLIGHT_SECONDS": "10"]

        // How long one unkilled `submit --limit 4` takes here, to spread the kills over it.
        let started = Date()
        let first = study.adhere("submit", ["--limit", "4"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        var oneRun = max(Date().timeIntervalSince(started), 0.3)

        var generator = SystemRandomNumberGenerator()
        var killed = 0, rounds = 0
        // A round whose run ended before its kill is harmless (it submitted its four and the
        // aim moves earlier) but proves nothing, so rounds go on until 24 were killed mid-run.
        // How many miss depends on how much the run time varies under load (up to 70 of 94 in
        // one full-suite run here): the cap is far above that, only against a run that can
        // never be killed.
        while killed < 24 && rounds < 400 {
            rounds += 1
            let process = Process()
            process.executableURL = URL(fileURLWithPath: adhere)
            process.arguments = ["submit", study.directory.path, "--cluster", study.profilePath, "--limit", "4"]
            process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let t0 = Date()
            try process.run()
            let delay = oneRun * Double.random(in: 0.2...0.95, using: &generator)
            try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
                process.waitUntilExit()
            } else {
                // It finished first: the machine is faster now; aim earlier next time.
                process.waitUntilExit()
                oneRun = 0.5 * oneRun + 0.5 * max(Date().timeIntervalSince(t0), 0.1)
            }
        }
        #expect(killed >= 20, "only \(killed) of \(rounds) rounds were killed mid-run")

        // Then to completion (twice: the second must find nothing to do).
        let final = study.adhere("submit", [], environment: env)
        #expect(final.status == 0, "\(final.stderr)")
        let again = study.adhere("submit", [], environment: env)
        #expect(again.status == 0 && again.stdout.contains("submitted 0 job(s)"), "\(again.stdout)\(again.stderr)")

        let jobs = ClusterStudy.jobs(slurmConf: conf, ids: study.ids)
        for id in study.ids {
            let mine = jobs.filter { $0.tag.calculationID == id }
            #expect(mine.count == 1, "\(id): \(mine.map { "\($0.jobID) \($0.tag) \($0.state)" })")
            #expect(mine.allSatisfy { $0.state != "CANCELLED" }, "\(id): a duplicate had to be cancelled")
            let record = try #require(try study.store.calculation(id: id))
            #expect(record.state.isLive || record.state == .finished, "\(id) is \(record.state)")
            #expect(record.slurmJobID == mine.first?.jobID, "\(id): store \(record.slurmJobID ?? "nil")")
            #expect(mine.first.map { $0.tag.attempt == record.attempts } ?? false, "\(id): attempt")
        }
        // Every step is in the history: an intent and a job id for each calculation.
        let history = try study.store.history()
        let adopted = history.filter { $0.event == .reconcile && $0.toState != .built }.count
        let reverted = history.filter { $0.event == .reconcile && $0.toState == .built }.count
        print("kill test: \(killed) kills in \(rounds) rounds; reconciliation adopted \(adopted) job(s) an earlier run's sbatch created and reverted \(reverted) intent(s) that never became jobs")
        for id in study.ids {
            #expect(history.contains { $0.calculationID == id && $0.event == .intent })
        }
    }
}
