import Archive
import Foundation
import Report

/// Writes a finished scan where a user looks for it: `STUDY/scan-<interlayer>.svg` (E vs d per
/// shift, with each shift's UBER fit).
enum ScanFiles {
    /// Writes the SVG; returns its URL.
    static func writeSVG(_ scan: ScanOutcome, studyDirectory: URL) throws -> URL {
        let curves = scan.shiftsFractional.indices.map { i in
            SeparationScanPlot.Curve(label: String(format: "shift (%.3f, %.3f)", scan.shiftsFractional[i][0], scan.shiftsFractional[i][1]),
                                     separationsA: scan.separationsA, energiesEV: scan.energiesEV[i], fit: scan.fits[i])
        }
        let url = studyDirectory.appendingPathComponent("scan-\(scan.interlayer).svg")
        try Data(SeparationScanPlot(title: "\(scan.interlayer): E(d) per registry", curves: curves).svg().utf8).write(to: url, options: .atomic)
        return url
    }

    /// One line: the registry relaxed and its separation.
    static func summary(_ scan: ScanOutcome) -> String {
        let s = scan.shiftsFractional[scan.bestShift]
        return String(format: "%d registries × %d separations; relaxed: shift (%.3f, %.3f) at d = %.3f Å (lowest UBER minimum)",
                      scan.shiftsFractional.count, scan.separationsA.count, s[0], s[1], scan.bestSeparationA)
    }
}
