import Archive
import Foundation
import Slurm
import Testing
import TestSupport
@testable import Workflow

/// A scheduler without Slurm whose jobs run vasp-standin in their folder at once (COMPLETED or
/// FAILED by its exit status).
func inlineScheduler(standin: String) -> FakeScheduler {
    FakeScheduler { job in
        let result = Fixtures.run(standin, [], currentDirectory: job.directory.path)
        return .finished(result.status == 0 ? .completed : .failed(exitCode: result.status, signal: 0))
    }
}

/// The run loop without Slurm (jobs run inline), including a controller that stops answering.
@Suite struct StudyRunnerTests {
    static let standin = Fixtures.executable("vasp-standin")
    static let ready = FileManager.default.isExecutableFile(atPath: standin)

    @Test(.enabled(if: ready, "skipped: build vasp-standin first (swift build --product vasp-standin)"))
    func runSurvivesAControllerOutageAndFinishes() async throws {
        let dir = try Fixtures.temporaryDirectory("adhere-runner")
        _ = try StudyExample.minimal.write(to: dir)
        let loaded = try StudyFile.read(dir.path)
        let scheduler = inlineScheduler(standin: Self.standin)
        scheduler.refuseCalls(2)
        final class Lines: @unchecked Sendable { var text = ""; let lock = NSLock() }
        let lines = Lines()
        let display = ProgressDisplay(interactive: false) { t in lines.lock.withLock { lines.text += t } }
        let runner = StudyRunner(loaded: loaded, options: .init(pollSeconds: 0.5, maxWaitSeconds: 600), display: display) {
            try SubmissionService(studyDirectory: dir, scheduler: scheduler, inFlightSeconds: 0)
        }
        let outcome = try await runner.run()
        #expect(outcome.complete)
        #expect(scheduler.callsRefused == 2)
        #expect(lines.text.contains("waiting for the Slurm controller"), "\(lines.text)")
        #expect(lines.text.contains("the Slurm controller answers again"))
        #expect(outcome.collect.interfaces.map(\.name) == ["LiF"])
        #expect(outcome.collect.interfaces[0].analysis.workOfAdhesion.jPerM2 > 0)
    }

    @Test(.enabled(if: ready, "skipped: build vasp-standin first (swift build --product vasp-standin)"))
    func unconvergedRelaxationsContinueFromContcarUntilTheAttemptLimit() async throws {
        let dir = try Fixtures.temporaryDirectory("adhere-runner")
        _ = try StudyExample.minimal.write(to: dir)
        // A profile allowing only 2 ionic steps: no relaxation reaches EDIFFG = -0.03 eV/Å.
        let shipped = try String(contentsOfFile: Fixtures.project("templates/profiles/li-interface-pbe-d3.yaml"), encoding: .utf8)
        try shipped.replacingOccurrences(of: "name: li-interface-pbe-d3", with: "name: short")
            .replacingOccurrences(of: "NSW: 200", with: "NSW: 2")
            .write(to: dir.appendingPathComponent("short.yaml"), atomically: true, encoding: .utf8)
        let yaml = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "input_profile: li-interface-pbe-d3", with: "input_profile: short")
            .replacingOccurrences(of: "attempt_limit: 3", with: "attempt_limit: 2")
        try yaml.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let loaded = try StudyFile.read(dir.path)
        let scheduler = inlineScheduler(standin: Self.standin)
        let runner = StudyRunner(loaded: loaded, options: .init(pollSeconds: 0.5, maxWaitSeconds: 600),
                                 display: ProgressDisplay(interactive: false) { _ in }) {
            try SubmissionService(studyDirectory: dir, scheduler: scheduler, inFlightSeconds: 0)
        }
        let outcome = try await runner.run()
        #expect(outcome.complete)
        let store = try StateStore.open(studyDirectory: dir)
        let interface = try #require(try store.calculation(id: "LiF-interface"))
        #expect(interface.state == .parsed)
        #expect(interface.attempts == 2)
        let notes = try store.history(calculationID: "LiF-interface").compactMap(\.note)
        #expect(notes.contains { $0.hasPrefix("relaxation not converged") && $0.contains("CONTCAR") }, "\(notes)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("calculations/LiF-interface/POSCAR.attempt-1").path))
        #expect(outcome.collect.notes.contains { $0.hasPrefix("LiF-interface: ionic relaxation not converged") })
        // The W_ad resting on it is archived with the calculations that did not converge, never as a
        // plain number (NSW = 2 leaves all three relaxations short of EDIFFG).
        let archived = try #require(try ArchiveReader(path: dir.appendingPathComponent("archive.h5").path).interfaces().first)
        #expect(archived.unconvergedRelaxations.contains { $0.hasPrefix("LiF-interface: ionic relaxation not converged") },
                "\(archived.unconvergedRelaxations)")
        #expect(outcome.collect.notes.contains { $0.hasPrefix("LiF: W_ad from an unconverged relaxation: LiF-interface") }, "\(outcome.collect.notes)")
        // A later pass with nothing new answers from the stored interface rows, in the same words.
        let idle = try Collector(loaded).collect(store: store)
        #expect(idle.parsed.isEmpty)
        #expect(idle.notes.contains { $0.hasPrefix("LiF: W_ad from an unconverged relaxation: LiF-interface") }, "\(idle.notes)")
    }
}
