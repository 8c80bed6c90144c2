import Foundation
import Testing
import TestSupport

/// The seeded mutation fuzzer, bounded for CI: each reader gets a fixed count of reproducible
/// inputs (seed 13), each run by `adhere-bench fuzz` in a worker process with a 10 s limit per
/// input and a capped address space, so a crash or a hang fails this reader's case and names
/// the input. The 10,000-per-reader run is `adhere-bench fuzz --count 10000` on a release
/// build (docs/input-limits.md). Inputs that once failed are kept in Regressions/<reader>/ and
/// replayed every time.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: Fixtures.executable("adhere-bench")),
                "needs the built adhere-bench (swift build --product adhere-bench)"))
struct FuzzHarnessTests {
    struct ReaderReport: Decodable {
        let reader: String
        let inputs: Int
        let accepted: Int
        let rejected: Int
        let crashes: [Int]
        let hangs: [Int]
        let wrong: [String]
        let note: String?
    }

    /// Inputs per reader in CI: a debug build runs POSCAR/CIF/XYZ at ~1–5 ms an input, vasprun
    /// and archive at ~20 ms (measured on the 2-core build machine).
    static let counts: [String: Int] = ["poscar": 400, "cif": 300, "xyz": 400, "study": 200, "vasprun": 150, "archive": 300]

    static func run(_ arguments: [String]) throws -> [ReaderReport] {
        let r = Fixtures.run(Fixtures.executable("adhere-bench"), ["fuzz", "--json"] + arguments)
        let json = r.stdout.drop { $0 != "[" }
        return try JSONDecoder().decode([ReaderReport].self, from: Data(json.utf8))
    }

    /// study.yaml is fuzzed too but judged only for crashes and hangs here: its value ranges are
    /// being written (issue 13's study part), and `adhere-bench fuzz` reports its wrong-but-accepted.
    @Test(arguments: ["poscar", "cif", "xyz", "study", "vasprun", "archive"])
    func seededMutations(reader: String) throws {
        if reader == "vasprun", !Fixtures.sharedAvailable { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let report = try #require(try Self.run(["--reader", reader, "--count", String(Self.counts[reader]!), "--seed", "13"]).first)
        #expect(report.inputs == Self.counts[reader]!, "\(report.note ?? "")")
        #expect(report.crashes.isEmpty, "\(reader): crashes at inputs \(report.crashes) (replay: adhere-bench fuzz --reader \(reader) --seed 13 --only N)")
        #expect(report.hangs.isEmpty, "\(reader): hangs at inputs \(report.hangs)")
        if reader != "study" { #expect(report.wrong.isEmpty, "\(reader): wrong-but-accepted \(report.wrong)") }
        #expect(report.rejected > 0 && report.accepted > 0, "\(reader): the mutations should both break and keep inputs")
    }

    @Test(arguments: ["poscar", "cif", "xyz", "vasprun"])
    func regressionSeeds(reader: String) throws {
        let report = try #require(try Self.run(["--reader", reader, "--replay", Fixtures.project("Tests/FuzzTests/Regressions")]).first)
        #expect(report.inputs > 0)
        #expect(report.crashes.isEmpty && report.hangs.isEmpty && report.wrong.isEmpty,
                "\(reader): \(report.crashes) \(report.hangs) \(report.wrong)")
    }
}
