import Crystal
import Foundation

/// The type an INCAR tag's value must have.
public enum IncarValueKind: Sendable, Equatable, CustomStringConvertible {
    /// .TRUE. / .FALSE. (also T, F, true, false).
    case bool
    /// An integer.
    case int
    /// A real number (integers are accepted).
    case real
    /// Free text (SYSTEM).
    case string
    /// One of a fixed set of words, compared case-insensitively on their leading letters as VASP does.
    case choice([String])
    /// A list of integers; `N*value` repeats are allowed.
    case ints
    /// A list of reals; `N*value` repeats are allowed.
    case reals
    /// A boolean or one of the given words (LREAL = Auto).
    case boolOrChoice([String])

    public var description: String {
        switch self {
        case .bool: return "a boolean (.TRUE. or .FALSE.)"
        case .int: return "an integer"
        case .real: return "a real number"
        case .string: return "text"
        case .choice(let words): return "one of \(words.joined(separator: ", "))"
        case .ints: return "a list of integers (N*value allowed)"
        case .reals: return "a list of real numbers (N*value allowed)"
        case .boolOrChoice(let words): return "a boolean or one of \(words.joined(separator: ", "))"
        }
    }
}

/// A typed INCAR value.
public enum IncarValue: Hashable, Sendable, CustomStringConvertible {
    /// .TRUE. / .FALSE.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A real number (units are the tag's: eV for ENCUT, eV/Å for negative EDIFFG, ...).
    case real(Double)
    /// A word or free text (choices in the table's spelling).
    case string(String)
    /// A list of integers.
    case ints([Int])
    /// A list of reals.
    case reals([Double])

    /// The value as VASP reads it (`.TRUE.`, `450`, `1E-05`, `4*0.6 2*0`).
    public var incarText: String {
        switch self {
        case .bool(let b): return b ? ".TRUE." : ".FALSE."
        case .int(let i): return String(i)
        case .real(let r): return IncarValue.format(r)
        case .string(let s): return s
        case .ints(let list): return IncarValue.compress(list.map(String.init))
        case .reals(let list): return IncarValue.compress(list.map(IncarValue.format))
        }
    }

    public var description: String { incarText }

    /// The value as a Double when it is a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .real(let r): return r
        default: return nil
        }
    }

    /// The value as an Int when it is an integer.
    public var intValue: Int? { if case .int(let i) = self { return i } else { return nil } }

    /// The value as a Bool when it is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }

    /// The value as text when it is a word or free text.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }

    /// Number of entries of a list (1 for a scalar).
    public var count: Int {
        switch self {
        case .ints(let l): return l.count
        case .reals(let l): return l.count
        default: return 1
        }
    }

    /// A real with the fewest significant digits that read back to exactly `value`, exponent in
    /// capitals ("0.1", "-0.03", "450", "1E-05").
    static func format(_ value: Double) -> String {
        var text = "\(value)"  // Swift's shortest round-trip form: "450.0", "1e-05", "0.1"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text.uppercased()
    }

    /// Runs of equal tokens written as `N*token` (lists of three or fewer are written in full).
    static func compress(_ tokens: [String]) -> String {
        guard tokens.count > 3 else { return tokens.joined(separator: " ") }
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            var j = i
            while j + 1 < tokens.count && tokens[j + 1] == tokens[i] { j += 1 }
            let n = j - i + 1
            out.append(n > 1 ? "\(n)*\(tokens[i])" : tokens[i])
            i = j + 1
        }
        return out.joined(separator: " ")
    }

    /// Parses `text` as a value of `kind`; nil when it does not fit. Words of a choice are
    /// returned in the spelling of the table.
    public static func parse(_ text: String, as kind: IncarValueKind) -> IncarValue? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        switch kind {
        case .bool:
            return parseBool(t).map(IncarValue.bool)
        case .int:
            return Int(t).map(IncarValue.int)
        case .real:
            return parseReal(t).map(IncarValue.real)
        case .string:
            return .string(t)
        case .choice(let words):
            return matchChoice(t, words).map(IncarValue.string)
        case .boolOrChoice(let words):
            if let b = parseBool(t) { return .bool(b) }
            return matchChoice(t, words).map(IncarValue.string)
        case .ints:
            guard let tokens = expand(t) else { return nil }
            var out: [Int] = []
            for token in tokens { guard let i = Int(token) else { return nil }; out.append(i) }
            return .ints(out)
        case .reals:
            guard let tokens = expand(t) else { return nil }
            var out: [Double] = []
            for token in tokens { guard let r = parseReal(token) else { return nil }; out.append(r) }
            return .reals(out)
        }
    }

    /// .TRUE., .FALSE., T, F, TRUE, FALSE, true, false.
    static func parseBool(_ t: String) -> Bool? {
        switch t.uppercased() {
        case ".TRUE.", "T", "TRUE", ".T.": return true
        case ".FALSE.", "F", "FALSE", ".F.": return false
        default: return nil
        }
    }

    /// A Fortran real: 450, 450., 1E-5, 1.0D-5.
    static func parseReal(_ t: String) -> Double? {
        guard let d = FortranNumber.double(t), d.isFinite else { return nil }
        return d
    }

    /// Words match on the whole word, or (as VASP reads only leading letters) on a prefix of it.
    static func matchChoice(_ t: String, _ words: [String]) -> String? {
        let u = t.uppercased()
        if let exact = words.first(where: { $0.uppercased() == u }) { return exact }
        let prefixed = words.filter { $0.uppercased().hasPrefix(u) || u.hasPrefix($0.uppercased()) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Splits a list into tokens, expanding `N*value`; nil on a bad repeat count.
    static func expand(_ t: String) -> [String]? {
        var out: [String] = []
        for field in t.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            let parts = field.split(separator: "*", omittingEmptySubsequences: false)
            if parts.count == 2 {
                guard let n = Int(parts[0]), n > 0, !parts[1].isEmpty else { return nil }
                out.append(contentsOf: Array(repeating: String(parts[1]), count: n))
            } else if parts.count == 1 {
                out.append(String(field))
            } else {
                return nil
            }
        }
        return out.isEmpty ? nil : out
    }
}
