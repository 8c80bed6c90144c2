import Yams

/// One value of a settings file with its key path and line, read into typed values that are
/// checked as they are read: a mapping's keys against the valid ones (with the nearest valid key
/// suggested), integers and numbers against documented ranges (finite only), text non-empty.
///
/// Every reader of a YAML file a user edits (study.yaml, cluster profiles, input profiles) goes
/// through here, so every such file reports problems the same way: `file:line: key: problem`.
public struct SettingsNode {
    /// The YAML node.
    public let node: Node
    /// The key path, e.g. `interlayers[2].miller` (empty for the top level).
    public let path: String
    /// The file, as the user named it.
    public let file: String

    /// Creates a node view.
    public init(node: Node, path: String, file: String) {
        self.node = node
        self.path = path
        self.file = file
    }

    /// The 1-based line of the value.
    public var line: Int? { node.mark?.line }

    /// An error at this value.
    public func error(_ problem: String) -> SettingsError {
        SettingsError(file: file, line: line, key: path, problem: problem)
    }

    /// True for an empty value (`key:` or `key: null`).
    public var isNull: Bool { node.scalar != nil && node.null != nil }

    /// The value as a mapping whose keys must all be in `keys`; an unknown key is an error at
    /// its line naming the nearest valid key, a key given twice is an error too.
    public func mapping(keys: [String]) throws(SettingsError) -> SettingsMapping {
        guard let map = node.mapping else { throw error("expected a mapping of \(keys.joined(separator: ", "))") }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (keyNode, value) in map {
            guard let key = keyNode.scalar?.string else {
                throw SettingsError(file: file, line: keyNode.mark?.line, key: path, problem: "expected a text key")
            }
            let full = SettingsNode.join(path, key)
            guard keys.contains(key) else {
                throw SettingsError(file: file, line: keyNode.mark?.line, key: full,
                                    problem: "unknown key" + KeySuggestion.hint(for: key, in: keys))
            }
            if let first = entries[key] {
                throw SettingsError(file: file, line: keyNode.mark?.line, key: full,
                                    problem: "given twice (first on line \(first.key.mark?.line ?? 0))")
            }
            entries[key] = (keyNode, value)
        }
        return SettingsMapping(owner: self, entries: entries)
    }

    /// The value as a list, with a count in `count` when given.
    public func sequence(count: ClosedRange<Int>? = nil, of what: String = "values") throws(SettingsError) -> [SettingsNode] {
        guard let seq = node.sequence else { throw error("expected a list of \(what)") }
        if let count, !count.contains(seq.count) {
            let want = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)…\(count.upperBound)"
            throw error("expected a list of \(want) \(what), found \(seq.count)")
        }
        return seq.enumerated().map { SettingsNode(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    /// The value as text; empty text is refused unless `allowEmpty`.
    public func text(allowEmpty: Bool = false) throws(SettingsError) -> String {
        guard let scalar = node.scalar, !isNull || allowEmpty else { throw error("expected text") }
        if scalar.string.isEmpty && !allowEmpty { throw error("expected text, found nothing") }
        return scalar.string
    }

    /// The value as a whole number in `range`; `what` says what it counts (`atomic planes`).
    public func integer(in range: ClosedRange<Int>, _ what: String) throws(SettingsError) -> Int {
        guard node.scalar != nil, !isNull, let n = node.int else {
            throw error("expected a whole number of \(what) in \(SettingsNode.show(range)), found \(shown)")
        }
        guard range.contains(n) else { throw error("expected a whole number of \(what) in \(SettingsNode.show(range)), found \(n)") }
        return n
    }

    /// The value as a finite number in `range`; `what` names it with its unit (`a length in Å`).
    public func number(in range: ClosedRange<Double>, _ what: String) throws(SettingsError) -> Double {
        guard node.scalar != nil, !isNull, let x = node.float ?? node.int.map(Double.init) else {
            throw error("expected \(what) in \(SettingsNode.show(range)), found \(shown)")
        }
        guard x.isFinite else { throw error("expected a finite number (\(what) in \(SettingsNode.show(range))), found \(shown)") }
        guard range.contains(x) else { throw error("expected \(what) in \(SettingsNode.show(range)), found \(shown)") }
        return x
    }

    /// The value as one of an enumeration's raw values.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) throws(SettingsError) -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        guard let s = node.scalar?.string, let value = Choice(rawValue: s) else {
            throw error("expected one of \(names.joined(separator: ", ")), found \(shown)")
        }
        return value
    }

    /// The value as the user wrote it (for messages).
    public var shown: String {
        if let s = node.scalar?.string { return s.isEmpty ? "nothing" : "'\(s)'" }
        if node.sequence != nil { return "a list" }
        return "a mapping"
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func show(_ r: ClosedRange<Int>) -> String { "\(r.lowerBound)…\(r.upperBound)" }

    static func show(_ r: ClosedRange<Double>) -> String { "\(format(r.lowerBound))…\(format(r.upperBound))" }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}

/// A mapping whose keys were checked: required and optional values by key.
public struct SettingsMapping {
    /// The mapping itself.
    public let owner: SettingsNode
    let entries: [String: (key: Node, value: Node)]

    /// The value of `key`, or nil when absent or empty.
    public func optional(_ key: String) -> SettingsNode? {
        guard let value = entries[key]?.value else { return nil }
        let node = SettingsNode(node: value, path: SettingsNode.join(owner.path, key), file: owner.file)
        return node.isNull ? nil : node
    }

    /// The value of `key`; an error at the mapping's line when absent, at the key's when empty.
    public func required(_ key: String) throws(SettingsError) -> SettingsNode {
        if let node = optional(key) { return node }
        let full = SettingsNode.join(owner.path, key)
        if let keyNode = entries[key]?.key {
            throw SettingsError(file: owner.file, line: keyNode.mark?.line, key: full, problem: "missing value")
        }
        throw SettingsError(file: owner.file, line: owner.line, key: full, problem: "missing key")
    }

    /// True when `key` is present with a value.
    public func has(_ key: String) -> Bool { optional(key) != nil }

    /// The line of `key` itself (for errors about a key's value as a whole).
    public func keyLine(_ key: String) -> Int? { entries[key]?.key.mark?.line }
}

/// Parses a settings file's text into its top-level node.
public enum SettingsDocument {
    /// Settings files are small; anything larger is refused before parsing (1 MB).
    public static let maximumBytes = 1_000_000

    /// The top-level node of `text`; `file` names the file in errors.
    public static func root(text: String, file: String) throws(SettingsError) -> SettingsNode {
        if text.utf8.count > maximumBytes {
            throw SettingsError(file: file, key: "", problem: "the file is \(text.utf8.count) bytes; a settings file is at most \(maximumBytes)")
        }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw SettingsError(file: file, line: errorLine(error), key: "", problem: "not valid YAML: \(problem(error))")
        }
        guard let node else { throw SettingsError(file: file, line: 1, key: "", problem: "the file is empty") }
        return SettingsNode(node: node, path: "", file: file)
    }

    static func errorLine(_ error: Error) -> Int? {
        guard let y = error as? YamlError else { return nil }
        switch y {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    /// The parser's own words (libyaml's problem and context), without its location.
    static func problem(_ error: Error) -> String {
        if let y = error as? YamlError {
            switch y {
            case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _):
                return [problem, context?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            case .composer(let context, let problem, _, _):
                return [problem, context?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            case .duplicatedKeysInMapping(let duplicates, _):
                return "a key is given twice: \(duplicates.sorted().joined(separator: ", "))"
            default: break
            }
        }
        return String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "\(error)"
    }
}
