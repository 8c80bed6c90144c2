import Foundation

/// A 2-vector of doubles (in-plane cartesian components, Å).
public typealias Vector2 = SIMD2<Double>

/// A 2×2 integer matrix as rows: row i gives supercell vector i in terms of the unit-cell
/// vectors (a' = m00 a + m01 b, b' = m10 a + m11 b), as pymatgen's ZSL transformations.
public struct IntMatrix2: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Entries, row by row: [[m00, m01], [m10, m11]].
    public var m00: Int, m01: Int, m10: Int, m11: Int

    /// Creates a matrix from two rows of two integers.
    public init(_ rows: [[Int]]) {
        precondition(rows.count == 2 && rows.allSatisfy { $0.count == 2 }, "IntMatrix2 needs 2×2 values")
        (m00, m01, m10, m11) = (rows[0][0], rows[0][1], rows[1][0], rows[1][1])
    }

    /// Creates a matrix from its entries, row by row.
    public init(_ m00: Int, _ m01: Int, _ m10: Int, _ m11: Int) {
        (self.m00, self.m01, self.m10, self.m11) = (m00, m01, m10, m11)
    }

    /// The two rows.
    public var rows: [[Int]] { [[m00, m01], [m10, m11]] }

    /// The identity.
    public static let identity = IntMatrix2(1, 0, 0, 1)

    /// diag(n1, n2): the n1×n2 supercell.
    public static func diagonal(_ n1: Int, _ n2: Int) -> IntMatrix2 { IntMatrix2(n1, 0, 0, n2) }

    /// The determinant: the number of unit cells in the supercell (positive for a right-handed one).
    public var determinant: Int { m00 * m11 - m01 * m10 }

    /// Matrix product self × other.
    public static func * (l: IntMatrix2, r: IntMatrix2) -> IntMatrix2 {
        IntMatrix2(l.m00 * r.m00 + l.m01 * r.m10, l.m00 * r.m01 + l.m01 * r.m11,
                   l.m10 * r.m00 + l.m11 * r.m10, l.m10 * r.m01 + l.m11 * r.m11)
    }

    /// The in-plane supercell as a 3×3 matrix that keeps the third (out-of-plane) vector.
    public var embedded3: IntMatrix3 { IntMatrix3([[m00, m01, 0], [m10, m11, 0], [0, 0, 1]]) }

    /// True when the matrix is diagonal.
    public var isDiagonal: Bool { m01 == 0 && m10 == 0 }

    /// "4×4" for diagonal matrices, "[[2,1],[-1,2]]" otherwise.
    public var description: String { isDiagonal ? "\(m00)×\(m11)" : "[[\(m00),\(m01)],[\(m10),\(m11)]]" }
}

/// A two-dimensional lattice (a surface cell): two in-plane vectors in Å.
public struct Lattice2D: Hashable, Sendable {
    /// First vector, Å.
    public var a: Vector2
    /// Second vector, Å.
    public var b: Vector2

    /// Creates a 2D lattice from two vectors.
    public init(a: Vector2, b: Vector2) {
        self.a = a
        self.b = b
    }

    /// Creates a 2D lattice from lengths (Å) and the angle between them (degrees), a along x.
    public init(aA: Double, bA: Double, gammaDeg: Double) {
        let g = gammaDeg * .pi / 180
        let c = abs(gammaDeg - 90) < 1e-12 ? 0 : cos(g)
        self.init(a: Vector2(aA, 0), b: Vector2(bA * c, bA * sin(g)))
    }

    /// Signed area a × b in Å² (positive for a right-handed pair).
    public var signedAreaA2: Double { a.x * b.y - a.y * b.x }
    /// Area in Å².
    public var areaA2: Double { abs(signedAreaA2) }
    /// |a| in Å.
    public var lengthAA: Double { (a * a).sum().squareRoot() }
    /// |b| in Å.
    public var lengthBA: Double { (b * b).sum().squareRoot() }
    /// The angle between a and b in degrees.
    public var gammaDeg: Double { atan2(abs(signedAreaA2), (a * b).sum()) * 180 / .pi }
    /// The Gram (metric) matrix [[a·a, a·b], [a·b, b·b]] in Å².
    public var gram: (aa: Double, ab: Double, bb: Double) { ((a * a).sum(), (a * b).sum(), (b * b).sum()) }

    /// The supercell spanned by `m` (rows in terms of a, b).
    public func supercell(_ m: IntMatrix2) -> Lattice2D {
        Lattice2D(a: Double(m.m00) * a + Double(m.m01) * b, b: Double(m.m10) * a + Double(m.m11) * b)
    }

    /// Gauss–Lagrange reduction: the same lattice spanned by its two shortest vectors, returned
    /// with the integer matrix that produces them from (a, b). The result keeps the handedness,
    /// has |a| ≤ |b| and |a·b| ≤ |a|²/2 (angle between 60° and 120°).
    public func reduced() -> (lattice: Lattice2D, matrix: IntMatrix2) {
        // Work on integer coefficient rows to track the transformation exactly.
        var (u, v) = (a, b)
        var (mu, mv) = ((1, 0), (0, 1))
        func norm2(_ x: Vector2) -> Double { (x * x).sum() }
        for _ in 0..<200 {
            if norm2(v) < norm2(u) { swap(&u, &v); swap(&mu, &mv) }
            let k = ((u * v).sum() / norm2(u)).rounded()
            if k == 0 { break }
            v -= k * u
            let ki = Int(k)
            mv = (mv.0 - ki * mu.0, mv.1 - ki * mu.1)
        }
        if norm2(v) < norm2(u) - 1e-12 { swap(&u, &v); swap(&mu, &mv) }
        // Restore the handedness of the input by flipping the second vector if needed.
        let sign = signedAreaA2 >= 0 ? 1.0 : -1.0
        if (u.x * v.y - u.y * v.x) * sign < 0 { v = -v; mv = (-mv.0, -mv.1) }
        return (Lattice2D(a: u, b: v), IntMatrix2(mu.0, mu.1, mv.0, mv.1))
    }

    /// Every upper-triangular Hermite normal form [[i, j], [0, n/i]] with 0 ≤ j < n/i: one matrix
    /// per distinct sublattice of index n (Cassels). There are σ(n) of them.
    public static func hermiteNormalForms(determinant n: Int) -> [IntMatrix2] {
        precondition(n >= 1, "determinant must be positive")
        var out: [IntMatrix2] = []
        for i in 1...n where n % i == 0 {
            let d = n / i
            for j in 0..<d { out.append(IntMatrix2(i, j, 0, d)) }
        }
        return out
    }
}
