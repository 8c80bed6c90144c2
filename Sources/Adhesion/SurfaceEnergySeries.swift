import Units

/// Rules for the metal's surface-energy series and its own convergence check.
///
/// Thin slabs of a metal have quantum-size oscillations of σ(N) (Fiorentini & Methfessel,
/// J. Phys.: Condens. Matter 8, 6525 (1996); for Li, Doll et al.); a series that starts at 3
/// layers fits them. The series therefore starts at ``minimumLayers`` planes, and σ(N) of the
/// thickest slabs must agree within ``toleranceJPerM2``.
public enum SurfaceEnergySeries {
    /// The thinnest slab a series may hold, in atomic planes.
    public static let minimumLayers = 5
    /// σ(N) of the two thickest slabs must differ by no more than this, J/m².
    public static let toleranceJPerM2 = 0.01

    /// Problems with a planned series of slab thicknesses (in planes), one sentence each; empty
    /// when it follows the rules (at least three slabs, none thinner than ``minimumLayers``).
    public static func check(layers: [Int]) -> [String] {
        var out: [String] = []
        let thin = layers.filter { $0 < minimumLayers }.sorted()
        if !thin.isEmpty {
            out.append("σ series: slabs of \(thin.map(String.init).joined(separator: ", ")) planes are thinner than \(minimumLayers): quantum-size oscillations bias the fit; start at \(minimumLayers) or more")
        }
        if Set(layers).count < 3 { out.append("σ series: \(Set(layers).count) thicknesses; three or more let the fit check itself") }
        return out
    }

    /// σ(N) of each slab with the fit's bulk energy: (E_N − N·E_bulk) / (2A), in J/m², thinnest first.
    public static func sigmaByThickness(_ fit: FiorentiniMethfesselFit) -> [(size: Int, sigmaJPerM2: Double)] {
        fit.points.sorted { $0.size < $1.size }.map { p in
            (p.size, UnitConversion.jPerM2(fromEVPerA2: (p.energyEV - Double(p.size) * fit.bulkEnergyPerUnitEV) / (2 * fit.surfaceAreaA2)))
        }
    }

    /// Whether σ(N) has settled: the change between the two thickest slabs, and a sentence
    /// saying so when it exceeds `toleranceJPerM2`.
    public static func convergence(_ fit: FiorentiniMethfesselFit, toleranceJPerM2: Double = toleranceJPerM2)
        -> (changeJPerM2: Double, isConverged: Bool, message: String?)
    {
        let s = sigmaByThickness(fit)
        guard s.count >= 3 else {
            // Two points fit exactly (σ(N) equal by construction): the series cannot check itself.
            return (.infinity, false, "σ series: \(s.count) thickness\(s.count == 1 ? "" : "es"), convergence not checked; three or more let the series check itself")
        }
        let (a, b) = (s[s.count - 2], s[s.count - 1])
        let change = b.sigmaJPerM2 - a.sigmaJPerM2
        let ok = abs(change) <= toleranceJPerM2
        return (change, ok, ok ? nil : String(
            format: "σ series not converged: σ(%d) − σ(%d) = %+.4f J/m², more than %.2f J/m²; add a thicker slab", b.size, a.size, change,
            toleranceJPerM2))
    }
}
