#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation

/// `adhere-bench fuzz`: seeded, reproducible mutation fuzzing of every reader (POSCAR, CIF,
/// extended XYZ, study.yaml, vasprun.xml, archive.h5). Inputs run in child processes
/// (`fuzz-worker`), each under a per-input time limit and an address-space cap, so a crash or a
/// hang costs one input, is counted, and the run goes on from the next input.
struct FuzzBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Mutation-fuzz the readers; count crashes, hangs and wrong-but-accepted outputs.",
        discussion: """
            Input i of reader R with seed S is always the same bytes, so a failure is replayed \
            with --reader R --seed S --only i. Oracles: docs/input-limits.md. CI runs a bounded \
            count (Tests/FuzzTests); the 10,000-per-reader run is `adhere-bench fuzz --count 10000` \
            on a release build.
            """)

    @Option(name: .customLong("reader"), help: "Readers to fuzz (poscar, cif, xyz, study, vasprun, archive); default all.")
    var readers: [String] = []

    @Option(help: "Inputs per reader.")
    var count = 10_000

    @Option(help: "Seed of the mutations.")
    var seed: UInt64 = 1

    @Option(help: "Run only input number I (to reproduce a failure).")
    var only: Int?

    @Option(name: .customLong("timeout-seconds"), help: "CPU-time limit per input (wall time: six times it); longer is a hang.")
    var timeoutSeconds = 10.0

    @Option(help: "Replay the files in DIR/<reader>/ instead of generating inputs (regression seeds).")
    var replay: String?

    @Option(name: .customLong("save-failures"), help: "Write every crashing, hanging or wrong input into this folder.")
    var saveFailures: String?

    @Flag(help: "Print JSON.")
    var json = false

    struct ReaderReport: Codable {
        var reader: String
        var inputs = 0
        var accepted = 0
        var rejected = 0
        var crashes: [Int] = []
        var hangs: [Int] = []
        var wrong: [String] = []
        var slowestInputMs = 0.0
        var workerPeakRSSMiB = 0.0
        var workers = 0
        var note: String?
    }

    func validate() throws {
        for r in readers where FuzzReader(rawValue: r) == nil {
            throw ValidationError("--reader must be one of \(FuzzReader.allCases.map(\.rawValue).joined(separator: ", ")), got '\(r)'")
        }
        guard count > 0, count <= 10_000_000 else { throw ValidationError("--count must be 1…10,000,000, got \(count)") }
        guard timeoutSeconds > 0, timeoutSeconds <= 600 else { throw ValidationError("--timeout-seconds must be in (0, 600]") }
    }

    func run() throws {
        let chosen = readers.isEmpty ? FuzzReader.allCases : readers.compactMap(FuzzReader.init(rawValue:))
        var reports: [ReaderReport] = []
        for reader in chosen {
            let report = try fuzz(reader)
            reports.append(report)
            if !json {
                print(String(format: "%-8@ inputs %6d  accepted %6d  rejected %6d  crashes %d  hangs %d  wrong %d  slowest %.1f ms  worker peak RSS %.0f MiB",
                             reader.rawValue as NSString, report.inputs, report.accepted, report.rejected, report.crashes.count,
                             report.hangs.count, report.wrong.count, report.slowestInputMs, report.workerPeakRSSMiB)
                      + (report.note.map { "  (\($0))" } ?? ""))
                for w in report.wrong.prefix(10) { print("    wrong: \(w)") }
                if !report.crashes.isEmpty { print("    crashes at inputs \(report.crashes.prefix(20))") }
                if !report.hangs.isEmpty { print("    hangs at inputs \(report.hangs.prefix(20))") }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        }
        if reports.contains(where: { !$0.crashes.isEmpty || !$0.hangs.isEmpty || !$0.wrong.isEmpty }) { throw ExitCode.failure }
    }

    /// Replayed files for `reader`, sorted; empty when not replaying.
    func replayFiles(_ reader: FuzzReader) -> [URL] {
        guard let replay else { return [] }
        let folder = URL(fileURLWithPath: replay).appendingPathComponent(reader.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.map { folder.appendingPathComponent($0) }
    }

    func fuzz(_ reader: FuzzReader) throws -> ReaderReport {
        var report = ReaderReport(reader: reader.rawValue)
        let files = replayFiles(reader)
        if replay != nil, files.isEmpty { report.note = "no files to replay"; return report }
        let first = only ?? 0
        let end = only.map { $0 + 1 } ?? (replay != nil ? files.count : count)
        var next = first
        while next < end {
            report.workers += 1
            var arguments = ["fuzz-worker", "--reader", reader.rawValue, "--seed", String(seed), "--start", String(next),
                             "--count", String(end - next)]
            if let replay { arguments += ["--replay", replay] }
            let outcome = try FuzzSupervisor.runWorker(arguments, timeoutSeconds: timeoutSeconds) { line in
                let fields = line.split(separator: " ", maxSplits: 4)
                guard fields.first == "R", fields.count >= 4, let index = Int(fields[1]) else {
                    if fields.first == "E" { report.note = String(line.dropFirst(2)) }
                    return
                }
                report.inputs += 1
                report.slowestInputMs = max(report.slowestInputMs, Double(fields[3]) ?? 0)
                switch fields[2] {
                case "accepted": report.accepted += 1
                case "rejected": report.rejected += 1
                default:
                    report.wrong.append("input \(index): \(fields.count > 4 ? String(fields[4]) : "")")
                    save(reader, index: index, files: files, kind: "wrong")
                }
                next = index + 1
            }
            report.workerPeakRSSMiB = max(report.workerPeakRSSMiB, FuzzSupervisor.childrenPeakRSSMiB())
            switch outcome {
            case .finished: next = end
            case .crashed(let index, _):
                guard let index else { next = end; report.note = "a worker failed before its first input"; break }
                report.inputs += 1
                report.crashes.append(index)
                save(reader, index: index, files: files, kind: "crash")
                next = index + 1
            case .hung(let index):
                report.inputs += 1
                report.hangs.append(index)
                save(reader, index: index, files: files, kind: "hang")
                next = index + 1
            }
        }
        return report
    }

    /// Writes input `index` into --save-failures (regenerated in this process: inputs are
    /// pure functions of reader, seed and index).
    func save(_ reader: FuzzReader, index: Int, files: [URL], kind: String) {
        guard let saveFailures else { return }
        let folder = URL(fileURLWithPath: saveFailures).appendingPathComponent(reader.rawValue)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("adhere-fuzz-save-\(getpid())")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        guard let corpus = try? FuzzCorpus(reader: reader, scratch: scratch, sharedFixtures: FuzzSupervisor.sharedFixtures) else { return }
        let bytes = FuzzWorker.input(corpus, seed: seed, index: index, replay: files)
        let name = "\(kind)-seed\(seed)-\(index).\(reader.fileExtension)"
        FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data(bytes))
    }
}

/// `adhere-bench fuzz-worker` (internal): the child process of `fuzz`.
struct FuzzWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-worker", abstract: "Internal: runs fuzz inputs for `adhere-bench fuzz`.", shouldDisplay: false)

    @Option var reader: String
    @Option var seed: UInt64 = 1
    @Option var start = 0
    @Option var count = 1
    @Option var replay: String?

    func run() throws {
        guard let r = FuzzReader(rawValue: reader) else { throw ValidationError("unknown reader '\(reader)'") }
        var files: [URL] = []
        if let replay {
            let folder = URL(fileURLWithPath: replay).appendingPathComponent(r.rawValue)
            files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.map { folder.appendingPathComponent($0) }
        }
        try FuzzWorker.run(reader: r, seed: seed, start: start, count: count, replay: files,
                           sharedFixtures: FuzzSupervisor.sharedFixtures)
    }
}
