import Foundation

/// The live progress of `adhere run`: on a terminal one line rewritten in place, otherwise one
/// line per poll (for logs and CI).
public struct ProgressDisplay: Sendable {
    /// True to rewrite one line in place.
    public var interactive: Bool
    /// Where lines go.
    public var write: @Sendable (String) -> Void

    /// A display for standard output; interactive when it is a terminal.
    public static func standardOutput() -> ProgressDisplay {
        ProgressDisplay(interactive: isatty(STDOUT_FILENO) == 1) { text in
            print(text, terminator: "")
            flushStandardOutput()
        }
    }

    /// Creates a display.
    public init(interactive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.interactive = interactive
        self.write = write
    }

    /// One status line: elapsed time and the number of calculations in each state.
    public static func line(elapsedSeconds: Double, counts: [CalculationState: Int], recovering: Int) -> String {
        let total = counts.values.reduce(0, +)
        let order: [CalculationState] = [.built, .submitted, .queued, .running, .finished, .parsed, .failed, .cancelled]
        let parts = order.compactMap { s in counts[s].flatMap { $0 > 0 ? "\($0) \(s.rawValue)" : nil } }
        let minutes = Int(elapsedSeconds) / 60, seconds = Int(elapsedSeconds) % 60
        var line = String(format: "[%02d:%02d] ", minutes, seconds) + "\(total) calculations: " + parts.joined(separator: " · ")
        if recovering > 0 { line += " (\(recovering) being recovered)" }
        return line
    }

    /// Shows a status line.
    public func show(_ line: String) {
        if interactive { write("\r\u{1B}[2K" + line) } else { write(line + "\n") }
    }

    /// Prints a message on its own line (ends an in-place status line first).
    public func message(_ text: String) {
        write((interactive ? "\r\u{1B}[2K" : "") + text + "\n")
    }

    /// Ends the in-place line.
    public func finish() { if interactive { write("\n") } }
}

/// Flushes C's stdout (Swift's print buffers it), so status lines appear at once and in order.
func flushStandardOutput() {
    fflush(nil)
}
