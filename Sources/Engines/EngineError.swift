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

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        switch problem {
        case let .profile(key, expected, found):
            return "\(place): error: \(key): expected \(expected), found '\(found)'"
        case let .unreadable(detail): return "\(place): error: cannot read engine result: \(detail)"
        case let .noStartRecord(detail): return "\(place): error: not an engine result (no start record): \(detail)"
        case let .unsupportedFormat(found, expected):
            return "\(place): error: engine result format '\(found)', this Adhere reads '\(expected)'"
        case let .io(detail): return "\(place): error: \(detail)"
        }
    }
}
