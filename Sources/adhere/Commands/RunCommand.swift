import Archive
import ArgumentParser
import Foundation
import Report
import Workflow

/// `adhere run`: Build, submit, wait, collect and report; run again to resume.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build, submit, wait, collect and report; run again to resume.",
        discussion: """
            build (unchanged calculations are left alone) → submit to the cluster profile's Slurm \
            → wait, printing one status line per poll (rewritten in place on a terminal), \
            recovering failed runs (docs/state-and-recovery.md) and parsing finished ones → \
            collect into STUDY/archive.h5 → print the W_ad table. Interrupt it at any time: the \
            jobs go on, and running it again continues from the state store. Exit status 0 when \
            every interface has W_ad, 2 when some calculations were given up, 1 on an error.
            """)

    @OptionGroup var options: StudyJobOptions

    @Option(name: .long, help: "Seconds between polls of Slurm.")
    var poll: Double = 5

    @Option(name: .long, help: "Stop waiting after this many minutes (the jobs go on; run again to continue).")
    var maxWait: Double?

    @Flag(name: .long, help: "Submit and return without waiting.")
    var noWait = false

    func validate() throws {
        if !(poll >= 0.5) { throw ValidationError("--poll must be at least 0.5 seconds (got \(poll))") }
        if let maxWait, !(maxWait > 0) { throw ValidationError("--max-wait must be positive (got \(maxWait))") }
    }

    func run() async throws {
        let loaded = try StudyFile.read(options.studyDirectory.path)
        let profile = try options.profile(loaded)
        let jobOptions = options
        let runner = StudyRunner(
            loaded: loaded,
            options: StudyRunner.Options(pollSeconds: poll, maxWaitSeconds: maxWait.map { $0 * 60 },
                                         queueCap: profile.maxQueuedJobs, noWait: noWait)) {
            try jobOptions.service().0
        }
        print("study '\(loaded.study.name)': cluster \(profile.name), profile \(loaded.study.inputProfile)")
        fflush(nil)
        let outcome = try await runner.run()
        let collector = Collector(loaded)
        print(CollectSummary.text(outcome.collect, archivePath: collector.archivePath))
        for g in outcome.givenUp { print("given up: \(g.id): \(g.reason)") }
        print("")
        if FileManager.default.fileExists(atPath: collector.archivePath),
           let archive = try? StudyArchive(reader: ArchiveReader(path: collector.archivePath)), case let rows = archive.rows(), !rows.isEmpty {
            print((try? AdhesionTable(rows: rows, engineBanner: ReportCommand.engineBanner(archive)).render(.md)) ?? "", terminator: "")
            print("archive: \(collector.archivePath)   (adhere report \(options.study) --format md|csv|tex|json)")
        } else {
            print("no interface has all its energies yet")
        }
        if !outcome.complete { throw ExitCode(outcome.givenUp.isEmpty ? 0 : 2) }
    }
}
