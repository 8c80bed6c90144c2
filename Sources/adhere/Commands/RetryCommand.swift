import ArgumentParser

/// `adhere retry`: Resubmit failed calculations.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Resubmit failed calculations.")

    func run() throws { throw NotYetImplemented(command: "retry") }
}
