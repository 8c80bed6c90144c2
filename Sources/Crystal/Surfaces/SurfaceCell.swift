import Foundation

/// The bulk re-expressed for a surface (h k l): two in-plane vectors a, b (the two shortest of
/// the primitive surface lattice, right-handed about the surface normal) and a third vector c
/// out of the plane with the smallest in-plane part, all lattice vectors of the bulk.
public struct SurfaceCell: Sendable {
    /// The plane, relative to the bulk cell as given.
    public let miller: MillerIndex
    /// The primitive bulk cell the surface is built from.
    public let primitiveBulk: Structure
    /// Rows a, b, c in terms of `primitiveBulk`'s lattice vectors (determinant +1).
    public let transformation: IntMatrix3
    /// The primitive bulk in the surface basis: same atoms, lattice rows a, b, c (bulk frame).
    public let orientedCell: Structure
    /// The primitive surface cell in its own frame (a along x), Å.
    public let cell: Lattice2D
    /// The conventional surface cell (from the bulk cell as given) in terms of `cell`.
    public let conventionalMatrix: IntMatrix2
    /// Unit vectors of the surface frame in bulk cartesian axes: x ∥ a, z ∥ surface normal.
    public let frame: (x: Vector3, y: Vector3, z: Vector3)
    /// The height of c along the normal: the repeat distance of the stacking, Å.
    public let repeatA: Double

    /// Builds the surface cell of `bulk` for `miller` (relative to `bulk`'s lattice).
    public init(bulk: Structure, miller: MillerIndex, symprecA: Double = 0.05) {
        self.miller = miller
        let (primitive, basis) = bulk.primitiveCell(toleranceA: symprecA)
        self.primitiveBulk = primitive
        // The plane's normal as integer indices on the primitive lattice: h'_i = p_i · (h k l).
        let hkl = Vector3(Double(miller.h), Double(miller.k), Double(miller.l))
        let raw = basis.rows.map { dot($0, hkl) }
        var denominator = 1
        for d in 1...48 where raw.allSatisfy({ abs($0 * Double(d) - ($0 * Double(d)).rounded()) < 1e-6 }) {
            denominator = d
            break
        }
        let hp = MillerIndex(Int((raw[0] * Double(denominator)).rounded()), Int((raw[1] * Double(denominator)).rounded()),
                             Int((raw[2] * Double(denominator)).rounded()))!.reduced
        let t = SurfaceCell.orientedBasis(hp, lattice: primitive.lattice, keepAxes: false)
        self.transformation = t.matrix
        self.frame = t.frame
        self.repeatA = t.repeatA
        // Unimodular: the oriented cell has the same atoms; build it directly (no search).
        let newLattice = Lattice(matrix: t.matrix.real * primitive.lattice.matrix)
        var sites = primitive.sites
        for i in sites.indices {
            sites[i].fractional = Structure.wrap(newLattice.fractional(fromCartesian: primitive.cartesianA(i)))
        }
        self.orientedCell = Structure(lattice: newLattice, sites: sites, comment: bulk.comment)
        let a = newLattice.a, b = newLattice.b
        self.cell = Lattice2D(a: Vector2(dot(a, t.frame.x), dot(a, t.frame.y)), b: Vector2(dot(b, t.frame.x), dot(b, t.frame.y)))
        // The conventional surface cell from the bulk lattice as given, written in terms of (a, b).
        let conv = SurfaceCell.orientedBasis(miller.reduced, lattice: bulk.lattice, keepAxes: true)
        let convRows = conv.matrix.real * bulk.lattice.matrix
        let inv = Matrix3(rows: [a, b, t.frame.z]).inverse!
        let coeff = [convRows.rows[0] * inv, convRows.rows[1] * inv]
        var m = IntMatrix2(coeff.map { [Int($0.x.rounded()), Int($0.y.rounded())] })
        if m.determinant < 0 { m = IntMatrix2([m.rows[1], m.rows[0]]) }
        self.conventionalMatrix = m
    }

