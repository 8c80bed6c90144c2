import ArgumentParser
import Foundation
import Workflow

/// `adhere retry`: Re-arm failed or cancelled calculations.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Re-arm failed or cancelled calculations for the next submit.",
        discussion: """
            Moves the named failed or cancelled calculations (or those of --interface, or --all) \
            back to built, keeping any fixes recovery applied; `adhere submit` then sends them. \
            Use it after fixing a calculation by hand or raising the study's attempt_limit.
            """)

    @OptionGroup var options: StudyJobOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Calculation ids to retry.")
    var id: [String] = []

    @Option(name: .long, help: "Retry every failed or cancelled calculation of this interface.")
    var interface: String?

    @Flag(name: .long, help: "Retry every failed or cancelled calculation of the study.")
    var all = false

    func validate() throws {
        if id.isEmpty && interface == nil && !all { throw ValidationError("name what to retry: --id ID…, --interface NAME or --all") }
    }

    func run() async throws {
        let dir = options.studyDirectory
        let service = try SubmissionService(studyDirectory: dir, scheduler: nil)
        let done = try service.retry(ids: id, interface: interface)
        print(done.isEmpty ? "nothing to retry (no failed or cancelled calculation selected)"
              : "re-armed \(done.count): \(done.joined(separator: ", ")); run `adhere submit` to send them")
    }
}
