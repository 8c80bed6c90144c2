import ArgumentParser

/// `adhere interface`: Build an interface and its two reference slabs.
struct InterfaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interface",
        abstract: "Build an interface and its two reference slabs.")

    func run() throws { throw NotYetImplemented(command: "interface") }
}