    /// The in-plane and out-of-plane lattice vectors for a primitive Miller index on `lattice`.
    /// `keepAxes` keeps the cell axes for a plane normal to one of them (a, b for (0 0 1)) instead
    /// of reducing, as papers count conventional cells.
    static func orientedBasis(_ m: MillerIndex, lattice: Lattice, keepAxes: Bool)
        -> (matrix: IntMatrix3, frame: (x: Vector3, y: Vector3, z: Vector3), repeatA: Double)
    {
        let (h, k, l) = (m.h, m.k, m.l)
        var v1: [Int], v2: [Int], w: [Int]
        if k == 0 && l == 0 {
            v1 = [0, 1, 0]; v2 = [0, 0, 1]; w = [h, 0, 0]  // h = ±1
        } else {
            let (g, p, q) = IntegerLattice.extendedGCD(k, l)  // k p + l q = g
            let (one, x, y) = IntegerLattice.extendedGCD(h, g)  // h x + g y = 1
            precondition(one == 1, "Miller index must be primitive")
            v1 = [0, l / g, -k / g]
            v2 = [g, -h * p, -h * q]
            w = [x, y * p, y * q]
        }
        if keepAxes {
            if h == 0 && k == 0 { v1 = [1, 0, 0]; v2 = [0, 1, 0] }
            else if k == 0 && l == 0 { v1 = [0, 1, 0]; v2 = [0, 0, 1] }
            else if h == 0 && l == 0 { v1 = [0, 0, 1]; v2 = [1, 0, 0] }
        }
        let cart = { (v: [Int]) in Vector3(Double(v[0]), Double(v[1]), Double(v[2])) * lattice.matrix }
        // Normal: along the reciprocal vector, oriented so that w points up.
        let g = Vector3(Double(h), Double(k), Double(l)) * lattice.reciprocalWithoutTwoPi.matrix
        var n = g / length(g)
        if dot(cart(w), n) < 0 { n = -n }
        // Reduce the in-plane pair in 2D coordinates of the plane.
        var a3 = cart(v1)
        let ex = a3 / length(a3), ey = cross(n, ex)
        let to2 = { (v: Vector3) in Vector2(dot(v, ex), dot(v, ey)) }
        var pair = Lattice2D(a: to2(cart(v1)), b: to2(cart(v2)))
        var rows2 = [v1, v2]
        if pair.signedAreaA2 < 0 { rows2 = [v2, v1]; pair = Lattice2D(a: pair.b, b: pair.a) }
        if !keepAxes || !(m.components.filter { $0 != 0 }.count == 1) {
            let (_, r) = pair.reduced()
            rows2 = (0..<2).map { i in (0..<3).map { c in r.rows[i][0] * rows2[0][c] + r.rows[i][1] * rows2[1][c] } }
        }
        a3 = cart(rows2[0])
        let b3 = cart(rows2[1])
        // Shorten the out-of-plane vector: remove whole in-plane vectors from its in-plane part.
        let c3 = cart(w)
        let inPlane = c3 - dot(c3, n) * n
        let basis2 = Lattice2D(a: to2(a3), b: to2(b3))
        let det = basis2.signedAreaA2
        let p2 = to2(inPlane)
        let ca = (p2.x * basis2.b.y - p2.y * basis2.b.x) / det
        let cb = (basis2.a.x * p2.y - basis2.a.y * p2.x) / det
        let (ia, ib) = (Int(ca.rounded()), Int(cb.rounded()))
        w = (0..<3).map { w[$0] - ia * rows2[0][$0] - ib * rows2[1][$0] }
        let x = a3 / length(a3)
        let frame = (x: x, y: cross(n, x), z: n)
        return (IntMatrix3([rows2[0], rows2[1], w]), frame, dot(cart(w), n))
    }
}
