import ArgumentParser

/// `adhere wad`: Work of adhesion and contact angle from three energies.
struct WadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wad",
        abstract: "Work of adhesion and contact angle from three energies.")

    func run() throws { throw NotYetImplemented(command: "wad") }
}
