/// The folder on the cluster under which every study gets `WORK/<study>/<calculation>/`, as a
/// profile writes it (`/scratch/$USER/adhere`, `$HOME/adhere-work`, `~/adhere`).
///
/// Only `$USER`, `${USER}`, `$HOME`, `${HOME}` and a leading `~` are expanded, with the values the
/// cluster's login shell reports (`resolve(over:)`) — never by handing the text to a shell, so a
/// `$(...)` in a profile is an error, not a command.
public struct RemoteWorkRoot: Sendable, Equatable {
    /// The text from the profile.
    public var configured: String

    public init(_ configured: String) { self.configured = configured }

    /// The absolute path once `$USER`/`$HOME`/`~` are replaced by the cluster's values.
    /// Trailing slashes are dropped. Throws `.invalidWorkRoot` for any other `$`, a backquote,
    /// control characters, or a result that is not absolute.
    public func expanded(user: String, home: String) throws(StagingError) -> String {
        let expected = "an absolute path; only $USER, $HOME and a leading ~ are expanded"
        var source = Substring(configured)
        var text = ""
        if source == "~" || source.hasPrefix("~/") { text = home; source = source.dropFirst() }
        while let c = source.first {
            source = source.dropFirst()
            guard c == "$" else {
                if c == "`" || c.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                    throw .invalidWorkRoot(configured: configured, expected: expected)
                }
                text.append(c)
                continue
            }
            let name: Substring
            if source.first == "{" {
                guard let close = source.firstIndex(of: "}") else { throw .invalidWorkRoot(configured: configured, expected: expected) }
                name = source[source.index(after: source.startIndex)..<close]
                source = source[source.index(after: close)...]
            } else {
                name = source.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                source = source.dropFirst(name.count)
            }
            switch name {
            case "USER": text += user
            case "HOME": text += home
            default: throw .invalidWorkRoot(configured: configured, expected: expected)
            }
        }
        guard text.hasPrefix("/") else { throw .invalidWorkRoot(configured: configured, expected: expected) }
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// Asks the cluster for its `$USER` and `$HOME` (one command) and expands the root with them.
    public func resolve(over transport: any Transport, timeoutSeconds: Double = 30) async throws -> String {
        let answer = try await transport.run(["sh", "-c", Self.identityScript], input: nil, timeoutSeconds: timeoutSeconds)
        let lines = answer.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard answer.status == 0, lines.count >= 2, !lines[0].isEmpty, lines[1].hasPrefix("/") else {
            throw StagingError.unexpectedAnswer(host: transport.hostDescription, step: "reading $USER and $HOME",
                                                output: answer.stdout + answer.stderr)
        }
        return try expanded(user: lines[0], home: lines[1])
    }

    /// Prints the login user and home, one per line (`id -un` when `$USER` is unset).
    static let identityScript = #"printf '%s\n%s\n' "${USER:-$(id -un)}" "${HOME:?}""#
}
