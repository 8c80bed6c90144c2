import Foundation

/// Shared text helpers for the table writers and the chart.
enum ReportFormatting {
    /// The banner shown whenever any number comes from the stand-in.
    static let standInBanner = "numbers from the VASP stand-in, not physics"

    /// "3×2" for a diagonal in-plane block, else "[[a, b], [c, d]]" (the in-plane 2×2 block).
    static func supercell(_ m: [[Int]]) -> String {
        guard m.count >= 2, m[0].count >= 2, m[1].count >= 2 else { return "?" }
        if m[0][1] == 0 && m[1][0] == 0 { return "\(m[0][0])×\(m[1][1])" }
        return "[[\(m[0][0]), \(m[0][1])], [\(m[1][0]), \(m[1][1])]]"
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// θ with the regime when it is a limit: "75.6", "0 (complete wetting)", "180 (no adhesion)".
    static func angle(_ row: ReportRow) -> String {
        switch row.wettingRegime {
        case "complete wetting", "no adhesion": return "\(Int(row.contactAngleDeg.rounded()))"
        default: return fixed(row.contactAngleDeg, 1)
        }
    }

    /// Escapes text for XML/SVG.
    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
    static func csv(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Escapes Markdown table cells (pipes).
    static func markdown(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// Escapes LaTeX specials, and writes digits that follow an element symbol outside
    /// parentheses as subscripts: "Li2CO3(001)" → "Li$_{2}$CO$_{3}$(001)".
    static func tex(_ text: String) -> String {
        var out = ""
        var depth = 0
        var previous: Character?
        var pendingDigits = ""
        func flush() {
            if !pendingDigits.isEmpty { out += "$_{\(pendingDigits)}$"; pendingDigits = "" }
        }
        for ch in text {
            if ch.isNumber && depth == 0, let p = previous, p.isLetter || (p.isNumber && !pendingDigits.isEmpty) {
                pendingDigits.append(ch)
                previous = ch
                continue
            }
            flush()
            switch ch {
            case "(": depth += 1; out.append(ch)
            case ")": depth = max(0, depth - 1); out.append(ch)
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(ch)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "×": out += "$\\times$"
            default: out.append(ch)
            }
            previous = ch
        }
        flush()
        return out
    }
}
