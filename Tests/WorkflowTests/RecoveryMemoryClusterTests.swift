import Foundation
import Testing
import TestSupport
@testable import Workflow

/// OUT_OF_MEMORY on the real local Slurm (cgroup memory limits) → resubmitted with twice the memory.
@Suite(.serialized, .sharedCluster) struct RecoveryMemoryClusterTests {
    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func outOfMemoryIsResubmittedWithTwiceTheMemory() async throws {
        let conf = try #require(SubmissionClusterTests.ready())
        let slurmConfText = (try? String(contentsOfFile: conf, encoding: .utf8)) ?? ""
        guard slurmConfText.contains("TaskPlugin=task/cgroup") else {
            try Test.cancel(Comment(rawValue: "skipped: the local cluster does not enforce memory (no task/cgroup)"))
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { try Test.cancel(Comment(rawValue: "skipped: no python3 for the allocation")) }
        // 400 MB touched page by page inside a 100 MB job.
        let study = try ClusterStudy(prefix: "oom", count: 1,
                                     command: "/usr/bin/python3 -c 'b = bytearray(400 << 20); import time; time.sleep(3)'",
                                     slurmConf: conf, memory: "100M")
        defer { study.cancelAll(slurmConf: conf) }
        #expect(study.adhere("submit").status == 0)
        let s = try await SubmissionClusterTests.waitSettled(study, seconds: 300)
        #expect(s.calculations[0].state == "failed")
        #expect(s.calculations[0].schedulerState == "OUT_OF_MEMORY", "\(s.calculations[0])")

        let r = study.adhere("submit")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("--mem=200M"), "\(r.stdout)")
        let record = try #require(try study.store.calculation(id: study.ids[0]))
        #expect(record.overrides.memoryMB == 200)
        let jobID = try #require(record.slurmJobID)
        let show = Fixtures.run("/usr/bin/scontrol", ["show", "job", jobID], environment: ["SLURM_CONF": conf])
        #expect(show.stdout.contains("MinMemoryNode=200M"), "\(show.stdout)")
    }
}
