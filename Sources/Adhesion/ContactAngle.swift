#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Units

/// The wetting regime implied by Young–Dupré, W_ad = σ(1 + cos θ).
public enum WettingRegime: String, CaseIterable, Sendable, Codable {
    /// W_ad ≥ 2σ: no finite angle satisfies Young–Dupré; θ = 0°, the metal spreads.
    case completeWetting = "complete wetting"
    /// 0 < W_ad < 2σ: a finite contact angle 0° < θ < 180°.
    case partialWetting = "partial wetting"
    /// W_ad ≤ 0: the interface is not bound; θ = 180°.
    case noAdhesion = "no adhesion"
}

/// A contact angle from Young–Dupré with the limits named, not silently clamped.
public struct ContactAngle: Equatable, Sendable, Codable {
    /// θ in degrees (0 for complete wetting, 180 for no adhesion).
    public let degrees: Double
    /// Which regime the numbers fall in.
    public let regime: WettingRegime
    /// W_ad / σ − 1 before any limit is applied (outside [−1, 1] at the limits).
    public let unclampedCosine: Double

    /// θ from W_ad = σ(1 + cos θ). σ must be positive.
    public init(workOfAdhesionJPerM2 w: Double, surfaceEnergyJPerM2 sigma: Double) throws(AdhesionError) {
        try AdhesionError.requireFinite(w, "the work of adhesion (J/m²)")
        guard sigma.isFinite, sigma > 0 else { throw .nonPositiveSurfaceEnergy(valueJPerM2: sigma) }
        let cosine = w / sigma - 1
        unclampedCosine = cosine
        if w >= 2 * sigma {
            degrees = 0
            regime = .completeWetting
        } else if w <= 0 || cosine <= -1 {
            // cos θ = −1 after rounding (W_ad vanishingly small next to σ) is θ = 180°: no adhesion.
            degrees = 180
            regime = .noAdhesion
        } else {
            degrees = UnitConversion.degrees(fromRadians: acos(cosine))
            regime = .partialWetting
        }
    }

    /// The σ implied by a measured or reported pair (W_ad, θ): σ = W_ad / (1 + cos θ).
    public static func impliedSurfaceEnergyJPerM2(workOfAdhesionJPerM2 w: Double, contactAngleDeg theta: Double) -> Double {
        w / (1 + cosDegrees(theta))
    }
}

func cosDegrees(_ degrees: Double) -> Double { cos(UnitConversion.radians(fromDegrees: degrees)) }
