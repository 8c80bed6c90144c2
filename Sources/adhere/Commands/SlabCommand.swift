import ArgumentParser

/// `adhere slab`: Cut a slab from a bulk structure.
struct SlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slab",
        abstract: "Cut a slab from a bulk structure.")

    func run() throws { throw NotYetImplemented(command: "slab") }
}
