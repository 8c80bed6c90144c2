import Foundation
import Units

/// One atom of a structure.
public struct Site: Hashable, Sendable {
    /// The element.
    public var element: Element
    /// Fractional coordinates.
    public var fractional: Vector3
    /// Selective-dynamics flags (x, y, z free to move); nil when the structure has none.
    public var selectiveDynamics: [Bool]?
    /// An optional label (CIF site label, POSCAR trailing comment, "film"/"substrate" tags).
    public var label: String?

    /// Creates a site.
    public init(element: Element, fractional: Vector3, selectiveDynamics: [Bool]? = nil, label: String? = nil) {
        self.element = element
        self.fractional = fractional
        self.selectiveDynamics = selectiveDynamics
        self.label = label
    }
}

/// A periodic crystal structure: a lattice and atoms in fractional coordinates. A plain value.
public struct Structure: Hashable, Sendable {
    /// The lattice.
    public var lattice: Lattice
    /// The atoms.
    public var sites: [Site]
    /// A free comment (POSCAR title line, CIF data block name).
    public var comment: String

    /// Creates a structure.
    public init(lattice: Lattice, sites: [Site], comment: String = "") {
        self.lattice = lattice
        self.sites = sites
        self.comment = comment
    }

    /// Creates a structure from parallel arrays of elements and fractional coordinates.
    public init(lattice: Lattice, elements: [Element], fractional: [Vector3], comment: String = "") {
        precondition(elements.count == fractional.count, "one element per position")
        self.init(lattice: lattice, sites: zip(elements, fractional).map { Site(element: $0, fractional: $1) },
                  comment: comment)
    }

    /// Number of atoms.
    public var count: Int { sites.count }
    /// The element of each atom, in order.
    public var elements: [Element] { sites.map(\.element) }
    /// Fractional coordinates of each atom.
    public var fractionalPositions: [Vector3] { sites.map(\.fractional) }
    /// Cartesian positions in Å.
    public var cartesianPositionsA: [Vector3] { sites.map { lattice.cartesian(fromFractional: $0.fractional) } }
    /// True when any site carries selective-dynamics flags.
    public var hasSelectiveDynamics: Bool { sites.contains { $0.selectiveDynamics != nil } }
    /// Cell volume in Å³.
    public var volumeA3: Double { lattice.volumeA3 }

    /// Total mass in amu.
    public var massAmu: Double { sites.reduce(0) { $0 + $1.element.massAmu } }
    /// Density in g/cm³.
    public var densityGPerCm3: Double { massAmu / volumeA3 * UnitConversion.gPerCm3PerAmuPerA3 }

    /// Number of atoms of each element.
    public var composition: [Element: Int] { sites.reduce(into: [:]) { $0[$1.element, default: 0] += 1 } }

    /// Elements in the order they first appear (the POSCAR species order).
    public var speciesInOrder: [Element] {
        var seen = Set<Element>()
        return sites.compactMap { seen.insert($0.element).inserted ? $0.element : nil }
    }

    /// The formula of the cell, elements ordered by electronegativity (e.g. "Li8C4O12").
    public var formula: String { Structure.formatFormula(composition) }

    /// The reduced formula (e.g. "Li2CO3") and the number of formula units in the cell.
    public var reducedFormula: (formula: String, formulaUnits: Int) {
        let counts = composition
        let divisor = counts.values.reduce(0) { gcd($0, $1) }
        guard divisor > 0 else { return ("", 0) }
        return (Structure.formatFormula(counts.mapValues { $0 / divisor }), divisor)
    }

    static func formatFormula(_ counts: [Element: Int]) -> String {
        counts.keys.sorted().map { counts[$0]! == 1 ? $0.symbol : "\($0.symbol)\(counts[$0]!)" }.joined()
    }

    /// Cartesian position of atom `i` in Å.
    public func cartesianA(_ i: Int) -> Vector3 { lattice.cartesian(fromFractional: sites[i].fractional) }

