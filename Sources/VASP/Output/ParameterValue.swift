import Crystal
/// A value of the `<incar>` or `<parameters>` block, typed as vasprun.xml types it
/// (`type="int"`, `"logical"`, `"string"`, none = real). A Fortran overflow field (`*****`) is
/// read as a missing value (nil), never an error.
public enum ParameterValue: Sendable, Hashable {
    /// `type="int"`.
    case int(Int?)
    /// No type attribute: a real number.
    case real(Double?)
    /// `type="logical"` (T/F).
    case logical(Bool?)
    /// `type="string"`, trimmed.
    case string(String)
    /// `<v type="int">`.
    case ints([Int?])
    /// `<v>` of reals.
    case reals([Double?])
    /// `<v type="logical">`.
    case logicals([Bool?])

    /// The value as a real number (ints convert; nil for missing, strings, vectors).
    public var doubleValue: Double? {
        switch self {
        case .real(let d): return d
        case .int(let i): return i.map(Double.init)
        default: return nil
        }
    }

    /// The value as an integer (a real with an integral value converts).
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .real(let d): if let d, d.rounded() == d, abs(d) < 1e15 { return Int(d) } else { return nil }
        default: return nil
        }
    }

    /// The value as a logical.
    public var boolValue: Bool? {
        if case .logical(let b) = self { return b }
        return nil
    }

    /// The value as text (strings as written; numbers formatted).
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// True when the value (or any element of a vector) was a Fortran overflow field.
    public var isMissing: Bool {
        switch self {
        case .int(let v): return v == nil
        case .real(let v): return v == nil
        case .logical(let v): return v == nil
        case .string: return false
        case .ints(let v): return v.contains(nil)
        case .reals(let v): return v.contains(nil)
        case .logicals(let v): return v.contains(nil)
        }
    }

    /// The value as INCAR text (`*****` for a missing number, as VASP prints an overflow).
    public var incarText: String {
        func real(_ d: Double?) -> String { d.map { "\($0)" } ?? "*****" }
        func logical(_ b: Bool?) -> String { b.map { $0 ? ".TRUE." : ".FALSE." } ?? "*****" }
        switch self {
        case .int(let i): return i.map(String.init) ?? "*****"
        case .real(let d): return real(d)
        case .logical(let b): return logical(b)
        case .string(let s): return s
        case .ints(let a): return a.map { $0.map(String.init) ?? "*****" }.joined(separator: " ")
        case .reals(let a): return a.map(real).joined(separator: " ")
        case .logicals(let a): return a.map(logical).joined(separator: " ")
        }
    }

    /// Parses the text of an `<i>` (vector: false) or `<v>` (vector: true) with its type attribute.
    static func parse(text: String, type: String?, vector: Bool) -> ParameterValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch type {
        case "string":
            return .string(trimmed)
        case "int":
            if vector { return .ints(trimmed.split(whereSeparator: \.isWhitespace).map { Int($0) }) }
            return .int(Int(trimmed))
        case "logical":
            if vector { return .logicals(trimmed.split(whereSeparator: \.isWhitespace).map { parseLogical($0) }) }
            return .logical(parseLogical(Substring(trimmed)))
        default:
            // 1e999 and the like are missing values, as an overflow field is: never ±inf.
            func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }
            if vector { return .reals(trimmed.split(whereSeparator: \.isWhitespace).map { finite(FortranNumber.double($0)) }) }
            return .real(finite(FortranNumber.double(Substring(trimmed))))
        }
    }

    static func parseLogical(_ s: Substring) -> Bool? {
        switch s.uppercased() {
        case "T", ".TRUE.", "TRUE": return true
        case "F", ".FALSE.", "FALSE": return false
        default: return nil
        }
    }
}

import Foundation
