/// A path below the work root (remote) or below a calculation folder (local), checked once:
/// relative, made of non-empty components other than `.` and `..`, without control characters
/// or tabs (the transfer manifests are tab-separated lines). Every remote command still quotes
/// it (`ShellQuoting`); the check keeps it from leaving the work root.
public struct StagingPath: Sendable, Hashable, CustomStringConvertible {
    /// The components, joined by `/` in `text`.
    public let components: [String]

    /// Splits `text` at `/` and checks every component.
    public init(_ text: String) throws(StagingError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, !text.hasPrefix("/") else {
            throw .invalidName(text, expected: "a relative path below the work root")
        }
        for part in parts { try Self.checkComponent(part, in: text) }
        components = parts
    }

    private init(checked components: [String]) { self.components = components }

    /// `self/name`, with `name` one checked component.
    public func appending(_ name: String) throws(StagingError) -> StagingPath {
        try Self.checkComponent(name, in: name)
        return StagingPath(checked: components + [name])
    }

    /// The path as text, components joined by `/`.
    public var text: String { components.joined(separator: "/") }
    public var description: String { text }

    /// One file or folder name that may appear in a transfer.
    public static func checkComponent(_ part: String, in whole: String) throws(StagingError) {
        let expected = "names without control characters, tabs or `/`, other than `.` and `..`"
        if part.isEmpty || part == "." || part == ".." { throw .invalidName(whole, expected: expected) }
        if part.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" }) {
            throw .invalidName(whole, expected: expected)
        }
    }
}
