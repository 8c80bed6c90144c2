import Crystal
import Foundation

/// LaTeX text for the report: escaping, chemical formulas, numbers, supercells and the rules of a
/// table. Everything here compiles with plain pdflatex in `\documentclass{article}` without any
/// package: symbols are math mode (`$\sigma$`, `\AA`, `$^{\circ}$`), and booktabs-style rules
/// are drawn with `\hrule` inside `\noalign` (booktabs' widths and spacing: 0.08em top and
/// bottom, 0.05em middle; 0.65ex below and 0.4ex above a rule).
enum LaTeX {
    static let topRule = "\\noalign{\\hrule height 0.08em\\vskip 0.65ex}"
    static let midRule = "\\noalign{\\vskip 0.4ex\\hrule height 0.05em\\vskip 0.65ex}"
    static let bottomRule = "\\noalign{\\vskip 0.4ex\\hrule height 0.08em}"

    /// Escapes LaTeX specials and turns Unicode the report uses into commands; digits after an
    /// element symbol outside parentheses become subscripts: "Li2CO3(001)" → "Li$_{2}$CO$_{3}$(001)".
    static func text(_ text: String) -> String {
        var out = ""
        var depth = 0
        var previous: Character?
        var pendingDigits = ""
        func flush() {
            if !pendingDigits.isEmpty { out += "$_{\(pendingDigits)}$"; pendingDigits = "" }
        }
        for ch in text {
            if ch.isASCII, ch.isNumber, depth == 0, let p = previous, p.isLetter || (p.isNumber && !pendingDigits.isEmpty) {
                pendingDigits.append(ch)
                previous = ch
                continue
            }
            flush()
            out += escape(ch, depth: &depth)
            previous = ch
        }
        flush()
        return mergeScripts(out)
    }

    /// Escapes LaTeX specials without chemical subscripts (for sentences with numbers).
    static func plain(_ text: String) -> String {
        var depth = 0
        return mergeScripts(text.map { escape($0, depth: &depth) }.joined())
    }

    /// Joins adjacent superscripts written one character at a time: "$^{-}$$^{5}$" → "$^{-5}$".
    static func mergeScripts(_ text: String) -> String {
        text.replacingOccurrences(of: "}$$^{", with: "")
    }

    private static func escape(_ ch: Character, depth: inout Int) -> String {
        switch ch {
        case "(": depth += 1; return "("
        case ")": depth = max(0, depth - 1); return ")"
        case "\\": return "\\textbackslash{}"
        case "&", "%", "$", "#", "_", "{", "}": return "\\" + String(ch)
        case "~": return "\\textasciitilde{}"
        case "^": return "\\textasciicircum{}"
        case "<": return "$<$"
        case ">": return "$>$"
        case "|": return "$|$"
        case "×": return "$\\times$"
        case "·": return "$\\cdot$"
        case "σ": return "$\\sigma$"
        case "θ": return "$\\theta$"
        case "ε": return "$\\varepsilon$"
        case "γ": return "$\\gamma$"
        case "φ": return "$\\varphi$"
        case "Δ": return "$\\Delta$"
        case "→": return "$\\to$"
        case "≥": return "$\\geq$"
        case "≤": return "$\\leq$"
        case "±": return "$\\pm$"
        case "−": return "$-$"
        case "–": return "--"
        case "—": return "---"
        case "°": return "$^{\\circ}$"
        case "‡": return "$^{\\ddagger}$"
        case "²": return "$^{2}$"
        case "³": return "$^{3}$"
        case "⁻": return "$^{-}$"
        case "⁰": return "$^{0}$"
        case "¹": return "$^{1}$"
        case "⁴": return "$^{4}$"
        case "⁵": return "$^{5}$"
        case "⁶": return "$^{6}$"
        case "⁷": return "$^{7}$"
        case "⁸": return "$^{8}$"
        case "⁹": return "$^{9}$"
        case "Γ": return "$\\Gamma$"
        case "π": return "$\\pi$"
        case "\u{2009}": return "\\,"
        case "Å": return "\\AA{}"
        case "√": return "$\\surd$"
        case "\u{2019}": return "'"
        case "ä": return "\\\"a"
        case "ö": return "\\\"o"
        case "ü": return "\\\"u"
        case "é": return "\\'e"
        default:
            return ch.isASCII ? String(ch) : "?"
        }
    }

    /// A number in math mode with a proper minus; "--" when not finite.
    static func number(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "--" }
        return "$" + ReportFormatting.fixed(value, decimals) + "$"
    }

    /// A supercell as papers typeset it: $\sqrt{13}\times\sqrt{13}\,\mathrm{R}33.7^{\circ}$ or a
    /// small matrix (rows in primitive surface-cell vectors), both without packages.
    static func supercell(_ notation: SupercellNotation) -> String {
        switch notation {
        case let .wood(w):
            func scale(_ s: Int) -> String {
                let (k, m) = WoodNotation.scaleParts(s)
                if m == 1 { return String(k) }
                return (k == 1 ? "" : String(k)) + "\\sqrt{\(m)}"
            }
            var body = "\(scale(w.scaleSquared1))\\times\(scale(w.scaleSquared2))"
            if let r = w.rotationText { body += "\\,\\mathrm{R}{" + (r.hasPrefix("-") ? "-}" + r.dropFirst() : "}" + r) + "^{\\circ}" }
            return "$" + body + "$"
        case let .matrix(m):
            let cells = [[m.m00, m.m01], [m.m10, m.m11]].map { $0.map { "\\scriptstyle \($0)" }.joined(separator: "&") }
            return "$\\renewcommand{\\arraystretch}{0.55}\\left(\\begin{array}{@{}r@{\\;\\,}r@{}}" + cells.joined(separator: "\\\\")
                + "\\end{array}\\right)$"
        }
    }

    /// A whole document around `body`, for tests and for users who want a standalone file.
    static func document(_ body: String) -> String {
        "\\documentclass{article}\n\\begin{document}\n" + body + "\\end{document}\n"
    }
}
