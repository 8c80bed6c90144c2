import Foundation

/// A bar chart of W_ad per interface with θ on each bar, the complete-wetting line at W_ad = 2σ,
/// optional published values beside Adhere's, the engine and model in the subtitle, and the
/// stand-in banner when any row is flagged. Drawn once onto a canvas, written as SVG or PDF.
public struct AdhesionBarChart: Sendable {
    /// The rows to draw, left to right.
    public var rows: [ReportRow]
    /// Published values drawn as a second bar beside each of Adhere's (where given).
    public var references: ReferenceValues?
    /// Chart width and height in points (SVG user units).
    public var widthPx: Double
    public var heightPx: Double

    /// A chart of these rows.
    public init(rows: [ReportRow], references: ReferenceValues? = nil, widthPx: Double = 720, heightPx: Double = 440) {
        self.rows = rows
        self.references = references
        self.widthPx = widthPx
        self.heightPx = heightPx
    }

    static let title = "Work of adhesion by interface"
    static let adhereColor = "#2b8cbe", referenceColor = "#bdbdbd", wettingLineColor = "#d95f0e"

    /// The SVG document.
    public func svg() -> String {
        var canvas = SVGCanvas(widthPt: widthPx, heightPt: heightPx, title: Self.title)
        draw(on: &canvas)
        return canvas.document
    }

    /// The PDF file (one page, vector).
    public func pdf() -> Data {
        var canvas = PDFCanvas(widthPt: widthPx, heightPt: heightPx, title: Self.title)
        draw(on: &canvas)
        return canvas.document
    }

    /// Distinct σ values (J/m², finite and positive): one complete-wetting line each.
    var sigmasJPerM2: [Double] {
        var seen = Set<Double>()
        return rows.map(\.surfaceEnergyJPerM2).filter { $0.isFinite && $0 > 0 && seen.insert($0).inserted }
    }

    /// Every value the axis must show: W_ad, the references' and 2σ.
    private var plottedValues: [Double] {
        (rows.map(\.workOfAdhesionJPerM2) + rows.compactMap { references?.entry(for: $0)?.workOfAdhesionJPerM2 }
            + sigmasJPerM2.map { 2 * $0 }).filter(\.isFinite)
    }

    var tickStep: Double {
        let span = max(0.1, (plottedValues.max() ?? 0) - min(0, plottedValues.min() ?? 0))
        for step in [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5] where span / step <= 8 { return step }
        return 10
    }

    /// Top of the value axis in J/m²: the largest plotted value rounded up to a tick (at least 0.1).
    var axisMaxJPerM2: Double {
        let top = max(0.1, plottedValues.max() ?? 0) * 1.04
        return (top / tickStep).rounded(.up) * tickStep
    }

    var axisMinJPerM2: Double {
        let bottom = min(0, plottedValues.min() ?? 0)
        return (bottom / tickStep).rounded(.down) * tickStep
    }

    private var subtitle: String {
        let table = AdhesionTable(rows: rows)
        let sigma = table.sigmaSources.map { "σ = \(ReportFormatting.fixed($0.value, 3)) J/m² (\($0.method))" }.joined(separator: "; ")
        return "\(table.engines.joined(separator: "; ")), \(table.models.joined(separator: "; ")); \(sigma)"
    }

    func draw<C: ChartCanvas>(on canvas: inout C) {
        let standIn = rows.contains(where: \.isStandIn)
        let left = 70.0, right = 20.0, top = standIn ? 84.0 : 64.0, bottom = 80.0
        let plotW = widthPx - left - right, plotH = heightPx - top - bottom
        let lo = axisMinJPerM2, hi = axisMaxJPerM2
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * plotH }

        canvas.text(ChartText("Work of adhesion W_{ad} and contact angle θ (Young–Dupré)"), x: widthPx / 2, y: 20, size: 15,
                    anchor: .middle, color: "#000000", bold: false, rotated: false, className: "title")
        canvas.text(ChartText(subtitle), x: widthPx / 2, y: 38, size: 10, anchor: .middle, color: "#444444", bold: false,
                    rotated: false, className: "subtitle")
        if standIn {
            canvas.text(ChartText(ReportFormatting.standInBanner), x: widthPx / 2, y: 58, size: 14, anchor: .middle,
                        color: "#c00000", bold: true, rotated: false, className: "banner")
        }
        // Grid and ticks.
        var tick = lo
        while tick <= hi + tickStep / 1000 {
            let ty = y(tick)
            canvas.line(x1: left, y1: ty, x2: left + plotW, y2: ty, color: "#dddddd", width: 0.8, dash: nil, className: nil)
            canvas.text(ChartText(ReportFormatting.fixed(tick, 2)), x: left - 6, y: ty + 4, size: 11, anchor: .end,
                        color: "#000000", bold: false, rotated: false, className: nil)
            tick += tickStep
        }
        canvas.line(x1: left, y1: top, x2: left, y2: top + plotH, color: "#000000", width: 1, dash: nil, className: nil)
        canvas.line(x1: left, y1: y(0), x2: left + plotW, y2: y(0), color: "#000000", width: 1, dash: nil, className: nil)
        canvas.text(ChartText("W_{ad} (J/m²)"), x: 20, y: top + plotH / 2, size: 12, anchor: .middle, color: "#000000",
                    bold: false, rotated: true, className: nil)

