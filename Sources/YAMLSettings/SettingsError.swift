/// A settings file (study.yaml, a cluster profile, an input profile) that cannot be used: the
/// file, the line when known, the key path (`interlayers[2].miller`) and what was expected.
///
/// The description carries no `error:` prefix; the command line adds it after the location.
public struct SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The key path, e.g. `interlayers[2].miller`; empty for the whole file.
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

    /// `file:line` (or `file`).
    public var location: String { line.map { "\(file):\($0)" } ?? file }

    /// `key: problem` (or `problem`).
    public var message: String { key.isEmpty ? problem : "\(key): \(problem)" }

    public var description: String { "\(location): \(message)" }
}
