import Foundation

/// An SVG bar chart of W_ad per interface, each bar labelled with θ; the stand-in banner is
/// drawn across the top when any row is flagged.
public struct AdhesionBarChart: Sendable {
    /// The rows to draw, left to right.
    public var rows: [ReportRow]
    /// Chart width and height in SVG user units (pixels).
    public var widthPx: Double
    public var heightPx: Double

    /// A chart of these rows.
    public init(rows: [ReportRow], widthPx: Double = 720, heightPx: Double = 420) {
        self.rows = rows
        self.widthPx = widthPx
        self.heightPx = heightPx
    }

    /// Top of the value axis in J/m²: the largest W_ad rounded up to a tick (at least 0.1).
    var axisMaxJPerM2: Double {
        let top = max(0.1, rows.map(\.workOfAdhesionJPerM2).max() ?? 0)
        return (top / tickStep).rounded(.up) * tickStep
    }

    var axisMinJPerM2: Double {
        let bottom = min(0, rows.map(\.workOfAdhesionJPerM2).min() ?? 0)
        return (bottom / tickStep).rounded(.down) * tickStep
    }

    var tickStep: Double {
        let span = max(0.1, (rows.map(\.workOfAdhesionJPerM2).max() ?? 0) - min(0, rows.map(\.workOfAdhesionJPerM2).min() ?? 0))
        for step in [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5] where span / step <= 8 { return step }
        return 10
    }

    /// The SVG document.
    public func svg() -> String {
        let left = 70.0, right = 20.0, top = rows.contains(where: \.isStandIn) ? 70.0 : 45.0, bottom = 90.0
        let plotW = widthPx - left - right, plotH = heightPx - top - bottom
        let lo = axisMinJPerM2, hi = axisMaxJPerM2
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * plotH }
        let f = { (v: Double) in ReportFormatting.fixed(v, 2) }
        var s: [String] = []
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(widthPx))\" height=\"\(f(heightPx))\" viewBox=\"0 0 \(f(widthPx)) \(f(heightPx))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
        s.append("<title>Work of adhesion by interface</title>")
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        s.append("<text x=\"\(f(widthPx / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">Work of adhesion W_ad (J/m²), θ from Young–Dupré</text>")
        if rows.contains(where: \.isStandIn) {
            s.append("<text class=\"banner\" x=\"\(f(widthPx / 2))\" y=\"46\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\" fill=\"#c00000\">\(ReportFormatting.xml(ReportFormatting.standInBanner))</text>")
        }
        // Axis and ticks.
        var tick = lo
        while tick <= hi + tickStep / 1000 {
            let ty = y(tick)
            s.append("<line x1=\"\(f(left))\" y1=\"\(f(ty))\" x2=\"\(f(left + plotW))\" y2=\"\(f(ty))\" stroke=\"#dddddd\"/>")
            s.append("<text x=\"\(f(left - 6))\" y=\"\(f(ty + 4))\" text-anchor=\"end\">\(ReportFormatting.fixed(tick, 2))</text>")
            tick += tickStep
        }
        s.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>")
        s.append("<line x1=\"\(f(left))\" y1=\"\(f(y(0)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(0)))\" stroke=\"black\"/>")
        s.append("<text x=\"18\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(top + plotH / 2)))\">W_ad (J/m²)</text>")
        // Bars.
        let slot = rows.isEmpty ? plotW : plotW / Double(rows.count)
        let barW = min(80, slot * 0.6)
        for (i, r) in rows.enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            let y0 = y(0), y1 = y(r.workOfAdhesionJPerM2)
            let color = r.wettingRegime == "complete wetting" ? "#2b8cbe" : r.wettingRegime == "no adhesion" ? "#999999" : "#7bccc4"
            s.append("<rect class=\"bar\" x=\"\(f(cx - barW / 2))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(barW))\" height=\"\(f(abs(y1 - y0)))\" fill=\"\(color)\"><title>\(ReportFormatting.xml(r.interface)): \(ReportFormatting.fixed(r.workOfAdhesionJPerM2, 3)) J/m²</title></rect>")
            let labelY = r.workOfAdhesionJPerM2 >= 0 ? min(y0, y1) - 6 : max(y0, y1) + 14
            s.append("<text class=\"theta\" x=\"\(f(cx))\" y=\"\(f(labelY))\" text-anchor=\"middle\">θ = \(ReportFormatting.angle(r))°</text>")
            s.append("<text x=\"\(f(cx))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(ReportFormatting.xml(r.film))</text>")
            s.append("<text x=\"\(f(cx))\" y=\"\(f(top + plotH + 33))\" text-anchor=\"middle\">| \(ReportFormatting.xml(r.substrate))</text>")
            s.append("<text x=\"\(f(cx))\" y=\"\(f(top + plotH + 48))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555555\">\(ReportFormatting.xml(r.wettingRegime))</text>")
        }
        s.append("</svg>")
        return s.joined(separator: "\n") + "\n"
    }
}
