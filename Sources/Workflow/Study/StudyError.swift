/// A study file that cannot be used: names the file, the line (when known), the key and what
/// was expected.
public struct StudyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The study file.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The key path, e.g. `interlayers[2].miller`.
    public var key: String
    /// What was expected and what was found.
    public var problem: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, key: String, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        "error: \(file)\(line.map { ":\($0)" } ?? ""): \(key.isEmpty ? "" : "\(key): ")\(problem)"
    }
}
