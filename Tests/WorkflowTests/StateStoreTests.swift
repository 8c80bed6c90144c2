import Foundation
import GRDB
import Testing
@testable import Workflow
import TestSupport

/// The SQLite state store: registration, the state machine, history, durability across reopen.
@Suite struct StateStoreTests {
    static func spec(_ id: String, role: String = "interface", interface: String = "Li001-LiF001", hash: String = "h1") -> CalculationSpec {
        CalculationSpec(id: id, role: role, interface: interface, folder: "calcs/\(id)", inputHash: hash)
    }

    @Test func openCreatesWALDatabaseInsideTheStudyFolder() throws {
        let study = try Fixtures.temporaryDirectory("store")
        let store = try StateStore.open(studyDirectory: study)
        #expect(store.path == study.path + "/.adhere/state.sqlite")
        #expect(FileManager.default.fileExists(atPath: store.path))
        let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func registerIsIdempotentAndRecordsHistory() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        #expect(try store.register(calculation: Self.spec("a")) == .added)
        #expect(try store.register(calculation: Self.spec("a")) == .unchanged)
        let record = try #require(try store.calculation(id: "a"))
        #expect(record.state == .built)
        #expect(record.attempts == 0)
        #expect(record.slurmJobID == nil)
        #expect(try store.history(calculationID: "a").count == 1)
    }

    @Test func rebuiltInputsReturnASettledCalculationToBuilt() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        try store.register(calculation: Self.spec("a"))
        try store.update("a", event: .intent) { $0.state = .submitted; $0.attempts = 1 }
        try store.update("a", event: .sbatch) { $0.slurmJobID = "17" }
        // Live: a rebuild with other inputs is refused.
        #expect(throws: StateStoreError.self) { try store.register(calculation: Self.spec("a", hash: "h2")) }
        try store.update("a", event: .poll) { $0.state = .failed; $0.failureReason = "FAILED" }
        #expect(try store.register(calculation: Self.spec("a", hash: "h2")) == .inputsChanged)
        let record = try #require(try store.calculation(id: "a"))
        #expect(record.state == .built && record.inputHash == "h2" && record.slurmJobID == nil)
    }

    @Test func registrationUnderAnotherInterfaceIsAConflict() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        try store.register(calculation: Self.spec("a"))
        #expect(throws: StateStoreError.self) { try store.register(calculation: Self.spec("a", interface: "other")) }
    }

    @Test(arguments: ["", "a b", "x;rm -rf", "$(id)", "quote'", String(repeating: "a", count: 101)])
    func idsThatCannotTagASlurmJobAreRefused(_ id: String) throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        #expect(throws: StateStoreError.invalidCalculationID(id)) { try store.register(calculation: Self.spec(id)) }
    }

    @Test func illegalTransitionsAreRefusedAndLeaveNoTrace() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        try store.register(calculation: Self.spec("a"))
        #expect(throws: StateStoreError.illegalTransition(id: "a", from: .built, to: .running)) {
            try store.update("a", event: .poll) { $0.state = .running }
        }
        #expect(try store.calculation(id: "a")?.state == .built)
        #expect(try store.history(calculationID: "a").count == 1)
    }

    @Test func aFailedChangeRollsBackTheWholeTransaction() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        try store.register(calculation: Self.spec("a"))
        try store.register(calculation: Self.spec("b"))
        #expect(throws: StateStoreError.self) {
            try store.transaction { tx throws(StateStoreError) in
                try tx.update("a", event: .intent) { $0.state = .submitted }
                try tx.update("b", event: .poll) { $0.state = .parsed }  // built → parsed is illegal
            }
        }
        #expect(try store.calculation(id: "a")?.state == .built)
        #expect(try store.history().count == 2)
    }

    @Test func fullLifeIsRecordedInOrderAndSurvivesReopening() throws {
        let dir = try Fixtures.temporaryDirectory("store")
        do {
            let store = try StateStore.open(studyDirectory: dir)
            try store.register(calculation: Self.spec("a"))
            try store.update("a", event: .intent) { $0.state = .submitted; $0.attempts += 1 }
            try store.update("a", event: .sbatch) { $0.slurmJobID = "42" }
            for s in [CalculationState.queued, .running, .finished, .parsed] {
                try store.update("a", event: .poll) { $0.state = s }
            }
        }
        let reopened = try StateStore.open(studyDirectory: dir)
        let history = try reopened.history(calculationID: "a")
        #expect(history.map(\.toState) == [.built, .submitted, .submitted, .queued, .running, .finished, .parsed])
        #expect(history.map(\.event) == [.build, .intent, .sbatch, .poll, .poll, .poll, .poll])
        #expect(history.last?.slurmJobID == "42")
        #expect(history.last?.attempt == 1)
        let record = try #require(try reopened.calculation(id: "a"))
        #expect(record.state == .parsed && record.slurmJobID == "42")
    }

    @Test func failureReasonAndOverridesRoundTrip() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        try store.register(calculation: Self.spec("a"))
        try store.update("a", event: .intent) { $0.state = .submitted; $0.attempts = 1 }
        try store.update("a", event: .poll, note: "OUT_OF_MEMORY") {
            $0.state = .failed
            $0.failureReason = "Slurm OUT_OF_MEMORY"
            $0.overrides = ResourceOverrides(memoryMB: 4096, tasksPerNode: 2)
        }
        let record = try #require(try store.calculation(id: "a"))
        #expect(record.failureReason == "Slurm OUT_OF_MEMORY")
        #expect(record.overrides == ResourceOverrides(memoryMB: 4096, tasksPerNode: 2))
        // Leaving `failed` clears the reason.
        try store.update("a", event: .retry) { $0.state = .built }
        #expect(try store.calculation(id: "a")?.failureReason == nil)
    }

    @Test func stateMachineTable() {
        // Hand-written from docs/state-and-recovery.md.
        #expect(CalculationState.built.canMove(to: .submitted))
        #expect(!CalculationState.built.canMove(to: .queued))
        #expect(CalculationState.submitted.canMove(to: .built))  // intent never reached Slurm
        #expect(!CalculationState.queued.canMove(to: .built))
        #expect(!CalculationState.parsed.canMove(to: .queued))
        #expect(CalculationState.parsed.canMove(to: .built))  // energy-changing fix reruns the interface
        #expect(CalculationState.failed.canMove(to: .built))
        #expect(!CalculationState.failed.canMove(to: .running))
        #expect(CalculationState.allCases.filter(\.isLive) == [.submitted, .queued, .running])
    }

    @Test func settingsPersist() throws {
        let store = try StateStore.open(studyDirectory: try Fixtures.temporaryDirectory("store"))
        #expect(try store.setting("attemptLimit") == nil)
        try store.setSetting("attemptLimit", "5")
        try store.setSetting("attemptLimit", "6")
        #expect(try store.setting("attemptLimit") == "6")
    }

    @Test func concurrentWritersFromTwoHandlesDoNotLoseRows() async throws {
        let dir = try Fixtures.temporaryDirectory("store")
        let one = try StateStore.open(studyDirectory: dir)
        let two = try StateStore.open(studyDirectory: dir)
        await withTaskGroup(of: Void.self) { group in
            for k in 0..<40 {
                let store = k.isMultiple(of: 2) ? one : two
                group.addTask { _ = try? store.register(calculation: Self.spec("c\(k)")) }
            }
        }
        #expect(try one.calculations().count == 40)
        #expect(try two.history().count == 40)
    }
}
