import ArgumentParser

/// `adhere init`: Create a study folder (adhere init DIR --example paper).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a study folder (adhere init DIR --example paper).")

    func run() throws { throw NotYetImplemented(command: "init") }
}
