import Foundation
import Testing
import TestSupport

/// `adhere init`, `plan`, `build --dry-run` and `collect` as a user types them (no Slurm needed).
@Suite struct StudyCommandTests {
    static let adhere = Fixtures.executable("adhere")
    static let built = FileManager.default.isExecutableFile(atPath: adhere)

    @Test(.enabled(if: built, "skipped: build adhere first (swift build --product adhere)"))
    func initPlanBuildCollect() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-cli").appendingPathComponent("study")
        let first = Fixtures.run(Self.adhere, ["init", dir.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("study 'minimal'"))
        #expect(Fixtures.run(Self.adhere, ["init", dir.path]).status == 0)  // the same example again: fine

        let plan = Fixtures.run(Self.adhere, ["plan", dir.path])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("jobs: 4"))  // stage 1 (bulks) and the σ series (bulk_lattice_a); the interface follows LiF-bulk
        #expect(plan.stdout.contains("LiF interface, film and substrate from the relaxed cells: built when LiF-bulk is parsed"))
        #expect(plan.stdout.contains("inputs OK; nothing written"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("calculations").path))
        let dry = Fixtures.run(Self.adhere, ["build", dir.path, "--dry-run"])
        #expect(dry.stdout == plan.stdout)

        let build = Fixtures.run(Self.adhere, ["build", dir.path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("wrote     calculations/LiF-bulk"))
        let again = Fixtures.run(Self.adhere, ["build", dir.path])
        #expect(again.stdout.contains("unchanged calculations/LiF-bulk"))

        // Nothing has run yet: collect archives nothing and says what the interface waits for.
        let collect = Fixtures.run(Self.adhere, ["collect", dir.path])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stdout.contains("(0 calculations, 0 interfaces)"), "\(collect.stdout)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("archive.h5").path))
    }

    @Test(.enabled(if: built, "skipped: build adhere first (swift build --product adhere)"))
    func badStudyFileNamesFileLineAndKeyAndExitsOne() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-cli").appendingPathComponent("study")
        #expect(Fixtures.run(Self.adhere, ["init", dir.path]).status == 0)
        let file = dir.appendingPathComponent("study.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "  gap_a: 2.0", with: "  gap_a: wide")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("gap_a: wide") }! + 1
        let plan = Fixtures.run(Self.adhere, ["plan", dir.path])
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("study.yaml:\(line): error: geometry.gap_a:"), "\(plan.stderr)")
        // And init refuses to overwrite the edited study.
        let again = Fixtures.run(Self.adhere, ["init", dir.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("--force"))
        let unknown = Fixtures.run(Self.adhere, ["init", dir.path, "--example", "nope"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("'nope'") && unknown.stderr.contains("Usage: adhere init"), "\(unknown.stderr)")
    }
}
