import Adhesion
import Foundation

/// An SVG drawing of a separation scan: E(d) per registry (points) with its UBER fit (line),
/// energies relative to the lowest point, in eV. Pure: returns the SVG text.
public struct SeparationScanPlot: Sendable {
    /// One registry's scan.
    public struct Curve: Sendable {
        /// Label, e.g. "shift (0.25, 0.50)".
        public var label: String
        /// Separations, Å.
        public var separationsA: [Double]
        /// Energies, eV.
        public var energiesEV: [Double]
        /// The fit, when one was made.
        public var fit: UBERFit?

        /// Creates a curve.
        public init(label: String, separationsA: [Double], energiesEV: [Double], fit: UBERFit?) {
            self.label = label
            self.separationsA = separationsA
            self.energiesEV = energiesEV
            self.fit = fit
        }
    }

    /// The curves.
    public var curves: [Curve]
    /// Title above the plot.
    public var title: String
    /// Width and height in SVG user units (pixels).
    public var widthPx: Double = 640, heightPx: Double = 420

    /// Creates a plot.
    public init(title: String, curves: [Curve]) {
        self.title = title
        self.curves = curves
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

    /// The SVG document.
    public func svg() -> String {
        func f(_ x: Double) -> String { String(format: "%.2f", x) }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let allD = curves.flatMap(\.separationsA), allE = curves.flatMap(\.energiesEV)
        let (left, right, top, bottom) = (70.0, widthPx - 170, 40.0, heightPx - 50)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(widthPx))\" height=\"\(f(heightPx))\" viewBox=\"0 0 \(f(widthPx)) \(f(heightPx))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        out += "<text x=\"\(f(widthPx / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(esc(title))</text>\n"
        guard let dMin = allD.min(), let dMax = allD.max(), let eMin = allE.min(), let eMax = allE.max(), dMax > dMin else {
            return out + "<text x=\"\(f(widthPx / 2))\" y=\"\(f(heightPx / 2))\" text-anchor=\"middle\">no scan points</text>\n</svg>\n"
        }
        let eSpan = max(eMax - eMin, 1e-6)
        let x = { (d: Double) in left + (d - dMin) / (dMax - dMin) * (right - left) }
        let y = { (e: Double) in bottom - (e - eMin) / eSpan * (bottom - top) }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"black\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(left))\" y2=\"\(f(top))\" stroke=\"black\"/>\n"
        for k in 0...4 {
            let d = dMin + Double(k) / 4 * (dMax - dMin), e = eMin + Double(k) / 4 * eSpan
            out += "<text x=\"\(f(x(d)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\">\(String(format: "%.2f", d))</text>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(e) + 4))\" text-anchor=\"end\">\(String(format: "%.3f", e - eMin))</text>\n"
        }
        out += "<text x=\"\(f((left + right) / 2))\" y=\"\(f(heightPx - 12))\" text-anchor=\"middle\">separation d (Å)</text>\n"
        out += "<text x=\"16\" y=\"\(f((top + bottom) / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f((top + bottom) / 2)))\">E − E_min (eV)</text>\n"
        for (i, c) in curves.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            if let fit = c.fit {
                let steps = 80
                let pts = (0...steps).map { k -> String in
                    let d = dMin + Double(k) / Double(steps) * (dMax - dMin)
                    let e = min(max(fit.energyEV(atSeparationA: d), eMin - 0.05 * eSpan), eMax + 0.05 * eSpan)
                    return "\(f(x(d))),\(f(y(e)))"
                }
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
            }
            for (d, e) in zip(c.separationsA, c.energiesEV) {
                out += "<circle cx=\"\(f(x(d)))\" cy=\"\(f(y(e)))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            let ly = top + 16 * Double(i)
            out += "<circle cx=\"\(f(right + 16))\" cy=\"\(f(ly))\" r=\"4\" fill=\"\(color)\"/>\n"
            let extra = c.fit.map { String(format: " d₀ %.2f Å", $0.equilibriumSeparationA) } ?? ""
            out += "<text x=\"\(f(right + 26))\" y=\"\(f(ly + 4))\">\(esc(c.label + extra))</text>\n"
        }
        return out + "</svg>\n"
    }
}
