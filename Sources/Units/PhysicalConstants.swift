/// Physical constants used by Adhere, each with its source.
///
/// All values are the exact SI definitions of the 2019 redefinition (CODATA 2018) unless noted.
public enum PhysicalConstants {
    /// Elementary charge in coulomb (exact, SI 2019).
    public static let elementaryChargeC = 1.602_176_634e-19
    /// Avogadro constant in 1/mol (exact, SI 2019).
    public static let avogadroPerMol = 6.022_140_76e23
    /// Boltzmann constant in eV/K (exact: k_B / e, SI 2019).
    public static let boltzmannEVPerK = 8.617_333_262e-5
}

/// Unit conversions. Names say from what to what.
public enum UnitConversion {
    /// 1 eV/Å² in J/m²: e · 10²⁰ = 16.02176634 (the seed paper rounds it to 16.0218).
    public static let jPerM2PerEVPerA2 = PhysicalConstants.elementaryChargeC * 1e20
    /// 1 amu/Å³ in g/cm³: 10²⁴ / N_A.
    public static let gPerCm3PerAmuPerA3 = 1e24 / PhysicalConstants.avogadroPerMol

    /// Converts an energy per area from eV/Å² to J/m².
    public static func jPerM2(fromEVPerA2 value: Double) -> Double { value * jPerM2PerEVPerA2 }
    /// Converts an energy per area from J/m² to eV/Å².
    public static func eVPerA2(fromJPerM2 value: Double) -> Double { value / jPerM2PerEVPerA2 }
    /// Degrees to radians.
    public static func radians(fromDegrees degrees: Double) -> Double { degrees * .pi / 180 }
    /// Radians to degrees.
    public static func degrees(fromRadians radians: Double) -> Double { radians * 180 / .pi }
}
