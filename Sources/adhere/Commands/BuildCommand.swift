import ArgumentParser

/// `adhere build`: Write every calculation folder of the study.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write every calculation folder of the study.")

    func run() throws { throw NotYetImplemented(command: "build") }
}
