import Foundation
import Testing
import TestSupport
@testable import Workflow

/// TIMEOUT on the real local Slurm → recovery continues from the validated CONTCAR.
@Suite(.serialized, .sharedCluster) struct RecoveryTimeoutClusterTests {
    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func timeoutIsContinuedFromTheCONTCAR() async throws {
        let conf = try #require(SubmissionClusterTests.ready())
        guard let seed = Fixtures.shared("fixtures/calc-dirs/lobster_v51") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let standin = Fixtures.executable("vasp-standin")
        guard FileManager.default.isExecutableFile(atPath: standin) else { try Test.cancel(Comment(rawValue: "skipped: vasp-standin is not built")) }
        // The stand-in (NOT VASP) relaxes a few steps and writes CONTCAR, then the job idles
        // until Slurm's one-minute limit ends it: TIMEOUT with a complete CONTCAR.
        let study = try ClusterStudy(prefix: "tmo", count: 1, command: "\(standin); sleep 600", time: "00:01:00",
                                     slurmConf: conf, seedFolder: seed)
        // USR1 20 s before the limit, not 30: Slurm may send it up to 60 s early (man sbatch), and
        // at 30 s of a 1-minute job it can come in the job's first moment, before the script's
        // trap is set; at 20 s it comes 10 s in at the earliest (see LocalSlurmTimeoutTests).
        try String(contentsOfFile: study.profilePath, encoding: .utf8)
            .replacingOccurrences(of: "signal_seconds_before_limit: 30", with: "signal_seconds_before_limit: 20")
            .write(toFile: study.profilePath, atomically: true, encoding: .utf8)
        defer { study.cancelAll(slurmConf: conf) }
        let id = study.ids[0]
        let folder = study.directory.appendingPathComponent("calcs/\(id)")
        // A short relaxation so CONTCAR differs from POSCAR.
        try "NSW = 3\nIBRION = 2\nEDIFFG = -0.0001\n".write(to: folder.appendingPathComponent("INCAR"), atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("CONTCAR"))
        let poscar = try Data(contentsOf: folder.appendingPathComponent("POSCAR"))

        #expect(study.adhere("submit").status == 0)
        let s = try await SubmissionClusterTests.waitSettled(study, seconds: 300)
        #expect(s.calculations[0].state == "failed", "\(s.calculations[0])")
        #expect(s.calculations[0].schedulerState == "TIMEOUT")
        let contcar = try Data(contentsOf: folder.appendingPathComponent("CONTCAR"))

        let r = study.adhere("submit")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("continue from CONTCAR"), "\(r.stdout)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("POSCAR")) == contcar)
        #expect(try Data(contentsOf: folder.appendingPathComponent("POSCAR.attempt-1")) == poscar)
        let record = try #require(try study.store.calculation(id: id))
        #expect(record.attempts == 2 && record.state.isLive)
        let history = try study.store.history(calculationID: id)
        #expect(history.contains { $0.event == .recovery && ($0.note ?? "").contains("validated CONTCAR") })
    }
}
