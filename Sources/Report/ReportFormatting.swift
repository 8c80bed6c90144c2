import Crystal
import Foundation

/// Shared text helpers for the table writers and the chart.
enum ReportFormatting {
    /// The banner shown whenever any number comes from the stand-in.
    static let standInBanner = "numbers from the VASP stand-in, not physics"

    /// What a table cell shows for a number that is not finite (a damaged archive): never "nan".
    static let missing = "—"

    /// "3×3", "√13×√13 R33.7°" or "[[a, b], [c, d]]" (the in-plane 2×2 block).
    static func supercell(_ notation: SupercellNotation) -> String { notation.text }

    /// The in-plane 2×2 block as "a b; c d" (machine-readable, for CSV).
    static func matrixText(_ m: [[Int]]) -> String {
        guard m.count >= 2, m[0].count >= 2, m[1].count >= 2 else { return "" }
        return "\(m[0][0]) \(m[0][1]); \(m[1][0]) \(m[1][1])"
    }

    /// A number with `decimals` decimals; `missing` when it is not finite.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return missing }
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Full precision for CSV; empty when not finite.
    static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(value)
    }

    /// θ with the regime when it is a limit: "75.6", "0", "180".
    static func angle(_ row: ReportRow) -> String {
        guard row.contactAngleDeg.isFinite else { return missing }
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

    /// The distinct values in first-seen order.
    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
