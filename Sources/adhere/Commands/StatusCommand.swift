import ArgumentParser
import Foundation
import Report
import Workflow

/// `adhere status`: Show where every calculation stands.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where every calculation stands.",
        discussion: """
            Reconciles the study with Slurm on every call (one squeue call for all jobs) when \
            anything is queued or running, then prints each calculation's state, job id, attempts \
            and last error, and the recovery steps taken. If the Slurm controller does not answer, \
            it exits with status 1 and changes nothing.
            """)

    @OptionGroup var options: StudyJobOptions

    @Flag(name: .long, help: "Refresh every --interval seconds until nothing is queued or running (Ctrl-C to stop).")
    var watch = false

    @Option(name: .long, help: "Seconds between refreshes with --watch.")
    var interval: Double = 10

    @Flag(name: .long, help: "Print the status as JSON.")
    var json = false

    func validate() throws {
        if interval <= 0 { throw ValidationError("--interval must be positive (got \(interval))") }
    }

    func run() async throws {
        let (service, _) = try options.service()
        let terminal = isatty(STDOUT_FILENO) == 1 && !json
        while true {
            let status = try await service.status()
            if json {
                print(try JSONOutput.text(status), terminator: "")
            } else {
                if watch && terminal { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print(StatusText.render(status))
            }
            if !watch || status.settled { break }
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }
}

/// The text table of `adhere status`.
enum StatusText {
    static func render(_ s: StudyStatus) -> String {
        var lines: [String] = []
        let order = CalculationState.allCases.map(\.rawValue)
        let counts = order.compactMap { k in s.counts[k].flatMap { $0 > 0 ? "\($0) \(k)" : nil } }
        lines.append("\(s.study): \(s.calculations.count) calculation(s): " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")))
        let header = ["calculation", "role", "interface", "state", "job", "try", "note"]
        var rows = [header]
        for c in s.calculations {
            var note = c.state == "failed" ? (c.failureReason ?? c.lastError ?? "") : (c.schedulerState ?? "")
            if let step = c.transferStep { note = note.isEmpty ? step : "\(note); \(step)" }
            rows.append([c.id, c.role, c.interface, c.state, c.slurmJobID ?? "-", String(c.attempts), note])
        }
        let widths = (0..<header.count).map { i in rows.map { $0[i].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        if !s.recoveryEvents.isEmpty {
            lines.append("")
            lines.append("recovery and user actions:")
            for e in s.recoveryEvents.suffix(20) {
                lines.append("  \(e.calculationID) (attempt \(e.attempt)): \(e.fromState) → \(e.toState): \(e.note ?? e.event)")
            }
        }
        for u in s.unknownStates { lines.append("warning: unknown Slurm state, reported: \(u)") }
        if let t = s.transferInFlight {
            let size = t.fileBytes.map { ", \($0) B of files" } ?? ""
            lines.append("transfer in flight (or cut off, redone by the next run): \(t.direction.rawValue) of \(t.calculations.count) calculation(s)\(size), started \(t.startedAt)")
        }
        if !s.inFlight.isEmpty { lines.append("submissions possibly still in flight: \(s.inFlight.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
