import ArgumentParser

/// `adhere submit`: Submit the study's calculations to Slurm.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit the study's calculations to Slurm.")

    func run() throws { throw NotYetImplemented(command: "submit") }
}
