import Foundation
import Testing
import TestSupport
@testable import Workflow

/// A VASP failure (the stand-in printing VASP's ZBRENT error, NOT VASP) on the real local
/// Slurm: the job fails, recovery applies the table's first energy-neutral fix and the rerun ends.
@Suite(.serialized, .sharedCluster) struct RecoveryVASPFailureClusterTests {
    @Test(.enabled(if: SubmissionClusterTests.clusterReady, "skipped: needs the local Slurm (bash cluster/local/start-slurm.sh) and adhere built")) func zbrentIsFixedOnThatCalculationAndRerun() async throws {
        let conf = try #require(SubmissionClusterTests.ready())
        guard let seed = Fixtures.shared("fixtures/calc-dirs/max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let standin = Fixtures.executable("vasp-standin")
        guard FileManager.default.isExecutableFile(atPath: standin) else { try Test.cancel(Comment(rawValue: "skipped: vasp-standin is not built")) }
        let study = try ClusterStudy(prefix: "zbrent", count: 3, command: standin, slurmConf: conf, seedFolder: seed)
        defer { study.cancelAll(slurmConf: conf) }
        // A 120-atom cell away from its pair-potential minimum: several ionic steps.
        let failing = study.ids[0]
        for id in study.ids {
            try "NSW = 4\nIBRION = 2\nEDIFFG = -0.00001\n".write(to: study.directory.appendingPathComponent("calcs/\(id)/INCAR"),
                                                             atomically: true, encoding: .utf8)
        }
        // Only the first calculation fails, and only once (the stand-in's own switches).
        let env = ["ADHERE_STANDIN_FAIL": "zbrent", "ADHERE_STANDIN_FAIL_IN": failing, "ADHERE_STANDIN_FAIL_ONCE": "1"]
        #expect(study.adhere("submit", [], environment: env).status == 0)
        let s1 = try await SubmissionClusterTests.waitSettled(study, seconds: 300)
        #expect(s1.calculations.first { $0.id == failing }?.state == "failed")
        #expect(s1.calculations.filter { $0.id != failing }.allSatisfy { $0.state == "finished" })

        let r = study.adhere("submit", [], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("fix zbrent (energy-neutral) ibrion-1"), "\(r.stdout)")
        let incar = try String(contentsOf: study.directory.appendingPathComponent("calcs/\(failing)/INCAR"), encoding: .utf8)
        #expect(IncarEditor.value(of: "IBRION", in: incar) == "1")
        // Energy-neutral: the other two calculations are untouched.
        for id in study.ids.dropFirst() {
            let other = try String(contentsOf: study.directory.appendingPathComponent("calcs/\(id)/INCAR"), encoding: .utf8)
            #expect(IncarEditor.value(of: "IBRION", in: other) == "2")
            #expect(try study.store.calculation(id: id)?.attempts == 1)
        }
        let s2 = try await SubmissionClusterTests.waitSettled(study, seconds: 300)
        #expect(s2.calculations.first { $0.id == failing }?.state == "finished")
        #expect(try study.store.calculation(id: failing)?.attempts == 2)
        let status = study.adhere("status")
        #expect(status.stdout.contains("fix zbrent/ibrion-1"), "\(status.stdout)")
    }
}
