import Foundation
import Testing
import TestSupport
@testable import Workflow

/// `adhere submit / status / cancel / retry` against the real local Slurm.
@Suite(.serialized, .sharedCluster) struct SubmissionClusterTests {
    /// True when the local Slurm answers and adhere is built (the suite's tests are enabled).
    static let clusterReady = ready() != nil

    static func ready() -> String? {
        guard let conf = LocalSlurm.slurmConf, LocalSlurm.reachable else { print(LocalSlurm.missingMessage); return nil }
        guard FileManager.default.isExecutableFile(atPath: Fixtures.executable("adhere")) else {
            print("skipped: adhere is not built (swift build --product adhere)"); return nil
        }
        return conf
    }

    static func status(_ study: ClusterStudy) throws -> StudyStatus {
        let r = study.adhere("status", ["--json"])
        guard r.status == 0 else { throw StatusFailure(text: r.stderr) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StudyStatus.self, from: Data(r.stdout.utf8))
    }

    struct StatusFailure: Error { var text: String }

    /// Polls `adhere status` until nothing is live (or `seconds` pass).
    static func waitSettled(_ study: ClusterStudy, seconds: Double) async throws -> StudyStatus {
        try await Poll.until(seconds: seconds, every: 1, { try status(study) }, satisfies: \.settled)
    }

    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func successAndNonZeroExitAreToldApart() async throws {
        let conf = try #require(Self.ready())
        let ok = try ClusterStudy(prefix: "ok", count: 2, command: "true", slurmConf: conf)
        let bad = try ClusterStudy(prefix: "bad", count: 1, command: "exit 3", slurmConf: conf)
        #expect(ok.adhere("submit").status == 0)
        #expect(bad.adhere("submit").status == 0)
        let s1 = try await Self.waitSettled(ok, seconds: 300)
        #expect(s1.calculations.map(\.state) == ["finished", "finished"])
        let s2 = try await Self.waitSettled(bad, seconds: 300)
        let failed = try #require(s2.calculations.first)
        #expect(failed.state == "failed")
        #expect(failed.failureReason?.contains("FAILED") == true)
        #expect(failed.failureReason?.contains("3:0") == true)  // Slurm's ExitCode exit:signal
        // Recovery has no VASP error to go on: reported, not resubmitted.
        let again = bad.adhere("submit")
        #expect(again.status == 0)
        #expect(again.stdout.contains("no known VASP error"), "\(again.stdout)")
        #expect(try bad.store.calculation(id: bad.ids[0])?.state == .failed)
        #expect(ClusterStudy.jobs(slurmConf: conf, ids: bad.ids).count == 1)
    }

    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func cancelThenRetry() async throws {
        let conf = try #require(Self.ready())
        let study = try ClusterStudy(prefix: "cancel", count: 2, slurmConf: conf)
        defer { study.cancelAll(slurmConf: conf) }
        #expect(study.adhere("submit").status == 0)
        let c = study.adhere("cancel", ["--id", study.ids[0]])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(try study.store.calculation(id: study.ids[0])?.state == .cancelled)
        let jobs = try await Poll.until(seconds: 120, { ClusterStudy.jobs(slurmConf: conf, ids: study.ids) },
                                        satisfies: { $0.first { $0.tag.calculationID == study.ids[0] }?.state == "CANCELLED" })
        #expect(jobs.first { $0.tag.calculationID == study.ids[0] }?.state == "CANCELLED")
        #expect(jobs.first { $0.tag.calculationID == study.ids[1] }.map { ["PENDING", "RUNNING"].contains($0.state) } == true)
        let r = study.adhere("retry", ["--id", study.ids[0]])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try study.store.calculation(id: study.ids[0])?.state == .built)
        #expect(study.adhere("submit").status == 0)
        let record = try #require(try study.store.calculation(id: study.ids[0]))
        #expect(record.attempts == 2 && record.state.isLive)
        let tags = ClusterStudy.jobs(slurmConf: conf, ids: [study.ids[0]]).map(\.tag.attempt).sorted()
        #expect(tags == [1, 2])
    }

    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func aPendingReasonThatNeverResolvesIsAnError() async throws {
        let conf = try #require(Self.ready())
        // The `short` partition allows 1 minute; ask for 5: PENDING (PartitionTimeLimit) forever.
        let study = try ClusterStudy(prefix: "never", count: 1, time: "00:05:00", slurmConf: conf,
                                     extraProfile: "")
        try String(contentsOfFile: study.profilePath, encoding: .utf8).replacingOccurrences(of: "partition: debug", with: "partition: short")
            .write(toFile: study.profilePath, atomically: true, encoding: .utf8)
        defer { study.cancelAll(slurmConf: conf) }
        #expect(study.adhere("submit").status == 0)
        let s = try await Poll.until(seconds: 120, every: 0.5, { try Self.status(study) },
                                     satisfies: { $0.calculations[0].state == "failed" })
        #expect(s.calculations[0].state == "failed")
        // Slurm 22.05 gives PartitionConfig or PartitionTimeLimit here; both never resolve.
        let reason = s.calculations[0].failureReason ?? ""
        #expect(reason.contains("never resolves") && (reason.contains("PartitionTimeLimit") || reason.contains("PartitionConfig")), "\(reason)")
        let jobs = try await Poll.until(seconds: 120, { ClusterStudy.jobs(slurmConf: conf, ids: study.ids) },
                                        satisfies: { $0.first?.state == "CANCELLED" })
        #expect(jobs.first?.state == "CANCELLED")
    }

    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func watchEndsWhenEverythingIsSettled() throws {
        let conf = try #require(Self.ready())
        let study = try ClusterStudy(prefix: "watch", count: 2, command: "sleep 2", slurmConf: conf)
        #expect(study.adhere("submit").status == 0)
        let r = study.adhere("status", ["--watch", "--interval", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 calculation(s): 2 finished"), "\(r.stdout)")
        // Not a terminal: no screen clearing, one table per refresh.
        #expect(!r.stdout.contains("\u{1B}["))
    }

    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func dryRunContactsNothingAndChangesNothing() throws {
        let conf = try #require(Self.ready())
        let study = try ClusterStudy(prefix: "dry", count: 3, slurmConf: conf)
        let before = try study.store.history()
        let r = study.adhere("submit", ["--dry-run", "--limit", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("would submit 2"))
        #expect(r.stdout.contains("#SBATCH --signal=B:USR1@30"))
        #expect(try study.store.history() == before)
        #expect(ClusterStudy.jobs(slurmConf: conf, ids: study.ids).isEmpty)
    }

    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func folderNamesWithShellSyntaxReachTheJobVerbatim() async throws {
        let conf = try #require(Self.ready())
        let study = try ClusterStudy(prefix: "inject", count: 1, command: "pwd > where.txt", slurmConf: conf)
        // Move the calculation into a folder whose name is full of shell syntax.
        let evil = "calcs/a b'c \"d\" $(touch PWNED); e`id`"
        let id = study.ids[0]
        try FileManager.default.moveItem(at: study.directory.appendingPathComponent("calcs/\(id)"),
                                         to: study.directory.appendingPathComponent(evil))
        try await study.store.pool.write { db in
            try db.execute(sql: "UPDATE calculation SET folder = ? WHERE id = ?", arguments: [evil, id])
        }
        #expect(study.adhere("submit").status == 0)
        let s = try await Self.waitSettled(study, seconds: 300)
        #expect(s.calculations[0].state == "finished", "\(s.calculations[0])")
        let written = try String(contentsOf: study.directory.appendingPathComponent(evil).appendingPathComponent("where.txt"), encoding: .utf8)
        #expect(written.trimmingCharacters(in: .newlines) == study.directory.appendingPathComponent(evil).path)
        let found = FileManager.default.enumerator(atPath: study.directory.path)?.compactMap { $0 as? String }.filter { $0 == "PWNED" || $0.hasSuffix("/PWNED") } ?? []
        #expect(found.isEmpty)
    }
}
