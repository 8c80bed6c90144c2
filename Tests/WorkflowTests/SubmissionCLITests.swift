import Foundation
import Testing
import TestSupport
@testable import Workflow

/// Exit codes and messages of submit/status/cancel/retry that need no cluster.
@Suite struct SubmissionCLITests {
    static var adhere: String? {
        let path = Fixtures.executable("adhere")
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        print("skipped: adhere is not built (swift build --product adhere)")
        return nil
    }

    @Test(.enabled(if: SubmissionCLITests.adhere != nil, "skipped: adhere is not built (swift build --product adhere)"), arguments: [["submit", "--limit", "0"], ["cancel"], ["retry"], ["status", "--interval", "0"]])
    func badUsageExits64(_ args: [String]) throws {
        let adhere = try #require(Self.adhere)
        let dir = try Fixtures.temporaryDirectory("cli")
        let r = Fixtures.run(adhere, [args[0], dir.path] + args.dropFirst())
        #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
    }

    @Test(.enabled(if: SubmissionCLITests.adhere != nil, "skipped: adhere is not built (swift build --product adhere)"), arguments: ["submit", "status", "retry"])
    func aStudyWithoutCalculationsIsAClearFailure(_ command: String) throws {
        let adhere = try #require(Self.adhere)
        let dir = try Fixtures.temporaryDirectory("cli")
        let r = Fixtures.run(adhere, command == "retry" ? [command, dir.path, "--all"] : [command, dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("run `adhere build` first"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!StateStore.exists(studyDirectory: dir))
    }

    @Test(.enabled(if: SubmissionCLITests.adhere != nil, "skipped: adhere is not built (swift build --product adhere)")) func retryReArmsFailedCalculationsWithoutAScheduler() throws {
        let adhere = try #require(Self.adhere)
        let dir = try Fixtures.temporaryDirectory("cli")
        let store = try StateStore.open(studyDirectory: dir)
        try store.register(calculation: CalculationSpec(id: "a", role: "interface", interface: "i", folder: "a", inputHash: "h"))
        try store.register(calculation: CalculationSpec(id: "b", role: "film", interface: "i", folder: "b", inputHash: "h"))
        try store.update("a", event: .intent) { $0.state = .submitted; $0.attempts = 1 }
        try store.update("a", event: .sbatch) { $0.slurmJobID = "5" }
        try store.update("a", event: .poll) { $0.state = .failed; $0.failureReason = "Slurm FAILED" }
        let r = Fixtures.run(adhere, ["retry", dir.path, "--all"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("re-armed 1: a"))
        #expect(try store.calculation(id: "a")?.state == .built)
        #expect(try store.history(calculationID: "a").last?.event == .retry)
        // Settled study: status needs no cluster at all.
        let s = Fixtures.run(adhere, ["status", dir.path, "--json", "--cluster", "/nonexistent/profile.yaml"])
        #expect(s.status == 1)  // the profile is read first, and it does not exist
        let t = Fixtures.run(adhere, ["status", dir.path])
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.contains("2 calculation(s): 2 built"), "\(t.stdout)")
    }
}
