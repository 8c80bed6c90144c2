import Units

/// One slab of a thickness series: its size N (atoms or layers, the same unit as the fitted
/// bulk energy) and its total energy.
public struct SlabEnergyPoint: Equatable, Sendable, Codable {
    /// Slab size N (atoms, or layers: the slope of the fit is the bulk energy per this unit).
    public let size: Int
    /// Total energy of the slab in eV.
    public let energyEV: Double

    /// A slab of `size` units with total energy `energyEV`.
    public init(size: Int, energyEV: Double) {
        self.size = size
        self.energyEV = energyEV
    }
}

/// The Fiorentini–Methfessel fit E_slab(N) = 2Aσ + N·E_bulk by least squares over a thickness
/// series. The slope is the bulk energy per unit consistent with the slabs, which avoids the
/// divergence of σ computed with a separately converged bulk energy as N grows.
public struct FiorentiniMethfesselFit: Equatable, Sendable, Codable {
    /// The slabs fitted.
    public let points: [SlabEnergyPoint]
    /// Area A of one slab face in Å² (the slab has two faces: 2A).
    public let surfaceAreaA2: Double
    /// Slope: the fitted bulk energy per unit of N in eV.
    public let bulkEnergyPerUnitEV: Double
    /// Intercept 2Aσ in eV.
    public let interceptEV: Double
    /// E_i − (intercept + slope·N_i) for each point, in eV, in the order of `points`.
    public let residualsEV: [Double]

    /// Fits the series. Needs at least two distinct sizes; three or more make the residuals
    /// meaningful.
    public init(points: [SlabEnergyPoint], surfaceAreaA2: Double) throws(AdhesionError) {
        try AdhesionError.requireArea(surfaceAreaA2, "the slab surface area")
        for p in points {
            guard p.size > 0 else { throw .nonPositiveAtomCount(name: "slab size N", value: p.size) }
            try AdhesionError.requireFinite(p.energyEV, "the slab energy for N = \(p.size)")
        }
        let distinct = Set(points.map(\.size)).count
        guard distinct >= 2 else { throw .tooFewSlabs(found: points.count, distinctThicknesses: distinct) }
        let n = Double(points.count)
        let meanN = points.reduce(0.0) { $0 + Double($1.size) } / n
        let meanE = points.reduce(0.0) { $0 + $1.energyEV } / n
        var sxx = 0.0, sxy = 0.0
        for p in points {
            let dx = Double(p.size) - meanN
            sxx += dx * dx
            sxy += dx * (p.energyEV - meanE)
        }
        let slope = sxy / sxx
        let intercept = meanE - slope * meanN
        self.points = points
        self.surfaceAreaA2 = surfaceAreaA2
        self.bulkEnergyPerUnitEV = slope
        self.interceptEV = intercept
        self.residualsEV = points.map { $0.energyEV - (intercept + slope * Double($0.size)) }
    }

    /// σ = intercept / (2A) in eV/Å².
    public var surfaceEnergyEVPerA2: Double { interceptEV / (2 * surfaceAreaA2) }
    /// σ in J/m².
    public var surfaceEnergyJPerM2: Double { UnitConversion.jPerM2(fromEVPerA2: surfaceEnergyEVPerA2) }
    /// Largest absolute residual in eV.
    public var maxAbsResidualEV: Double { residualsEV.map(abs).max() ?? 0 }

    /// The fit shown as text: the equation, σ, and a line per slab with its residual.
    public var summary: String {
        var lines = [
            "Fiorentini–Methfessel fit E_slab(N) = 2Aσ + N·E_bulk over \(points.count) slabs (A = \(fmt(surfaceAreaA2, 4)) Å²)",
            "  slope E_bulk = \(fmt(bulkEnergyPerUnitEV, 6)) eV per unit of N",
            "  intercept 2Aσ = \(fmt(interceptEV, 6)) eV",
            "  σ = \(fmt(surfaceEnergyEVPerA2, 6)) eV/Å² = \(fmt(surfaceEnergyJPerM2, 4)) J/m²",
            "  N      E_slab (eV)      fit (eV)         residual (meV)",
        ]
        for (p, r) in zip(points, residualsEV) {
            let fit = p.energyEV - r
            lines.append("  \(pad(String(p.size), 6)) \(pad(fmt(p.energyEV, 6), 16)) \(pad(fmt(fit, 6), 16)) \(fmt(r * 1000, 3))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Ways to obtain the metal's surface energy σ, each stating where the number came from.
public enum SurfaceEnergy: Equatable, Sendable, Codable {
    /// From a thickness series (Fiorentini–Methfessel).
    case fiorentiniMethfessel(FiorentiniMethfesselFit)
    /// From one slab and a bulk run in the slab's orientation:
    /// σ = (E_slab − N·E_bulk/atom) / (2A).
    case singleSlab(slabEnergyEV: Double, slabAtomCount: Int, bulkEnergyPerAtomEV: Double, surfaceAreaA2: Double)
    /// A value given by the user (e.g. from the literature), in J/m².
    case given(jPerM2: Double)

    /// Builds `.singleSlab` after checking its inputs (finite energies, N > 0, A > 0).
    public static func fromSingleSlab(slabEnergyEV: Double, slabAtomCount: Int, bulkEnergyPerAtomEV: Double,
                                      surfaceAreaA2: Double) throws(AdhesionError) -> SurfaceEnergy {
        try AdhesionError.requireFinite(slabEnergyEV, "the slab energy (eV)")
        try AdhesionError.requireFinite(bulkEnergyPerAtomEV, "the bulk energy per atom (eV)")
        guard slabAtomCount > 0 else { throw .nonPositiveAtomCount(name: "the slab atom count", value: slabAtomCount) }
        try AdhesionError.requireArea(surfaceAreaA2, "the slab surface area")
        return .singleSlab(slabEnergyEV: slabEnergyEV, slabAtomCount: slabAtomCount,
                           bulkEnergyPerAtomEV: bulkEnergyPerAtomEV, surfaceAreaA2: surfaceAreaA2)
    }

    /// σ in eV/Å².
    public var eVPerA2: Double {
        switch self {
        case let .fiorentiniMethfessel(fit): return fit.surfaceEnergyEVPerA2
        case let .singleSlab(e, n, eb, a): return (e - Double(n) * eb) / (2 * a)
        case let .given(j): return UnitConversion.eVPerA2(fromJPerM2: j)
        }
    }

    /// σ in J/m².
    public var jPerM2: Double {
        if case let .given(j) = self { return j }
        return UnitConversion.jPerM2(fromEVPerA2: eVPerA2)
    }

    /// How σ was obtained, in words (for reports and archive provenance).
    public var method: String {
        switch self {
        case let .fiorentiniMethfessel(fit):
            return "Fiorentini–Methfessel fit over \(fit.points.count) slabs"
        case .singleSlab:
            return "single slab: (E_slab - N*E_bulk/atom)/(2A)"
        case .given:
            return "given"
        }
    }
}

func fmt(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return String(value) }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded() / scale
    let sign = value < 0 && rounded != 0 ? "-" : ""
    let whole = rounded.rounded(.down)
    var text = sign + String(Int(whole))
    if decimals > 0 {
        let frac = Int(((rounded - whole) * scale).rounded())
        let digits = String(frac)
        text += "." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
    }
    return text
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
