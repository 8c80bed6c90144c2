import Archive
import Foundation
import Testing
import TestSupport
@testable import Workflow

/// A collect with nothing new answers from the interface outcomes kept in the state store
/// (`InterfaceStatus`) — and only while the inputs they were computed from are unchanged. The
/// minimal study is run to the end without Slurm (jobs run vasp-standin inline).
@Suite struct CollectNoOpTests {
    static let standin = Fixtures.executable("vasp-standin")
    static let ready = FileManager.default.isExecutableFile(atPath: standin)

    static func finishedStudy() async throws -> LoadedStudy {
        let dir = try Fixtures.temporaryDirectory("adhere-noop")
        _ = try StudyExample.minimal.write(to: dir)
        let loaded = try StudyFile.read(dir.path)
        let runner = StudyRunner(loaded: loaded, options: .init(pollSeconds: 0.2, maxWaitSeconds: 600),
                                 display: ProgressDisplay(interactive: false) { _ in }) {
            try SubmissionService(studyDirectory: dir, scheduler: inlineScheduler(standin: standin), inFlightSeconds: 0)
        }
        let outcome = try await runner.run()
        try #require(outcome.complete)
        return loaded
    }

    /// Sets the stored outcome of interface `name` by hand (what only a stale row could say).
    static func forge(_ store: StateStore, _ name: String, reason: String) async throws {
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE interfaceStatus SET outcome = 'refused', reason = ? WHERE name = ?", arguments: [reason, name])
        }
    }

    @Test(.enabled(if: ready, "skipped: build vasp-standin first (swift build --product vasp-standin)"))
    func aNoOpPassAnswersFromTheStoreAndItsCountsAreTheArchives() async throws {
        let loaded = try await Self.finishedStudy()
        let store = try StateStore.open(studyDirectory: loaded.directory)
        let collector = Collector(loaded)
        let reader = try ArchiveReader(path: collector.archivePath)
        let noop = try collector.collect(store: store)
        #expect(noop.parsed.isEmpty && noop.waiting.isEmpty && noop.refused.isEmpty)
        #expect(noop.archivedCalculations == (try reader.calculationIDs()).sorted())
        #expect(noop.archivedInterfaceCount == (try reader.interfaceNames()).count)
        #expect(noop.archivedInterfaceCount == 1)
        #expect(noop.surfaceEnergy == (try reader.interface("LiF")).analysis.surfaceEnergy)

        // The no-op reads the stored row, not a recomputation: a forged row shows through …
        try await Self.forge(store, "LiF", reason: "forged")
        #expect(try collector.collect(store: store).refused.map(\.reason) == ["forged"])
        // … until an input changes: an edited study.yaml (new mtime) makes the next pass recompute.
        let yaml = loaded.file
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: yaml.path)
        let recomputed = try collector.collect(store: store)
        #expect(recomputed.refused.isEmpty)
        #expect(recomputed.interfaces.map(\.name) == ["LiF"])
        #expect(try store.interfaceStatuses().map(\.outcome) == [.computed])
    }

    @Test(.enabled(if: ready, "skipped: build vasp-standin first (swift build --product vasp-standin)"))
    func aSummaryRemovedOutsideCollectIsNeverAnsweredFromTheOldRows() async throws {
        let loaded = try await Self.finishedStudy()
        let store = try StateStore.open(studyDirectory: loaded.directory)
        try await Self.forge(store, "LiF", reason: "forged")
        // The interface's summary disappears (as when its calculation is rebuilt): the stamp's
        // count changes, every interface is recomputed, and LiF waits for that calculation.
        try await store.pool.write { db in
            try db.execute(sql: "DELETE FROM collected WHERE calculationID = 'LiF-interface'")
        }
        let pass = try Collector(loaded).collect(store: store)
        #expect(pass.refused.isEmpty)
        #expect(pass.waiting.map(\.name) == ["LiF"])
        #expect(pass.waiting.first?.missing == ["LiF-interface"])
    }

    /// Rows keep `missing` and `notes` as JSON arrays in text columns: those written by hand
    /// (as Foundation's JSONEncoder writes them, `/` escaped) and those saved through the record
    /// read back as the same lists.
    @Test func interfaceRowsKeepTheirListsAsJSONText() async throws {
        let dir = try Fixtures.temporaryDirectory("adhere-interface-rows")
        let store = try StateStore.open(studyDirectory: dir)
        try await store.pool.write { db in
            try db.execute(sql: "INSERT INTO interfaceStatus(name, outcome, missing, reason, notes) VALUES (?, ?, ?, NULL, ?)",
                           arguments: ["LiF", "waiting", #"["LiF-interface","Li\/slab-5"]"#, "[]"])
        }
        let summary = InterfaceStatusSummary(stamp: .init(manifestSizeBytes: 1, manifestModifiedNanoseconds: 2, studyFileSizeBytes: 3,
                                                          studyFileModifiedNanoseconds: 4, energyKind: "sigma0", collectedCount: 0,
                                                          latestCollectedAt: nil),
                                             surfaceEnergy: nil, surfaceEnergyNotes: [])
        try store.storeInterfaceStatuses([InterfaceStatus(name: "Li2CO3", outcome: .computed, notes: ["second model 0.2 J/m² apart"])],
                                         summary: summary, replacingAll: false)
        let rows = try store.interfaceStatuses()
        #expect(rows.map(\.name) == ["Li2CO3", "LiF"])
        #expect(rows.map(\.missing) == [[], ["LiF-interface", "Li/slab-5"]])
        #expect(rows.map(\.notes) == [["second model 0.2 J/m² apart"], []])
    }
}
