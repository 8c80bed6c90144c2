/// How thick a slab is: a number of atomic planes, or a minimum thickness in Å.
public enum SlabThickness: Hashable, Sendable {
    /// At least this many atomic planes (more when a molecular ion must be kept whole).
    case layers(Int)
    /// At least this thickness in Å, from the bottom plane to the top plane.
    case minimumA(Double)
}

/// One way to cut the bulk: the cut below the slab's bottom plane.
public struct Termination: Hashable, Sendable {
    /// Index in the builder's list of terminations.
    public var index: Int
    /// The plane (within one stacking repeat of the surface cell) the slab starts at.
    public var bottomPlane: Int
    /// Composition of the bottom plane, e.g. "LiF".
    public var bottomFormula: String
}

/// A slab: a finite stack of atomic planes with vacuum, c normal to the surface.
public struct Slab: Sendable {
    /// The structure: a, b in plane (a along x), c along z = thickness + vacuum.
    public var structure: Structure
    /// The plane, relative to the bulk cell given.
    public var miller: MillerIndex
    /// The termination.
    public var termination: Termination
    /// Composition of the top plane.
    public var topFormula: String
    /// The number of atomic planes.
    public var layerCount: Int
    /// Atomic plane of every site, 0 = bottom.
    public var layerOfSite: [Int]
    /// Cartesian z (Å) of every plane, bottom first.
    public var layerHeightsA: [Double]
    /// Bottom plane to top plane, Å.
    public var thicknessA: Double
    /// Vacuum, Å.
    public var vacuumA: Double
    /// The in-plane supercell of the primitive surface cell this slab spans.
    public var supercell: IntMatrix2
    /// True when the composition is a whole multiple of the bulk formula.
    public var isStoichiometric: Bool
    /// True when an operation flipping the normal (inversion, mirror, two-fold axis in the plane)
    /// maps the slab onto itself: the two surfaces are the same.
    public var isSymmetric: Bool
    /// Net formal charge per primitive surface cell (e); nil when charges are unknown (metals).
    public var netChargeE: Double?
    /// Dipole along the normal per area from formal charges (e·Å/Å²); nil when charges are unknown.
    public var dipolePerAreaEPerA: Double?
    /// True when the slab is charged, or asymmetric with a dipole (from formal charges).
    public var isPolar: Bool
    /// Warnings (polar surface, bonds that had to be cut, thickness rounded up for molecules).
    public var warnings: [String]

    /// Number of atoms.
    public var count: Int { structure.count }
    /// Interface area of the slab cell, Å².
    public var areaA2: Double { abs(cross(structure.lattice.a, structure.lattice.b).z) }
}

/// Errors from slab building.
public enum SlabError: Error, Equatable, CustomStringConvertible {
    /// A termination index outside the list.
    case noSuchTermination(index: Int, count: Int)
    /// A thickness that is not positive.
    case badThickness(String)
    /// Fewer planes than the number to fix.
    case tooManyFixedLayers(fixed: Int, layers: Int)
    /// No cut of the surface gives a neutral slab (name a row to accept a charged one).
    case noNeutralTermination(surface: String)
    /// A fixed region that is negative, or fixes every atom.
    case badFixedRegion(String)

    public var description: String {
        switch self {
        case .noSuchTermination(let i, let n): return "termination \(i) does not exist: expected 0…\(n - 1)"
        case .badThickness(let why): return "slab thickness \(why): expected a positive number of layers or Å"
        case .tooManyFixedLayers(let f, let l): return "cannot fix \(f) layers of a \(l)-layer slab: expected fewer than \(l)"
        case .noNeutralTermination(let s): return "no termination of \(s) gives a neutral slab: name a row of `adhere slab --terminations` to accept a charged one"
        case .badFixedRegion(let why): return "fixed region \(why)"
        }
    }
}
