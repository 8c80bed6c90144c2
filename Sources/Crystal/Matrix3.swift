/// A 3-vector of doubles (Å for cartesian positions, fractions for fractional ones).
public typealias Vector3 = SIMD3<Double>

/// A 3×3 matrix stored as rows (as POSCAR, ASE and pymatgen store lattices).
public struct Matrix3: Hashable, Sendable, Codable {
    /// The three rows.
    public var rows: [Vector3]

    /// Creates a matrix from three rows.
    public init(rows: [Vector3]) {
        precondition(rows.count == 3, "Matrix3 needs three rows")
        self.rows = rows
    }

    /// Creates a matrix from a nested array `[[a, b, c], [d, e, f], [g, h, i]]` (rows).
    public init(_ values: [[Double]]) {
        precondition(values.count == 3 && values.allSatisfy { $0.count == 3 }, "Matrix3 needs 3×3 values")
        self.rows = values.map { Vector3($0[0], $0[1], $0[2]) }
    }

    /// The identity matrix.
    public static let identity = Matrix3([[1, 0, 0], [0, 1, 0], [0, 0, 1]])

    /// Element at row i, column j.
    public subscript(i: Int, j: Int) -> Double {
        get { rows[i][j] }
        set { rows[i][j] = newValue }
    }

    /// The columns.
    public var columns: [Vector3] { (0..<3).map { j in Vector3(rows[0][j], rows[1][j], rows[2][j]) } }
    /// The transpose.
    public var transposed: Matrix3 { Matrix3(rows: columns) }
    /// The determinant.
    public var determinant: Double { dot(rows[0], cross(rows[1], rows[2])) }
    /// Nested arrays of rows, for JSON.
    public var arrays: [[Double]] { rows.map { [$0.x, $0.y, $0.z] } }

    /// The inverse; nil when the matrix is singular (|det| < 1e-12).
    public var inverse: Matrix3? {
        let det = determinant
        guard abs(det) > 1e-12 else { return nil }
        let c0 = cross(rows[1], rows[2]), c1 = cross(rows[2], rows[0]), c2 = cross(rows[0], rows[1])
        // Columns of the inverse are the cross products divided by det.
        return Matrix3(rows: [c0 / det, c1 / det, c2 / det]).transposed
    }

    /// Matrix product self × other.
    public static func * (lhs: Matrix3, rhs: Matrix3) -> Matrix3 {
        let cols = rhs.columns
        return Matrix3(rows: lhs.rows.map { r in Vector3(dot(r, cols[0]), dot(r, cols[1]), dot(r, cols[2])) })
    }

    /// Row vector times matrix: v × M (fractional → cartesian for a row lattice).
    public static func * (lhs: Vector3, rhs: Matrix3) -> Vector3 {
        lhs.x * rhs.rows[0] + lhs.y * rhs.rows[1] + lhs.z * rhs.rows[2]
    }

    /// Matrix times column vector: M × v.
    public static func * (lhs: Matrix3, rhs: Vector3) -> Vector3 {
        Vector3(dot(lhs.rows[0], rhs), dot(lhs.rows[1], rhs), dot(lhs.rows[2], rhs))
    }
}

/// An integer 3×3 matrix (supercell transformations), rows.
public struct IntMatrix3: Hashable, Sendable, Codable {
    /// The three rows.
    public var rows: [[Int]]

    /// Creates an integer matrix from rows.
    public init(_ rows: [[Int]]) {
        precondition(rows.count == 3 && rows.allSatisfy { $0.count == 3 }, "IntMatrix3 needs 3×3 values")
        self.rows = rows
    }

    /// A diagonal matrix diag(a, b, c).
    public static func diagonal(_ a: Int, _ b: Int, _ c: Int) -> IntMatrix3 {
        IntMatrix3([[a, 0, 0], [0, b, 0], [0, 0, c]])
    }

    /// The determinant (the number of cells in the supercell, signed).
    public var determinant: Int {
        let m = rows
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }

    /// As a real matrix.
    public var real: Matrix3 { Matrix3(rows.map { $0.map(Double.init) }) }
}

/// Dot product.
@inlinable public func dot(_ a: Vector3, _ b: Vector3) -> Double { (a * b).sum() }
/// Cross product.
@inlinable public func cross(_ a: Vector3, _ b: Vector3) -> Vector3 {
    Vector3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
/// Euclidean length.
@inlinable public func length(_ a: Vector3) -> Double { dot(a, a).squareRoot() }
