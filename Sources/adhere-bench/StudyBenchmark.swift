import ArgumentParser
import Crystal
import Foundation
import Slurm
import Workflow

/// `adhere-bench study --sizes 100,1000,10000`: generates studies of about N calculations (a Li
/// metal series of 3 and (N − 3)/4 LiF interlayers of 4 each whose lattices differ by 2 ppm each, so that no two
/// share a calculation), runs each end to end on the local Slurm with vasp-standin, and prints per
/// size: Adhere's own CPU per calculation, scheduler status calls per poll, a no-op `collect`'s
/// wall time and peak memory, the archive's size, and `report`'s time. Goals (issue 12): CPU per
/// calculation flat within 1.5× from 100 to 10,000, no-op collect < 0.2 s and < 64 MB at
/// 10,000, one scheduler call per poll, each output parsed once.
struct StudyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Benchmark: whole studies of 100 … 10,000 calculations on the local Slurm.",
        discussion: "Needs the local cluster (bash cluster/local/start-slurm.sh) and a release build of adhere and vasp-standin beside adhere-bench.")

    @Option(help: "Study sizes in calculations, comma-separated.")
    var sizes = "100,1000,10000"

    @Option(help: "Seconds between polls.")
    var pollSeconds = 2.0

    @Option(help: "Folder for the generated studies (default: a new folder under /tmp).")
    var work: String?

    @Option(help: "Largest number of this study's jobs in the queue at once.")
    var queueCap = 400

    @Flag(help: "Only measure the no-op collect and the report of studies already run in --work (the run columns stay empty).")
    var measureOnly = false

    func run() async throws {
        let sizes = self.sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty else { throw ValidationError("--sizes: give numbers such as 100,1000") }
        guard let conf = SlurmBenchmark.findSlurmConf() else { throw ValidationError("no slurm.conf: start the local cluster") }
        let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let adhere = binDir.appendingPathComponent("adhere").path
        guard FileManager.default.isExecutableFile(atPath: adhere),
              FileManager.default.isExecutableFile(atPath: binDir.appendingPathComponent("vasp-standin").path) else {
            throw ValidationError("build adhere and vasp-standin first (swift build -c release)")
        }
        let root = URL(fileURLWithPath: work ?? FileManager.default.temporaryDirectory.appendingPathComponent("adhere-bench-study-\(getpid())").path)
        var rows: [Row] = []
        for n in sizes {
            let row = try await measure(size: n, root: root, adhere: adhere, binDir: binDir.path, slurmConf: conf)
            rows.append(row)
            print(row.line)
            fflush(nil)
        }
        print("")
        print(Row.header)
        for r in rows { print(r.line) }
        if let first = rows.first, let last = rows.last, rows.count > 1 {
            print(String(format: "CPU per calculation, %d → %d: %.2f× (goal ≤ 1.5×)", first.calculations, last.calculations,
                         last.cpuPerCalculationMS / first.cpuPerCalculationMS))
        }
    }

    struct Row {
        var calculations: Int
        var parsedOnce: Bool
        var runWallSeconds: Double
        var cpuPerCalculationMS: Double
        var polls: Int
        var statusCallsPerPoll: Double
        var maxStatusCallsInAPoll: Int
        var noopCollectSeconds: Double
        var noopCollectMiB: Double
        var archiveMiB: Double
        var reportSeconds: Double

        static let header = "calcs  parsed-once  run-wall-s  adhere-CPU-ms/calc  polls  status-calls/poll(max)  noop-collect-s  noop-collect-MiB  archive-MiB  report-s"
        var line: String {
            String(format: "%5d  %-11@  %10.1f  %18.1f  %5d  %15.2f (%d)  %14.3f  %16.1f  %11.1f  %8.2f",
                   calculations, (parsedOnce ? "yes" : "NO") as NSString, runWallSeconds, cpuPerCalculationMS, polls,
                   statusCallsPerPoll, maxStatusCallsInAPoll, noopCollectSeconds, noopCollectMiB, archiveMiB, reportSeconds)
        }
    }

    /// One size: generate, run (in this process, so that its own CPU and the scheduler calls
    /// can be counted), then time a no-op collect and the report as the `adhere` binary does them.
    func measure(size: Int, root: URL, adhere: String, binDir: String, slurmConf: String) async throws -> Row {
        let dir = root.appendingPathComponent("study-\(size)")
        if measureOnly { return try measureCollectAndReport(dir: dir, adhere: adhere) }
        try? FileManager.default.removeItem(at: dir)
        // Each interlayer brings 4 calculations (its bulk, slab, the interface and its metal film),
        // the metal's slab series 3.
        let interlayers = max(1, (size - 3) / 4)
        try StudyGenerator.write(to: dir, interlayers: interlayers)
        let loaded = try StudyFile.read(dir.path)
        var profile = try ClusterProfile.named("local")
        profile.slurmConf = slurmConf
        let client = SlurmClient(profile: profile)
        let counting = CountingScheduler(SlurmSchedulerClient(profile: profile, client: client, pathPrefix: binDir))
        let runner = StudyRunner(loaded: loaded, options: .init(pollSeconds: pollSeconds, queueCap: queueCap),
                                 display: ProgressDisplay(interactive: false) { _ in }) {
            try SubmissionService(studyDirectory: dir, scheduler: counting, inFlightSeconds: 60)
        }
        let cpu0 = SlurmBenchmark.ownCPUSeconds()
        let t0 = Date()
        let outcome = try await runner.run()
        let wall = Date().timeIntervalSince(t0)
        let cpu = SlurmBenchmark.ownCPUSeconds() - cpu0
        let store = try StateStore.open(studyDirectory: dir)
        let records = try store.calculations()
        // Parsed once: every parsed calculation moved finished → parsed exactly once per attempt
        // that finished, and has one fingerprint row.
        let history = try store.history()
        let parses = Dictionary(grouping: history.filter { $0.event == .collect && $0.fromState == .finished && $0.toState == .parsed },
                                by: \.calculationID).mapValues(\.count)
        let collected = try store.collected()
        let parsed = records.filter { $0.state == .parsed }
        let once = parsed.allSatisfy { parses[$0.id] == 1 && collected[$0.id] != nil } && outcome.complete

        // A collect with nothing new, and the report, as a user runs them; then the run's columns.
        var row = measureCollectAndReport(dir: dir, adhere: adhere, calculations: records.count, parsedOnce: once)
        let polls = counting.count("jobs")
        row.runWallSeconds = wall
        row.cpuPerCalculationMS = cpu / Double(max(records.count, 1)) * 1000
        row.polls = polls
        row.statusCallsPerPoll = Double(counting.statusCalls) / Double(max(polls, 1))
        row.maxStatusCallsInAPoll = counting.maxStatusCallsPerPoll
        return row
    }

    /// The no-op collect and report columns of a study run before (`--measure-only`).
    func measureCollectAndReport(dir: URL, adhere: String) throws -> Row {
        let records = try StateStore.open(studyDirectory: dir).calculations()
        return measureCollectAndReport(dir: dir, adhere: adhere, calculations: records.count,
                                       parsedOnce: records.allSatisfy { $0.state == .parsed })
    }

    /// The columns every size has: a no-op collect and the report timed as the `adhere` binary
    /// runs them, and the archive's size (the run columns empty, for `measure` to fill).
    func measureCollectAndReport(dir: URL, adhere: String, calculations: Int, parsedOnce: Bool) -> Row {
        let noop = ProcessMeasurement.best(of: 3, [adhere, "collect", dir.path])
        let report = ProcessMeasurement.best(of: 3, [adhere, "report", dir.path, "--format", "csv"])
        let archiveBytes = Self.bytes(dir.appendingPathComponent("archive.h5").path) + Self.bytes(dir.appendingPathComponent("archive.h5.d").path)
        return Row(calculations: calculations, parsedOnce: parsedOnce, runWallSeconds: .nan,
                   cpuPerCalculationMS: .nan, polls: 0, statusCallsPerPoll: .nan, maxStatusCallsInAPoll: 0,
                   noopCollectSeconds: noop?.wallSeconds ?? .nan, noopCollectMiB: noop?.peakRSSMiB ?? .nan,
                   archiveMiB: Double(archiveBytes) / 1_048_576, reportSeconds: report?.wallSeconds ?? .nan)
    }

    static func bytes(_ path: String) -> Int {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return 0 }
        if !isDir.boolValue { return ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(0) { $0 + bytes(path + "/" + $1) }
    }
}

