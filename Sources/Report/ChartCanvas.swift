/// A piece of chart text: runs of normal and subscript text ("W" + sub "ad").
public struct ChartText: Equatable, Sendable {
    /// One run of text, normal or lowered as a subscript.
    public struct Run: Equatable, Sendable {
        public var text: String
        public var isSubscript: Bool
    }
    /// The runs in order.
    public var runs: [Run]

    /// Parses "W_{ad} = 2σ": `_{…}` marks a subscript.
    public init(_ markup: String) {
        var runs: [Run] = []
        var rest = Substring(markup)
        while let r = rest.range(of: "_{") {
            if r.lowerBound > rest.startIndex { runs.append(Run(text: String(rest[..<r.lowerBound]), isSubscript: false)) }
            let after = rest[r.upperBound...]
            guard let close = after.firstIndex(of: "}") else { rest = after; break }
            runs.append(Run(text: String(after[..<close]), isSubscript: true))
            rest = after[after.index(after: close)...]
        }
        if !rest.isEmpty { runs.append(Run(text: String(rest), isSubscript: false)) }
        self.runs = runs
    }

    /// A label with chemical formulas: digits after an element symbol, outside parentheses,
    /// become subscripts ("Li2CO3(001)" → Li₂CO₃(001)).
    public static func formula(_ text: String) -> ChartText {
        var markup = ""
        var depth = 0
        var previous: Character?
        var inSubscript = false
        for ch in text {
            let isDigit = ch.isASCII && ch.isNumber
            let lowered = isDigit && depth == 0 && (previous.map { $0.isLetter } == true || (inSubscript && previous?.isNumber == true))
            if lowered && !inSubscript { markup += "_{"; inSubscript = true }
            if !lowered && inSubscript { markup += "}"; inSubscript = false }
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) }
            markup.append(ch)
            previous = ch
        }
        if inSubscript { markup += "}" }
        return ChartText(markup)
    }

    /// The text without markup.
    public var plain: String { runs.map(\.text).joined() }
}

/// Where a text's x coordinate sits on the text.
public enum TextAnchor: String, Sendable { case start, middle, end }

/// What the chart draws on: the SVG and the PDF writers implement it, so both files show the
/// same chart. Coordinates in points from the top-left corner; colours as "#rrggbb".
protocol ChartCanvas {
    /// A filled rectangle, optionally outlined; `title` is a tooltip where the format has one.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String?, className: String?, title: String?)
    /// A straight line; `dash` is the dash length (nil: solid).
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double, dash: Double?, className: String?)
    /// Text at a baseline point; `rotated` turns it 90° anticlockwise about that point.
    mutating func text(_ text: ChartText, x: Double, y: Double, size: Double, anchor: TextAnchor, color: String, bold: Bool,
                       rotated: Bool, className: String?)
}
