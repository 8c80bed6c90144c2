import Foundation

/// The universal binding-energy relation of Rose, Smith & Ferrante (Phys. Rev. B 28, 1835
/// (1983); Rose, Ferrante & Smith, Phys. Rev. Lett. 47, 675 (1981)) fitted to E(d) of one
/// registry: E(d) = E∞ − E_b (1 + a*) exp(−a*), a* = (d − d₀) / ℓ.
///
/// E_b is the binding energy of the two slabs at the optimal separation d₀ (so E_b / S is the
/// work of adhesion of that registry) and ℓ the scaling length. E∞ and E_b enter linearly and
/// are solved exactly for each (d₀, ℓ); d₀ and ln ℓ are found by a Nelder–Mead search on the
/// sum of squared residuals.
public struct UBERFit: Equatable, Sendable, Codable {
    /// The energy of the separated slabs, eV.
    public var energyInfinityEV: Double
    /// Binding energy at d₀ (positive when bound), eV.
    public var bindingEnergyEV: Double
    /// Optimal separation, Å.
    public var equilibriumSeparationA: Double
    /// Scaling length ℓ, Å.
    public var scalingLengthA: Double
    /// Root-mean-square residual of the fit, eV.
    public var rmsResidualEV: Double

    /// E(d) of the fitted curve, eV.
    public func energyEV(atSeparationA d: Double) -> Double {
        let a = (d - equilibriumSeparationA) / scalingLengthA
        return energyInfinityEV - bindingEnergyEV * (1 + a) * exp(-a)
    }

    /// A fit from its parameters (as an archive stores them).
    public init(energyInfinityEV: Double, bindingEnergyEV: Double, equilibriumSeparationA: Double, scalingLengthA: Double,
                rmsResidualEV: Double) {
        self.energyInfinityEV = energyInfinityEV
        self.bindingEnergyEV = bindingEnergyEV
        self.equilibriumSeparationA = equilibriumSeparationA
        self.scalingLengthA = scalingLengthA
        self.rmsResidualEV = rmsResidualEV
    }

    /// Fits points (separation Å, energy eV); needs at least four distinct separations.
    public init(separationsA: [Double], energiesEV: [Double]) throws(AdhesionError) {
        guard separationsA.count == energiesEV.count, Set(separationsA).count >= 4 else {
            throw .tooFewSlabs(found: separationsA.count, distinctThicknesses: Set(separationsA).count)
        }
        for e in energiesEV { try AdhesionError.requireFinite(e, "a scan energy (eV)") }
        for d in separationsA { try AdhesionError.requireFinite(d, "a scan separation (Å)") }
        let d = separationsA, e = energiesEV
        // For fixed (d0, l): E = c0 + c1 f(d), f = −(1 + a) e^{−a}; linear least squares in c0, c1.
        func linear(_ d0: Double, _ l: Double) -> (c0: Double, c1: Double, sse: Double) {
            let f = d.map { x -> Double in let a = (x - d0) / l; return -(1 + a) * exp(-a) }
            let n = Double(f.count)
            let mf = f.reduce(0, +) / n, me = e.reduce(0, +) / n
            var sff = 0.0, sfe = 0.0
            for (fi, ei) in zip(f, e) { sff += (fi - mf) * (fi - mf); sfe += (fi - mf) * (ei - me) }
            let c1 = sff > 0 ? sfe / sff : 0
            let c0 = me - c1 * mf
            let sse = zip(f, e).reduce(0.0) { $0 + pow($1.1 - c0 - c1 * $1.0, 2) }
            return (c0, c1, sse)
        }
        let objective = { (p: [Double]) -> Double in linear(p[0], exp(p[1])).sse }
        let start = d[e.indices.min { e[$0] < e[$1] }!]
        var best = (point: [start, log(0.5)], value: objective([start, log(0.5)]))
        for l0 in [0.3, 0.6, 1.0] {
            let r = UBERFit.nelderMead(objective, start: [start, log(l0)], steps: [0.3, 0.5])
            if r.value < best.value { best = r }
        }
        let (c0, c1, sse) = linear(best.point[0], exp(best.point[1]))
        self.energyInfinityEV = c0
        self.bindingEnergyEV = c1
        self.equilibriumSeparationA = best.point[0]
        self.scalingLengthA = exp(best.point[1])
        self.rmsResidualEV = (sse / Double(d.count)).squareRoot()
    }

    /// A plain Nelder–Mead simplex minimiser (reflection 1, expansion 2, contraction ½, shrink ½).
    static func nelderMead(_ f: ([Double]) -> Double, start: [Double], steps: [Double], iterations: Int = 2000)
        -> (point: [Double], value: Double)
    {
        let n = start.count
        var simplex = [start] + (0..<n).map { i in var p = start; p[i] += steps[i]; return p }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= 1e-18 + 1e-14 * abs(values[0]) { break }
            let centroid = (0..<n).map { k in simplex[0..<n].reduce(0) { $0 + $1[k] } / Double(n) }
            let worst = simplex[n]
            let reflected = zip(centroid, worst).map { 2 * $0 - $1 }
            let fr = f(reflected)
            if fr < values[0] {
                let expanded = zip(centroid, worst).map { 3 * $0 - 2 * $1 }
                let fe = f(expanded)
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                let contracted = zip(centroid, worst).map { 0.5 * ($0 + $1) }
                let fc = f(contracted)
                if fc < values[n] {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for i in 1...n {
                        simplex[i] = zip(simplex[0], simplex[i]).map { 0.5 * ($0 + $1) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] }!
        return (simplex[i], values[i])
    }
}