/// Writes a generated study: the minimal example's metal and settings, and `interlayers` LiF
/// interlayers whose cubic lattice constants are 4.027 Å × (1 + 2·10⁻⁶ k). Each bulk is relaxed
/// first and matched on its relaxed cell, as in a real study (so the supercells are the
/// matcher's, not fixed in advance).
enum StudyGenerator {
    static func write(to dir: URL, interlayers: Int) throws {
        _ = try StudyExample.minimal.write(to: dir)
        let lif = try String(contentsOf: dir.appendingPathComponent("structures/LiF.cif"), encoding: .utf8)
        var entries: [String] = []
        for k in 0..<interlayers {
            let a = String(format: "%.7f", 4.027 * (1 + 2e-6 * Double(k)))
            let text = lif.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                line.hasPrefix("_cell_length_") ? String(line.prefix(while: { $0 != " " })) + "   " + a : String(line)
            }.joined(separator: "\n")
            try text.write(to: dir.appendingPathComponent("structures/LiF-\(k).cif"), atomically: true, encoding: .utf8)
            entries.append("""
                  - name: LiF\(k)
                    structure: structures/LiF-\(k).cif
                    miller: [0, 0, 1]
                    layers: 1
                    min_thickness_a: 4
                """)
        }
        let yaml = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
        guard let start = yaml.range(of: "interlayers:\n"), let end = yaml.range(of: "\nmatching:") else {
            throw ValidationError("the minimal example changed: no interlayers/matching sections")
        }
        let generated = yaml.replacingCharacters(in: start.upperBound..<end.lowerBound, with: entries.joined(separator: "\n") + "\n")
        try generated.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
    }

}

