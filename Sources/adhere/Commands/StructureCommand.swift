import ArgumentParser

/// `adhere structure`: Inspect and convert crystal structure files.
struct StructureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structure",
        abstract: "Inspect and convert crystal structure files.")

    func run() throws { throw NotYetImplemented(command: "structure") }
}
