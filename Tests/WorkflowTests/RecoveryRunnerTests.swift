import Foundation
import Testing
@testable import Workflow
import TestSupport

/// Recovery applied to real folders and a real store (no scheduler needed: nothing is live).
@Suite struct RecoveryRunnerTests {
    /// A study with one interface's three calculations, each a copy of a real calculation folder.
    static func study(from fixture: String) throws -> (StateStore, URL)? {
        guard let source = Fixtures.shared("fixtures/calc-dirs/\(fixture)") else { return nil }
        let dir = try Fixtures.temporaryDirectory("recovery")
        let store = try StateStore.open(studyDirectory: dir)
        for role in ["interface", "film", "substrate"] {
            let folder = "calcs/\(role)"
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("calcs"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: dir.appendingPathComponent(folder).path)
            try store.register(calculation: CalculationSpec(id: role, role: role, interface: "Li-X", folder: folder, inputHash: "h"))
        }
        return (store, dir)
    }

    static func fail(_ store: StateStore, _ id: String, slurm: String) throws {
        try store.update(id, event: .intent) { $0.state = .submitted; $0.attempts += 1 }
        try store.update(id, event: .sbatch) { $0.slurmJobID = "100" }
        try store.update(id, event: .poll) { $0.state = .failed; $0.schedulerState = slurm; $0.failureReason = "Slurm \(slurm)" }
    }

    static func runner(_ detect: [String] = [], policy: RecoveryPolicy = RecoveryPolicy()) -> RecoveryRunner {
        RecoveryRunner(planner: RecoveryPlanner(policy: policy), scheduler: nil, detectFailures: { _ in detect })
    }

    @Test func timeoutContinuesFromAValidatedCONTCAR() async throws {
        guard let (store, dir) = try Self.study(from: "max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        try Self.fail(store, "interface", slurm: "TIMEOUT")
        let folder = dir.appendingPathComponent("calcs/interface")
        let poscarBefore = try Data(contentsOf: folder.appendingPathComponent("POSCAR"))
        let contcar = try Data(contentsOf: folder.appendingPathComponent("CONTCAR"))
        #expect(poscarBefore != contcar)
        let steps = try await Self.runner().run(store)
        #expect(steps.count == 1)
        #expect(try Data(contentsOf: folder.appendingPathComponent("POSCAR")) == contcar)
        #expect(try Data(contentsOf: folder.appendingPathComponent("POSCAR.attempt-1")) == poscarBefore)
        #expect(try store.calculation(id: "interface")?.state == .built)
        #expect(try store.history(calculationID: "interface").last?.note?.contains("validated CONTCAR") == true)
    }

    @Test func timeoutWithATruncatedCONTCARKeepsThePOSCAR() async throws {
        guard let (store, dir) = try Self.study(from: "max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        try Self.fail(store, "interface", slurm: "TIMEOUT")
        let folder = dir.appendingPathComponent("calcs/interface")
        let contcarURL = folder.appendingPathComponent("CONTCAR")
        let full = try Data(contentsOf: contcarURL)
        try full.prefix(full.count / 3).write(to: contcarURL)  // killed mid-write
        let poscarBefore = try Data(contentsOf: folder.appendingPathComponent("POSCAR"))
        _ = try await Self.runner().run(store)
        #expect(try Data(contentsOf: folder.appendingPathComponent("POSCAR")) == poscarBefore)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("POSCAR.attempt-1").path))
        #expect(try store.history(calculationID: "interface").last?.note?.contains("CONTCAR not used") == true)
    }

    @Test func energyChangingFixRerunsAllThreeWithTheSameINCAR() async throws {
        guard let (store, dir) = try Self.study(from: "lobster_v51") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        try Self.fail(store, "interface", slurm: "FAILED")
        // The film reference had finished: it must be rerun too.
        try store.update("film", event: .intent) { $0.state = .submitted; $0.attempts = 1 }
        try store.update("film", event: .sbatch) { $0.slurmJobID = "101" }
        try store.update("film", event: .poll) { $0.state = .finished }
        _ = try await Self.runner(["REAL_OPTLAY"]).run(store)
        for id in ["interface", "film", "substrate"] {
            #expect(try store.calculation(id: id)?.state == .built, "\(id)")
            let incar = try String(contentsOf: dir.appendingPathComponent("calcs/\(id)/INCAR"), encoding: .utf8)
            #expect(IncarEditor.value(of: "LREAL", in: incar) == ".FALSE.", "\(id)")
        }
        #expect(try store.history(calculationID: "substrate").last?.note?.hasPrefix("fix realoptlay/lreal-false") == true)
    }

    @Test func refusedAndGeometryFixesLeaveFilesAlone() async throws {
        guard let (store, dir) = try Self.study(from: "lobster_v51") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        try Self.fail(store, "interface", slurm: "FAILED")
        let incarURL = dir.appendingPathComponent("calcs/interface/INCAR")
        let before = try Data(contentsOf: incarURL)
        let steps = try await Self.runner(["REAL_OPTLAY", "TRIPLE_PRODUCT"], policy: RecoveryPolicy(energyChangingFixes: .refuse)).run(store)
        guard case .report(let message) = steps.first?.action else { Issue.record("\(steps)"); return }
        #expect(message.contains("refuses") && message.contains("never applied"))
        #expect(try Data(contentsOf: incarURL) == before)
        #expect(try store.calculation(id: "interface")?.state == .failed)
        // Reported once, not again on the next call.
        #expect(try await Self.runner(["REAL_OPTLAY"], policy: RecoveryPolicy(energyChangingFixes: .refuse)).run(store).isEmpty)
    }

    /// A fix is tried once, and "tried" is the history's `fix` column, never its note: a note that
    /// merely reads like a fix does not skip it; after ibrion-1 (the table's first ZBRENT fix)
    /// the second failure gets smaller-potim (the second).
    @Test func triedFixesComeFromTheHistorysFixColumnNotNotes() async throws {
        guard let (store, dir) = try Self.study(from: "max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        try Self.fail(store, "interface", slurm: "FAILED")
        try store.transaction { tx throws(StateStoreError) in
            try tx.note("interface", event: .poll, note: "fix zbrent/ibrion-1: written by a person, not by recovery")
        }
        _ = try await Self.runner(["ZBRENT"]).run(store)
        #expect(try store.history(calculationID: "interface").compactMap(\.fix) == ["zbrent/ibrion-1"])
        let incarURL = dir.appendingPathComponent("calcs/interface/INCAR")
        #expect(IncarEditor.value(of: "IBRION", in: try String(contentsOf: incarURL, encoding: .utf8)) == "1")

        try store.update("interface", event: .intent) { $0.state = .submitted; $0.attempts += 1 }
        try store.update("interface", event: .poll) { $0.state = .failed; $0.schedulerState = "FAILED"; $0.failureReason = "Slurm FAILED" }
        _ = try await Self.runner(["ZBRENT"]).run(store)
        #expect(try store.history(calculationID: "interface").compactMap(\.fix) == ["zbrent/ibrion-1", "zbrent/smaller-potim"])
    }
}
