import ArgumentParser

/// `adhere run`: Build, submit, wait, collect and report; run again to resume.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build, submit, wait, collect and report; run again to resume.")

    func run() throws { throw NotYetImplemented(command: "run") }
}
