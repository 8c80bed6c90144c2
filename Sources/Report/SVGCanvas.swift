import Foundation

/// A chart canvas that writes SVG 1.1 (text as text, Helvetica/Arial).
struct SVGCanvas: ChartCanvas {
    let widthPt: Double
    let heightPt: Double
    let title: String
    private(set) var elements: [String] = []

    init(widthPt: Double, heightPt: Double, title: String) {
        self.widthPt = widthPt
        self.heightPt = heightPt
        self.title = title
    }

    private func f(_ v: Double) -> String { ReportFormatting.fixed(v, 2) }
    private func cls(_ c: String?) -> String { c.map { " class=\"\($0)\"" } ?? "" }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String?, className: String?, title: String?) {
        let strokeText = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let body = title.map { "<title>\(ReportFormatting.xml($0))</title></rect>" }
        elements.append("<rect\(cls(className)) x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\"\(strokeText)"
            + (body.map { ">" + $0 } ?? "/>"))
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double, dash: Double?, className: String?) {
        let dashText = dash.map { " stroke-dasharray=\"\(f($0)) \(f($0 * 0.6))\"" } ?? ""
        elements.append("<line\(cls(className)) x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" stroke-width=\"\(f(width))\"\(dashText)/>")
    }

    mutating func text(_ text: ChartText, x: Double, y: Double, size: Double, anchor: TextAnchor, color: String, bold: Bool,
                       rotated: Bool, className: String?) {
        var body = ""
        var lowered = false
        for run in text.runs {
            let shift = run.isSubscript != lowered ? " dy=\"\(f((run.isSubscript ? 0.3 : -0.3) * size))\"" : ""
            let small = run.isSubscript ? " font-size=\"\(f(size * 0.75))\"" : ""
            body += shift.isEmpty && small.isEmpty ? ReportFormatting.xml(run.text)
                : "<tspan\(shift)\(small)>\(ReportFormatting.xml(run.text))</tspan>"
            lowered = run.isSubscript
        }
        let transform = rotated ? " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" : ""
        let weight = bold ? " font-weight=\"bold\"" : ""
        elements.append("<text\(cls(className)) x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(f(size))\" fill=\"\(color)\"\(weight)\(transform)>\(body)</text>")
    }

    /// The SVG document.
    var document: String {
        var s = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(widthPt))\" height=\"\(f(heightPt))\" viewBox=\"0 0 \(f(widthPt)) \(f(heightPt))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">",
                 "<title>\(ReportFormatting.xml(title))</title>",
                 "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"]
        s += elements
        s.append("</svg>")
        return s.joined(separator: "\n") + "\n"
    }
}
