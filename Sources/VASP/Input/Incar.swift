import Foundation
import Crystal

/// An INCAR file: typed tag values in the order they were written.
///
/// Reading checks every tag against `IncarTags` (unknown tags fail with a did-you-mean) and every
/// value against the tag's type. `#` and `!` start comments; `;` separates tags on one line.
public struct Incar: Hashable, Sendable, CustomStringConvertible {
    /// Tags (upper case) and values, in file order.
    public private(set) var entries: [(tag: String, value: IncarValue)]

    /// An empty INCAR.
    public init() { entries = [] }

    /// Creates an INCAR from tags and values, checking each tag against `IncarTags`.
    public init(_ pairs: [(String, IncarValue)], file: String = "<INCAR>") throws(InputError) {
        entries = []
        for (tag, value) in pairs {
            let upper = tag.uppercased()
            guard IncarTags.kind(of: upper) != nil else {
                throw InputError(file: file, .unknownTag(tag, suggestion: IncarTags.suggestion(for: tag)))
            }
            self[upper] = value
        }
    }

    /// The value of `tag` (any case); setting nil removes it, setting a new tag appends it.
    public subscript(tag: String) -> IncarValue? {
        get { entries.first { $0.tag == tag.uppercased() }?.value }
        set {
            let upper = tag.uppercased()
            if let i = entries.firstIndex(where: { $0.tag == upper }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((upper, newValue))
            }
        }
    }

    /// The tags in order.
    public var tags: [String] { entries.map(\.tag) }

    /// INCAR text, one `TAG = value` per line.
    public var description: String { entries.map { "\($0.tag) = \($0.value.incarText)" }.joined(separator: "\n") + "\n" }

    public static func == (lhs: Incar, rhs: Incar) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.tag == $1.tag && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for e in entries { hasher.combine(e.tag); hasher.combine(e.value) }
    }

    /// Reads an INCAR file (see `parse` for `allowUnknownTags`).
    public static func read(path: String, allowUnknownTags: Bool = false) throws(InputError) -> Incar {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(file: path, .io("cannot read INCAR: \(error.localizedDescription)"))
        }
        return try parse(text, file: path, allowUnknownTags: allowUnknownTags)
    }

    /// Parses INCAR text; `file` names it in errors. With `allowUnknownTags` (for reading INCARs
    /// written by others), a tag missing from `IncarTags` is kept as text instead of refused.
    public static func parse(_ text: String, file: String = "<INCAR>", allowUnknownTags: Bool = false)
        throws(InputError) -> Incar
    {
        var incar = Incar()
        var lineNumber = 0
        var pending = ""  // a line continued with a trailing backslash
        var pendingLine = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(raw)
            if let cut = line.firstIndex(where: { $0 == "#" || $0 == "!" }) { line = String(line[..<cut]) }
            line = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasSuffix("\\") {
                if pending.isEmpty { pendingLine = lineNumber }
                pending += String(line.dropLast()) + " "
                continue
            }
            var at = lineNumber
            if !pending.isEmpty { line = pending + line; pending = ""; at = pendingLine }
            for statement in line.split(separator: ";") {
                let s = statement.trimmingCharacters(in: .whitespaces)
                if s.isEmpty { continue }
                guard let eq = s.firstIndex(of: "=") else {
                    throw InputError(file: file, line: at, .malformedLine(s))
                }
                let tag = s[..<eq].trimmingCharacters(in: .whitespaces).uppercased()
                var valueText = s[s.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if valueText.count >= 2, valueText.first == "\"", valueText.last == "\"" {
                    valueText = String(valueText.dropFirst().dropLast())
                }
                guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw InputError(file: file, line: at, .malformedLine(s))
                }
                guard let kind = IncarTags.kind(of: tag) else {
                    if allowUnknownTags {
                        guard incar[tag] == nil else { throw InputError(file: file, line: at, .duplicateTag(tag)) }
                        incar[tag] = .string(valueText)
                        continue
                    }
                    throw InputError(file: file, line: at, .unknownTag(tag, suggestion: IncarTags.suggestion(for: tag)))
                }
                guard let value = IncarValue.parse(valueText, as: kind) else {
                    throw InputError(file: file, line: at, .wrongType(tag: tag, value: valueText, expected: kind.description))
                }
                guard incar[tag] == nil else { throw InputError(file: file, line: at, .duplicateTag(tag)) }
                incar[tag] = value
            }
        }
        return incar
    }

    /// Checks values that depend on the structure: MAGMOM has one value per atom (three when
    /// LNONCOLLINEAR or LSORBIT), LDAUL/LDAUU/LDAUJ/RWIGS one per species in POSCAR order.
    public func validate(for structure: Structure, file: String = "<INCAR>") throws(InputError) {
        let atoms = structure.count
        let species = structure.speciesInOrder.count
        for (tag, value) in entries {
            if IncarTags.perAtom.contains(tag) {
                let noncollinear = self["LNONCOLLINEAR"]?.boolValue == true || self["LSORBIT"]?.boolValue == true
                let expected = noncollinear ? 3 * atoms : atoms
                if value.count != expected {
                    throw InputError(file: file, .wrongLength(tag: tag, expected: expected, found: value.count,
                        per: noncollinear ? "3 per atom, non-collinear, \(atoms) atoms" : "one per atom, \(atoms) atoms"))
                }
            }
            if IncarTags.perSpecies.contains(tag), value.count != species {
                let names = structure.speciesInOrder.map(\.symbol).joined(separator: " ")
                throw InputError(file: file, .wrongLength(tag: tag, expected: species, found: value.count,
                    per: "one per species in POSCAR order: \(names)"))
            }
        }
    }
}
