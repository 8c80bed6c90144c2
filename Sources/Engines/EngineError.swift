/// Errors of the Engines module, each naming the file (and line where there is one).
public struct EngineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Equatable, Sendable {
        /// The profile's engine part is wrong (key path and what was expected).
        case profile(key: String, expected: String, found: String)
        /// The result file cannot be read at all.
        case unreadable(String)
        /// The result file has no valid start record (nothing to trust).
        case noStartRecord(String)
        /// The result file is of another format version.
        case unsupportedFormat(found: String, expected: String)
        /// Writing the run folder failed.
        case io(String)
    }

    /// The file concerned.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The problem.
    public var problem: Problem

    /// Creates an error.
    public init(file: String, line: Int? = nil, _ problem: Problem) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    /// `file:line`, or the file alone when no line is known.
    public var location: String { line.map { "\(file):\($0)" } ?? file }

    /// The problem, without the location.
    public var message: String {
        switch problem {
        case let .profile(key, expected, found): return "\(key): expected \(expected), found '\(found)'"
        case let .unreadable(detail): return "cannot read engine result: \(detail)"
        case let .noStartRecord(detail): return "not an engine result (no start record): \(detail)"
        case let .unsupportedFormat(found, expected):
            return "engine result format '\(found)', this Adhere reads '\(expected)'"
        case let .io(detail): return detail
        }
    }

    public var description: String { "\(location): \(message)" }
}
