import Foundation
import Testing
import TestSupport
@testable import Workflow

/// With slurmctld stopped, `adhere submit` and `status` fail fast with a clear message and a
/// non-zero exit, the store stays as it was; after a restart `status` reconciles every job.
/// Runs on a private cluster (own root and ports) so other tests' jobs are not disturbed.
@Suite(.serialized, .exclusiveCluster) struct OutageTests {
    static let root = "/tmp/adhere-slurm-outage-workflow"
    static let env = ["ADHERE_SLURM_ROOT": root, "ADHERE_SLURM_CTLD_PORT": "6927", "ADHERE_SLURM_SLURMD_PORT": "6928",
                      "ADHERE_SLURM_PROCTRACK": "linuxproc"]

    static func script(_ name: String, _ args: [String] = []) -> (status: Int32, stdout: String, stderr: String) {
        Fixtures.run("/bin/bash", [Fixtures.project("cluster/local/\(name)")] + args, environment: env)
    }

    struct Snapshot: Equatable {
        var rows: [CalculationRecord]
        var history: [TransitionRecord]
    }

    static func snapshot(_ store: StateStore) throws -> Snapshot {
        Snapshot(rows: try store.calculations(), history: try store.history())
    }

    @Test func controllerOutageFailsFastAndChangesNothingThenStatusReconciles() async throws {
        guard LocalSlurm.reachable, getuid() == 0 else { try Test.cancel(Comment(rawValue: LocalSlurm.missingMessage + " (and root)")) }
        let adhere = Fixtures.executable("adhere")
        guard FileManager.default.isExecutableFile(atPath: adhere) else { try Test.cancel(Comment(rawValue: "skipped: \(adhere) is not built")) }
        let start = Self.script("start-slurm.sh")
        guard start.status == 0 else { Issue.record("private cluster did not start: \(start.stderr)"); return }
        defer { _ = Self.script("stop-slurm.sh", ["--purge"]) }
        let conf = Self.root + "/etc/slurm.conf"

        let study = try ClusterStudy(prefix: "outage", count: 4, slurmConf: conf)
        let first = study.adhere("submit", ["--limit", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try Self.snapshot(study.store)
        #expect(before.rows.filter(\.state.isLive).count == 3)

        // Stop the controller only (jobs keep running on slurmd).
        let pid = try String(contentsOfFile: Self.root + "/run/slurmctld.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        Fixtures.run("/bin/kill", [pid])
        #expect(try await Poll.until(seconds: 60) { kill(Int32(pid) ?? 0, 0) != 0 }, "slurmctld (pid \(pid)) did not stop")

        for command in ["submit", "status"] {
            let t0 = Date()
            let r = study.adhere(command)
            let seconds = Date().timeIntervalSince(t0)
            #expect(r.status == 1, "\(command): exit \(r.status)")
            #expect(r.stderr.lowercased().contains("controller"), "\(command): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(command): one line: \(r.stderr)")
            #expect(seconds < 15, "\(command) took \(seconds) s")
            #expect(try Self.snapshot(study.store) == before, "\(command) changed the store")
        }

        // Restart: status reconciles every job.
        let restart = Self.script("start-slurm.sh")
        #expect(restart.status == 0, "\(restart.stderr)")
        let status = study.adhere("status", ["--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let parsed = try decoder.decode(StudyStatus.self, from: Data(status.stdout.utf8))
        #expect(parsed.reconciled)
        let live = parsed.calculations.filter { $0.slurmJobID != nil }
        #expect(live.count == 3)
        for c in live { #expect(c.state == "queued" || c.state == "running", "\(c.id): \(c.state)") }
        let jobs = ClusterStudy.jobs(slurmConf: conf, ids: study.ids)
        #expect(Set(jobs.map(\.jobID)) == Set(live.compactMap(\.slurmJobID)))
        study.cancelAll(slurmConf: conf)
    }
}
