import ArgumentParser

/// `adhere match`: Find lattice-matched film/substrate supercells (Zur–McGill).
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Find lattice-matched film/substrate supercells (Zur–McGill).")

    func run() throws { throw NotYetImplemented(command: "match") }
}
