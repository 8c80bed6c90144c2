import ArgumentParser

/// `adhere parse`: Parse a vasprun.xml (plain or .gz).
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a vasprun.xml (plain or .gz).")

    func run() throws { throw NotYetImplemented(command: "parse") }
}
