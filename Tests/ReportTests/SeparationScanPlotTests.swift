import Foundation
import Testing
@testable import Adhesion
@testable import Report

/// The scan drawing: one polyline per fitted registry, one circle per point plus one per legend entry.
@Suite struct SeparationScanPlotTests {
    @Test func drawsPointsAndFits() throws {
        let d = [1.5, 2.0, 2.5, 3.0, 3.5]
        func e(_ x: Double, _ eb: Double) -> Double { let a = (x - 2.2) / 0.6; return -eb * (1 + a) * exp(-a) }
        let a = d.map { e($0, 1.0) }, b = d.map { e($0, 0.5) }
        let plot = SeparationScanPlot(title: "Li|LiF <scan>", curves: [
            .init(label: "shift (0, 0)", separationsA: d, energiesEV: a, fit: try UBERFit(separationsA: d, energiesEV: a)),
            .init(label: "shift (½, ½)", separationsA: d, energiesEV: b, fit: nil),
        ])
        let svg = plot.svg()
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 * d.count + 2)
        #expect(svg.contains("&lt;scan&gt;") && svg.contains("d₀ 2.20 Å"))
    }
}
