import ArgumentParser

/// `adhere collect`: Parse finished runs into the study's archive.h5.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Parse finished runs into the study's archive.h5.")

    func run() throws { throw NotYetImplemented(command: "collect") }
}
