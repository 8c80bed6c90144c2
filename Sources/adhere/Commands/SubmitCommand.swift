import ArgumentParser
import Foundation
import Report
import Workflow

/// `adhere submit`: Submit the study's calculations to Slurm.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit the study's calculations to Slurm.",
        discussion: """
            First reconciles the study with Slurm (finding, by calculation id, any job a killed or \
            timed-out earlier run created), applies recovery to failed calculations (see \
            docs/state-and-recovery.md), then submits built calculations up to --limit, the \
            profile's max_queued_jobs and the site's MaxSubmitJobs. Safe to run again at any time: \
            it never submits a calculation twice. If the Slurm controller does not answer, it \
            stops at once with exit status 1 and changes nothing.
            """)

    @OptionGroup var options: StudyJobOptions

    @Flag(name: .long, help: "Show what would be submitted (and the job script of the first) without contacting Slurm or changing anything.")
    var dryRun = false

    @Option(name: .long, help: "Submit at most N calculations now.")
    var limit: Int?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
    }

    func run() async throws {
        if dryRun { try dryRunReport(); return }
        let (service, profile) = try options.service()
        let result = try await service.submit(options: Submitter.Options(limit: limit, queueCap: profile.maxQueuedJobs))
        if json {
            print(try JSONOutput.text(SubmitSummary(result)), terminator: "")
        } else {
            print(SubmitSummary(result).text)
        }
    }

    func dryRunReport() throws {
        let dir = options.studyDirectory
        guard StateStore.exists(studyDirectory: dir) else {
            throw StateStoreError.cannotOpen(path: StateStore.databasePath(studyDirectory: dir),
                                             reason: "the study has no calculations yet; run `adhere build` first")
        }
        let store = try StateStore.open(studyDirectory: dir)
        var waiting = try store.calculations(in: [.built])
        if let limit { waiting = Array(waiting.prefix(limit)) }
        let profile = try options.profile(try options.loadedStudy())
        if json {
            print(try JSONOutput.text(waiting.map { DryRunEntry(id: $0.id, folder: $0.folder, attempt: $0.attempts + 1) }), terminator: "")
            return
        }
        print("dry run: would submit \(waiting.count) calculation(s) to \(profile.name) (nothing contacted, nothing changed)")
        for r in waiting { print("  \(r.id)  \(r.folder)  attempt \(r.attempts + 1)") }
        if let first = waiting.first {
            print("\njob script of \(first.id):")
            var scheduler = SlurmSchedulerClient(profile: profile, pathPrefix: StudyJobOptions.standInFolder())
            scheduler.studyToken = SlurmSchedulerClient.studyToken(studyDirectory: dir)
            print(try scheduler
                .script(for: JobSubmission(calculationID: first.id, attempt: first.attempts + 1,
                                           directory: dir.appendingPathComponent(first.folder), overrides: first.overrides)))
        }
    }
}

struct DryRunEntry: Codable {
    var id: String
    var folder: String
    var attempt: Int
}

/// The JSON (and text) summary of one `adhere submit`.
struct SubmitSummary: Codable {
    struct Submitted: Codable { var calculationID: String; var jobID: String }
    struct Refused: Codable { var calculationID: String; var message: String }
    struct Recovery: Codable { var calculationID: String; var action: String; var done: [String] }
    struct Change: Codable { var calculationID: String; var from: String; var to: String; var note: String }

    var submitted: [Submitted]
    var refused: [Refused]
    var deferred: [String]
    var deferredReason: String?
    var inDoubt: [String]
    var inFlight: [String]
    var recovery: [Recovery]
    var reconciled: [Change]
    var cancelledDuplicates: [String]
    var unknownStates: [String]

    init(_ r: SubmissionService.SubmitResult) {
        let s = r.submission
        submitted = s.submitted.map { Submitted(calculationID: $0.calculationID, jobID: $0.jobID) }
        refused = s.refused.map { Refused(calculationID: $0.calculationID, message: $0.message) }
        deferred = s.deferred
        deferredReason = s.deferredReason
        inDoubt = s.inDoubt
        inFlight = s.reconciliation.inFlight
        recovery = r.recovery.map { Recovery(calculationID: $0.calculationID, action: $0.action.description, done: $0.done) }
        reconciled = s.reconciliation.changes.map { Change(calculationID: $0.calculationID, from: $0.from.rawValue, to: $0.to.rawValue, note: $0.note) }
        cancelledDuplicates = s.reconciliation.cancelledDuplicates
        unknownStates = s.reconciliation.unknownStates
    }

    var text: String {
        var lines: [String] = []
        for c in reconciled { lines.append("reconciled \(c.calculationID): \(c.from) → \(c.to) (\(c.note))") }
        for d in cancelledDuplicates { lines.append("cancelled duplicate job \(d)") }
        for u in unknownStates { lines.append("warning: unknown Slurm state, reported: \(u)") }
        for r in recovery { lines.append("recovery \(r.calculationID): \(r.action)") }
        for s in submitted { lines.append("submitted \(s.calculationID) as job \(s.jobID)") }
        for r in refused { lines.append("refused \(r.calculationID): \(r.message)") }
        if !inDoubt.isEmpty { lines.append("in doubt (sbatch did not answer; resolved on the next run): \(inDoubt.joined(separator: ", "))") }
        if !inFlight.isEmpty { lines.append("still in flight from an earlier run (resolved on the next run): \(inFlight.joined(separator: ", "))") }
        if !deferred.isEmpty { lines.append("deferred \(deferred.count) calculation(s): \(deferredReason ?? "limits")") }
        lines.append("submitted \(submitted.count) job(s)")
        return lines.joined(separator: "\n")
    }
}
