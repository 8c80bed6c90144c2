import Foundation
import Testing
import TestSupport
@testable import Slurm
@testable import Workflow

/// When a calculation needs an upload or a download (docs/state-and-recovery.md, "Remote work
/// root"): decided from its state, job id and last history event. Expected values are the rules
/// as written in that document.
struct RemoteStagingDecisionTests {
    func record(_ state: CalculationState, job: String? = "42") throws -> CalculationRecord {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("staging-decisions"))
        try store.register(calculation: CalculationSpec(id: "c", role: "film", interface: "i", folder: "calculations/c", inputHash: "h"))
        var r = try #require(try store.calculation(id: "c"))
        r.state = state
        r.slurmJobID = job
        return r
    }

    @Test func fetchIsDueOnlyAfterTheSchedulerSaidTheJobEnded() throws {
        #expect(RemoteStaging.awaitsFetch(try record(.finished), lastEvent: .poll))
        #expect(RemoteStaging.awaitsFetch(try record(.failed), lastEvent: .reconcile))
        #expect(RemoteStaging.awaitsFetch(try record(.failed), lastEvent: .fetchIntent), "a cut download is redone")
        #expect(!RemoteStaging.awaitsFetch(try record(.finished), lastEvent: .fetched))
        #expect(!RemoteStaging.awaitsFetch(try record(.failed), lastEvent: .recovery))
        #expect(!RemoteStaging.awaitsFetch(try record(.failed, job: nil), lastEvent: .sbatch), "sbatch refused: nothing ran")
        #expect(!RemoteStaging.awaitsFetch(try record(.failed), lastEvent: .blockedInQueue), "never ran")
        #expect(!RemoteStaging.awaitsFetch(try record(.running), lastEvent: .poll))
    }

    @Test func submissionWaitsForTheStagedStep() {
        #expect(RemoteStaging.isStaged(lastEvent: .staged))
        for other: HistoryEvent? in [nil, .build, .stageIntent, .recovery, .retry, .collect, .reconcile] {
            #expect(!RemoteStaging.isStaged(lastEvent: other), "\(String(describing: other))")
        }
    }

    @Test func downloadsCarryWhatCollectAndRecoveryRead() throws {
        let finished = RemoteStaging.downloads(for: try record(.finished))
        #expect(finished.contains(DownloadFile("vasprun.xml", required: false)))
        #expect(finished.contains(DownloadFile("slurm-42.out", required: false)))
        #expect(finished.contains(DownloadFile("OUTCAR", extent: .tail(bytes: 1 << 20), required: false)))
        #expect(finished.allSatisfy { !$0.required })
        let failed = RemoteStaging.downloads(for: try record(.failed))
        #expect(failed.contains(DownloadFile("OUTCAR", required: false)), "recovery reads NBANDS near the start of OUTCAR")
    }
}
