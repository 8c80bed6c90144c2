import Crystal
import Foundation

/// Changes tags in INCAR text, keeping every other line (comments, order) as it was.
public enum IncarEditor {
    /// Applies `changes`; `current` supplies values the INCAR lacks (e.g. NBANDS from OUTCAR).
    /// Returns the new text and one line per change saying old → new.
    public static func apply(_ changes: [IncarChange], to text: String,
                             current: [String: String] = [:]) -> (text: String, log: [String]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var log: [String] = []
        for change in changes {
            let tag = change.tag.uppercased()
            let index = lines.firstIndex { tagOf($0) == tag }
            let old = index.flatMap { valueOf(lines[$0]) } ?? current[tag]
            let new: String?
            switch change {
            case .set(_, let v): new = v
            case .remove: new = nil
            case .scale(_, let factor, let fallback):
                let base = old.flatMap(number) ?? fallback
                new = tag == "NBANDS" ? String(Int((base * factor).rounded(.up))) : format(base * factor)
            case .add(_, let amount, let fallback):
                new = format((old.flatMap(number) ?? fallback) + amount)
            }
            if let new {
                if let index { lines[index] = "\(tag) = \(new)" } else { lines.append("\(tag) = \(new)") }
            } else if let index {
                lines.remove(at: index)
            }
            log.append("\(tag): \(old ?? "(unset)") → \(new ?? "(unset)")")
        }
        return (lines.joined(separator: "\n") + "\n", log)
    }

    /// The value of `tag` in INCAR text, if set.
    public static func value(of tag: String, in text: String) -> String? {
        text.split(separator: "\n").lazy.map(String.init).first { tagOf($0) == tag.uppercased() }.flatMap(valueOf)
    }

    static func tagOf(_ line: String) -> String? {
        let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let eq = code.firstIndex(of: "=") else { return nil }
        let tag = code[..<eq].trimmingCharacters(in: .whitespaces).uppercased()
        return tag.isEmpty || tag.contains(" ") ? nil : tag
    }

    static func valueOf(_ line: String) -> String? {
        let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let code2 = code.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let eq = code2.firstIndex(of: "=") else { return nil }
        return code2[code2.index(after: eq)...].trimmingCharacters(in: .whitespaces)
    }

    static func number(_ s: String) -> Double? {
        s.split(whereSeparator: \.isWhitespace).first.flatMap { FortranNumber.double($0) }
    }

    static func format(_ x: Double) -> String {
        let s = String(format: "%.4f", x)
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}
