import Foundation

/// The registries (in-plane shifts of the film) and separations an interface scan visits.
///
/// Shifts form an n × n grid of fractions of the interface cell, reduced by the in-plane point
/// operations both facing surfaces share about the cell origin: shifts s and R·s (mod 1) give
/// the same interface, so one of each orbit is kept. Without operations (the safe default when
/// the faces' symmetry is not known) every grid point is kept.
public struct RegistryGrid: Hashable, Sendable {
    /// Shifts as fractions of a and b, one per symmetry orbit.
    public var shiftsFractional: [Vector2]
    /// Separations (substrate top plane to film bottom plane), Å.
    public var separationsA: [Double]

    /// Every (shift, separation) pair, shifts outer.
    public var points: [(shift: Vector2, separationA: Double)] {
        shiftsFractional.flatMap { s in separationsA.map { (s, $0) } }
    }

    /// A grid of `divisions` × `divisions` shifts reduced by `operations` (2×2 integer matrices
    /// acting on fractional shifts), and `separationsA`.
    public init(divisions: Int, operations: [IntMatrix2] = [], separationsA: [Double]) {
        precondition(divisions >= 1, "at least one division")
        let n = divisions
        var seen = Set<[Int]>()
        var kept: [Vector2] = []
        let ops = [IntMatrix2.identity] + operations
        for i in 0..<n { for j in 0..<n where !seen.contains([i, j]) {
            kept.append(Vector2(Double(i) / Double(n), Double(j) / Double(n)))
            for r in ops {
                // Column action on (i, j): (i', j') = R (i, j) mod n.
                let ii = ((r.m00 * i + r.m01 * j) % n + n) % n, jj = ((r.m10 * i + r.m11 * j) % n + n) % n
                seen.insert([ii, jj])
            }
        } }
        self.shiftsFractional = kept
        self.separationsA = separationsA
    }

    /// Separations around a starting gap: from `startA − below` to `startA + above` in steps
    /// of `stepA` (the UBER fit needs points on both sides of the minimum).
    public static func separations(aroundA startA: Double, belowA: Double = 0.5, aboveA: Double = 2.0, stepA: Double = 0.25) -> [Double] {
        let lo = max(0.5, startA - belowA)
        let count = Int(((startA + aboveA - lo) / stepA).rounded(.down))
        return (0...count).map { lo + Double($0) * stepA }
    }

    /// The point operations of a 2D lattice (its holohedry) as integer matrices on fractional
    /// coordinates: R with Rᵀ G R = G for the metric G, entries in −1…1. Square: 8, hexagonal: 12,
    /// rectangular: 4, oblique: 2.
    public static func latticeOperations(_ cell: Lattice2D, tolerance: Double = 1e-6) -> [IntMatrix2] {
        let g = cell.gram
        var out: [IntMatrix2] = []
        for a in -1...1 { for b in -1...1 { for c in -1...1 { for d in -1...1 {
            let r = IntMatrix2(a, b, c, d)
            guard abs(r.determinant) == 1 else { continue }
            // Columns of R are the images of the basis vectors: G' = Rᵀ G R.
            let (x0, x1, y0, y1) = (Double(a), Double(c), Double(b), Double(d))  // column 0 = (a, c), column 1 = (b, d)
            let g00 = x0 * x0 * g.aa + 2 * x0 * x1 * g.ab + x1 * x1 * g.bb
            let g01 = x0 * y0 * g.aa + (x0 * y1 + x1 * y0) * g.ab + x1 * y1 * g.bb
            let g11 = y0 * y0 * g.aa + 2 * y0 * y1 * g.ab + y1 * y1 * g.bb
            let scale = max(g.aa, g.bb)
            if abs(g00 - g.aa) < tolerance * scale, abs(g01 - g.ab) < tolerance * scale, abs(g11 - g.bb) < tolerance * scale { out.append(r) }
        } } } }
        return out
    }

    /// The operations of `candidates` that map `structure` onto itself about the cell origin
    /// (x → R x in-plane, heights unchanged), within `toleranceA`; use on the interface built at
    /// shift zero, restricted to the atoms near the interface.
    public static func operations(_ candidates: [IntMatrix2], preserving structure: Structure, toleranceA: Double = 0.05) -> [IntMatrix2] {
        let lat = structure.lattice
        let cart = structure.cartesianPositionsA
        return candidates.filter { r in
            structure.sites.indices.allSatisfy { i in
                let f = structure.sites[i].fractional
                let image = Vector3(Double(r.m00) * f.x + Double(r.m01) * f.y, Double(r.m10) * f.x + Double(r.m11) * f.y, f.z)
                return structure.sites.indices.contains { k in
                    guard structure.sites[k].element == structure.sites[i].element, abs(cart[k].z - cart[i].z) < toleranceA else { return false }
                    var df = image - structure.sites[k].fractional
                    df.x -= df.x.rounded(); df.y -= df.y.rounded(); df.z = 0
                    return length(lat.cartesian(fromFractional: df)) < toleranceA
                }
            }
        }
    }
}