    /// Minimum-image distance between atoms i and j in Å.
    public func distanceA(_ i: Int, _ j: Int) -> Double {
        lattice.minimumImageDistanceA(sites[i].fractional, sites[j].fractional)
    }

    /// The shortest interatomic distance in Å (over periodic images; ∞ for one atom in a big cell).
    public var minimumDistanceA: Double {
        var best = Double.infinity
        for i in 0..<count { for j in (i + 1)..<max(i + 1, count) { best = min(best, distanceA(i, j)) } }
        return best
    }

    /// The same structure with every fractional coordinate wrapped into [0, 1).
    public func wrapped() -> Structure {
        var copy = self
        for i in copy.sites.indices { copy.sites[i].fractional = Structure.wrap(copy.sites[i].fractional) }
        return copy
    }

    /// Wraps a fractional vector into [0, 1), mapping values within 1e-10 of 1 to 0.
    public static func wrap(_ f: Vector3) -> Vector3 {
        var w = f - f.rounded(.down)
        for k in 0..<3 where w[k] > 1 - 1e-10 || w[k] < 0 { w[k] = 0 }
        return w
    }

    /// The supercell whose lattice vectors are `matrix` × the current ones (rows), with
    /// |det(matrix)| × count atoms. Selective-dynamics flags and labels are carried to every image.
    public func supercell(_ matrix: IntMatrix3) throws(CrystalError) -> Structure {
        let det = matrix.determinant
        guard det != 0 else { throw .singularSupercell(matrix.rows) }
        let newLattice = Lattice(matrix: matrix.real * lattice.matrix)
        let toNew = matrix.real.inverse!
        // Integer translations that can land inside the new cell: bounded by the corners of M.
        var lo = [0, 0, 0], hi = [0, 0, 0]
        for corner in 0..<8 {
            var v = [0, 0, 0]
            for r in 0..<3 where corner & (1 << r) != 0 { for k in 0..<3 { v[k] += matrix.rows[r][k] } }
            for k in 0..<3 { lo[k] = min(lo[k], v[k]); hi[k] = max(hi[k], v[k]) }
        }
        // One more on each side: a site a rounding error outside [0, 1) (a relaxed cell's output)
        // can need it; the half-open test below still keeps exactly one image per site.
        for k in 0..<3 { lo[k] -= 1; hi[k] += 1 }
        var newSites: [Site] = []
        newSites.reserveCapacity(count * abs(det))
        for site in sites {
            for i in lo[0]...hi[0] { for j in lo[1]...hi[1] { for k in lo[2]...hi[2] {
                let f = (site.fractional + Vector3(Double(i), Double(j), Double(k))) * toNew
                let inside = (0..<3).allSatisfy { f[$0] >= -1e-8 && f[$0] < 1 - 1e-8 }
                if inside {
                    var copy = site
                    copy.fractional = Structure.wrap(f)
                    newSites.append(copy)
                }
            } } }
        }
        guard newSites.count == count * abs(det) else {
            throw .supercellAtomCount(expected: count * abs(det), found: newSites.count)
        }
        return Structure(lattice: newLattice, sites: newSites, comment: comment)
    }

    /// The structure with atoms sorted by species in order of first appearance (stable), as
    /// POSCAR needs (one block per species).
    public func groupedBySpecies() -> Structure {
        let order = speciesInOrder
        var copy = self
        copy.sites = order.flatMap { e in sites.filter { $0.element == e } }
        return copy
    }
}

/// Errors from structure operations.
public enum CrystalError: Error, Equatable, CustomStringConvertible {
    /// A supercell matrix with determinant zero.
    case singularSupercell([[Int]])
    /// The supercell did not get |det| × N atoms (a numerical problem with a very skewed matrix).
    case supercellAtomCount(expected: Int, found: Int)

    public var description: String {
        switch self {
        case .singularSupercell(let m): return "supercell matrix \(m) is singular (determinant 0)"
        case .supercellAtomCount(let e, let f):
            return "supercell should hold \(e) atoms but \(f) were placed (matrix too skewed?)"
        }
    }
}

func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
