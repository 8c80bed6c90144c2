import ArgumentParser

/// `adhere cancel`: Cancel calculations (scancel) and record it.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel calculations (scancel) and record it.")

    func run() throws { throw NotYetImplemented(command: "cancel") }
}
