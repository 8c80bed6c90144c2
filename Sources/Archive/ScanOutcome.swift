import Adhesion

/// An interface's finished registry × separation scan: E(d) per shift, its UBER fit, and the
/// registry that is relaxed (`/interfaces/<name>/scans`).
public struct ScanOutcome: Sendable, Equatable, Codable {
    /// The interlayer name.
    public var interlayer: String
    /// Shifts (fractions of the interface cell's a and b), one per symmetry orbit.
    public var shiftsFractional: [[Double]]
    /// Separations, Å.
    public var separationsA: [Double]
    /// Energies (eV) per shift, per separation.
    public var energiesEV: [[Double]]
    /// The UBER fit per shift (nil where it failed).
    public var fits: [UBERFit?]
    /// Index of the shift with the lowest fitted minimum energy, and its separation (Å).
    public var bestShift: Int
    public var bestSeparationA: Double

    /// A scan record.
    public init(interlayer: String, shiftsFractional: [[Double]], separationsA: [Double], energiesEV: [[Double]],
                fits: [UBERFit?], bestShift: Int, bestSeparationA: Double) {
        self.interlayer = interlayer
        self.shiftsFractional = shiftsFractional
        self.separationsA = separationsA
        self.energiesEV = energiesEV
        self.fits = fits
        self.bestShift = bestShift
        self.bestSeparationA = bestSeparationA
    }
}
