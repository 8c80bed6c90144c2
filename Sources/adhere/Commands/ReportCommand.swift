import ArgumentParser

/// `adhere report`: Print the work-of-adhesion table (md, csv, tex, json) and draw a chart.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the work-of-adhesion table (md, csv, tex, json) and draw a chart.")

    func run() throws { throw NotYetImplemented(command: "report") }
}
