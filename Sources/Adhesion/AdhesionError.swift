/// Why an adhesion quantity could not be computed. Each case names the offending input.
public enum AdhesionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An area (interface or slab surface) was zero, negative or not finite.
    case nonPositiveArea(name: String, valueA2: Double)
    /// A surface energy was zero, negative or not finite (Young–Dupré divides by it).
    case nonPositiveSurfaceEnergy(valueJPerM2: Double)
    /// An energy or other input was NaN or infinite.
    case notFinite(name: String, value: Double)
    /// A Fiorentini–Methfessel fit needs at least two slabs of different thickness.
    case tooFewSlabs(found: Int, distinctThicknesses: Int)
    /// A slab atom count was zero or negative.
    case nonPositiveAtomCount(name: String, value: Int)

    public var description: String {
        switch self {
        case let .nonPositiveArea(name, value):
            return "\(name) must be a positive area in Å², got \(value)"
        case let .nonPositiveSurfaceEnergy(value):
            return "the surface energy must be positive (J/m²) for Young–Dupré, got \(value)"
        case let .notFinite(name, value):
            return "\(name) must be a finite number, got \(value)"
        case let .tooFewSlabs(found, distinct):
            return "the Fiorentini–Methfessel fit needs at least 2 slabs of different thickness; got \(found) slab(s) with \(distinct) distinct thickness(es)"
        case let .nonPositiveAtomCount(name, value):
            return "\(name) must be a positive number of atoms, got \(value)"
        }
    }

    static func requireFinite(_ value: Double, _ name: String) throws(AdhesionError) {
        guard value.isFinite else { throw .notFinite(name: name, value: value) }
    }

    static func requireArea(_ value: Double, _ name: String) throws(AdhesionError) {
        guard value.isFinite, value > 0 else { throw .nonPositiveArea(name: name, valueA2: value) }
    }
}
