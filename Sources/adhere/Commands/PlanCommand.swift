import ArgumentParser

/// `adhere plan`: Validate every input of the study and preview its cost before any allocation is spent.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate every input of the study and preview its cost before any allocation is spent.")

    func run() throws { throw NotYetImplemented(command: "plan") }
}
