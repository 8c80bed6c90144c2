import ArgumentParser

/// `adhere status`: Show where every calculation stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where every calculation stands.")

    func run() throws { throw NotYetImplemented(command: "status") }
}
