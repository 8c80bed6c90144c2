import ArgumentParser
import Foundation
import Workflow

/// `adhere cancel`: Cancel calculations (scancel) and record it.
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel calculations (scancel) and record it.",
        discussion: """
            Cancels the Slurm jobs of the named calculations (or of --interface, or --all) after \
            reconciling, and marks them cancelled. `adhere retry` re-arms them.
            """)

    @OptionGroup var options: StudyJobOptions

    @Option(name: .long, parsing: .upToNextOption, help: "Calculation ids to cancel.")
    var id: [String] = []

    @Option(name: .long, help: "Cancel every calculation of this interface.")
    var interface: String?

    @Flag(name: .long, help: "Cancel every queued or running calculation of the study.")
    var all = false

    func validate() throws {
        if id.isEmpty && interface == nil && !all { throw ValidationError("name what to cancel: --id ID…, --interface NAME or --all") }
    }

    func run() async throws {
        let (service, _) = try options.service()
        let done = try await service.cancel(ids: id, interface: interface)
        print(done.isEmpty ? "nothing to cancel" : "cancelled \(done.count): \(done.joined(separator: ", "))")
    }
}