        // Bars: Adhere's, and the reference beside it where one is given.
        let slot = rows.isEmpty ? plotW : plotW / Double(rows.count)
        let hasReferences = rows.contains { references?.entry(for: $0)?.workOfAdhesionJPerM2 != nil }
        let barW = min(hasReferences ? 50 : 80, slot * (hasReferences ? 0.34 : 0.6))
        for (i, r) in rows.enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            let reference = references?.entry(for: r)
            let adhereX = reference?.workOfAdhesionJPerM2 != nil ? cx - barW * 0.55 : cx
            if r.workOfAdhesionJPerM2.isFinite {
                let y0 = y(0), y1 = y(r.workOfAdhesionJPerM2)
                canvas.rect(x: adhereX - barW / 2, y: min(y0, y1), width: barW, height: abs(y1 - y0), fill: Self.adhereColor,
                            stroke: nil, className: "bar",
                            title: "\(r.interface): \(ReportFormatting.fixed(r.workOfAdhesionJPerM2, 3)) J/m²")
                let labelY = r.workOfAdhesionJPerM2 >= 0 ? min(y0, y1) - 5 : max(y0, y1) + 13
                canvas.text(ChartText("θ = \(ReportFormatting.angle(r))°"), x: adhereX, y: labelY, size: 11, anchor: .middle,
                            color: "#000000", bold: false, rotated: false, className: "theta")
            }
            if let w = reference?.workOfAdhesionJPerM2 {
                let refX = cx + barW * 0.55
                let y0 = y(0), y1 = y(w)
                canvas.rect(x: refX - barW / 2, y: min(y0, y1), width: barW, height: abs(y1 - y0), fill: Self.referenceColor,
                            stroke: "#636363", className: "reference",
                            title: "\(references?.shortLabel ?? "reference"): \(ReportFormatting.fixed(w, 2)) J/m²")
                let theta = reference?.contactAngleDeg.map { "θ = \(ReportFormatting.fixed($0, 0))°" } ?? ReportFormatting.fixed(w, 2)
                canvas.text(ChartText(theta), x: refX, y: (w >= 0 ? min(y0, y1) - 5 : max(y0, y1) + 13), size: 10,
                            anchor: .middle, color: "#555555", bold: false, rotated: false, className: "reference-theta")
            }
            canvas.text(ChartText.formula(r.substrate), x: cx, y: top + plotH + 17, size: 12, anchor: .middle, color: "#000000",
                        bold: false, rotated: false, className: "label")
            canvas.text(ChartText.formula("on \(r.film)"), x: cx, y: top + plotH + 31, size: 10, anchor: .middle, color: "#555555",
                        bold: false, rotated: false, className: nil)
            var note = r.wettingRegime
            if let refTheta = reference?.contactAngleDeg, reference?.workOfAdhesionJPerM2 == nil {
                note += "; published θ = \(ReportFormatting.fixed(refTheta, 0))°"
            }
            canvas.text(ChartText(note), x: cx, y: top + plotH + 45, size: 10, anchor: .middle, color: "#555555",
                        bold: false, rotated: false, className: "regime")
        }

        // Complete-wetting lines, W_ad = 2σ.
        for sigma in sigmasJPerM2 {
            let ly = y(2 * sigma)
            canvas.line(x1: left, y1: ly, x2: left + plotW, y2: ly, color: Self.wettingLineColor, width: 1.5, dash: 6, className: "wetting-line")
            canvas.text(ChartText("complete wetting: W_{ad} = 2σ = \(ReportFormatting.fixed(2 * sigma, 3)) J/m²"),
                        x: left + 6, y: ly - 5, size: 10, anchor: .start, color: Self.wettingLineColor, bold: false,
                        rotated: false, className: "wetting-label")
        }

        // Legend.
        var lx = left + 8
        let ly = top + plotH + 64
        canvas.rect(x: lx, y: ly - 9, width: 12, height: 10, fill: Self.adhereColor, stroke: nil, className: nil, title: nil)
        canvas.text(ChartText("Adhere (this work)"), x: lx + 16, y: ly, size: 10, anchor: .start, color: "#000000", bold: false,
                    rotated: false, className: "legend")
        lx += 130
        if let references, hasReferences || references.entries.contains(where: { $0.contactAngleDeg != nil }) {
            canvas.rect(x: lx, y: ly - 9, width: 12, height: 10, fill: Self.referenceColor, stroke: "#636363", className: nil, title: nil)
            canvas.text(ChartText(references.shortLabel), x: lx + 16, y: ly, size: 10, anchor: .start, color: "#000000",
                        bold: false, rotated: false, className: "legend")
            lx += 200
        }
        canvas.line(x1: lx, y1: ly - 4, x2: lx + 22, y2: ly - 4, color: Self.wettingLineColor, width: 1.5, dash: 6, className: nil)
        canvas.text(ChartText("W_{ad} = 2σ (θ = 0)"), x: lx + 26, y: ly, size: 10, anchor: .start, color: "#000000", bold: false,
                    rotated: false, className: "legend")
    }
}