/// Forwards to a scheduler and counts its calls: polls (queue listings) and the status calls
/// (listing, by-id records, ping) each brings.
final class CountingScheduler: SchedulerClient, @unchecked Sendable {
    let inner: any SchedulerClient
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var sinceLastPoll = 0
    private(set) var maxStatusCallsPerPoll = 0

    init(_ inner: any SchedulerClient) { self.inner = inner }

    func count(_ method: String) -> Int { lock.withLock { counts[method, default: 0] } }
    /// Calls that ask about jobs (not sbatch, scancel or the once-remembered site limits).
    var statusCalls: Int { lock.withLock { counts["jobs", default: 0] + counts["states", default: 0] + counts["ping", default: 0] } }

    private func note(_ method: String, status: Bool) {
        lock.withLock {
            counts[method, default: 0] += 1
            if method == "jobs" { sinceLastPoll = 0 }
            if status { sinceLastPoll += 1; maxStatusCallsPerPoll = max(maxStatusCallsPerPoll, sinceLastPoll) }
        }
    }

    func ping() async throws(SchedulerError) { note("ping", status: true); try await inner.ping() }
    func submit(_ job: JobSubmission) async throws(SchedulerError) -> String { note("submit", status: false); return try await inner.submit(job) }
    func jobs(tags: Set<JobTag>) async throws(SchedulerError) -> SchedulerSnapshot { note("jobs", status: true); return try await inner.jobs(tags: tags) }
    func states(jobIDs: [String]) async throws(SchedulerError) -> [String: SchedulerJob] { note("states", status: true); return try await inner.states(jobIDs: jobIDs) }
    func cancel(jobIDs: [String]) async throws(SchedulerError) { note("cancel", status: false); try await inner.cancel(jobIDs: jobIDs) }
    func limits() async throws(SchedulerError) -> SiteLimits { note("limits", status: false); return try await inner.limits() }
}
