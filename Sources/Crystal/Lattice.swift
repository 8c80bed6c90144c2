import Foundation
import Units

/// A crystal lattice: three lattice vectors as rows, in Å.
public struct Lattice: Hashable, Sendable, Codable {
    /// The lattice vectors a, b, c as rows, in Å.
    public var matrix: Matrix3

    /// Creates a lattice from its row vectors in Å.
    public init(matrix: Matrix3) { self.matrix = matrix }

    /// Creates a lattice from nested arrays of rows in Å.
    public init(_ rows: [[Double]]) { self.matrix = Matrix3(rows) }

    /// Creates a lattice from lengths (Å) and angles (degrees), a along x and b in the xy plane.
    public init(aA: Double, bA: Double, cA: Double, alphaDeg: Double, betaDeg: Double, gammaDeg: Double) {
        let (al, be, ga) = (
            UnitConversion.radians(fromDegrees: alphaDeg), UnitConversion.radians(fromDegrees: betaDeg),
            UnitConversion.radians(fromDegrees: gammaDeg)
        )
        let a = Vector3(aA, 0, 0)
        let b = Vector3(bA * Lattice.cleanCos(ga), bA * Lattice.cleanSin(ga), 0)
        let cx = cA * Lattice.cleanCos(be)
        let cy = cA * (Lattice.cleanCos(al) - Lattice.cleanCos(be) * Lattice.cleanCos(ga)) / Lattice.cleanSin(ga)
        let cz = (max(0, cA * cA - cx * cx - cy * cy)).squareRoot()
        self.matrix = Matrix3(rows: [a, b, Vector3(cx, cy, cz)])
    }

    /// cos and sin that give exact 0 and 1 at 90°, so orthogonal cells stay orthogonal.
    private static func cleanCos(_ x: Double) -> Double { abs(x - .pi / 2) < 1e-12 ? 0 : cos(x) }
    private static func cleanSin(_ x: Double) -> Double { abs(x - .pi / 2) < 1e-12 ? 1 : sin(x) }

    /// A cubic lattice of edge `aA`.
    public static func cubic(_ aA: Double) -> Lattice { Lattice([[aA, 0, 0], [0, aA, 0], [0, 0, aA]]) }

    /// Vector a in Å.
    public var a: Vector3 { matrix.rows[0] }
    /// Vector b in Å.
    public var b: Vector3 { matrix.rows[1] }
    /// Vector c in Å.
    public var c: Vector3 { matrix.rows[2] }
    /// Lengths |a|, |b|, |c| in Å.
    public var lengthsA: (a: Double, b: Double, c: Double) { (length(a), length(b), length(c)) }
    /// Angles α (b,c), β (a,c), γ (a,b) in degrees.
    public var anglesDeg: (alpha: Double, beta: Double, gamma: Double) {
        (Lattice.angleDeg(b, c), Lattice.angleDeg(a, c), Lattice.angleDeg(a, b))
    }
    /// Cell volume in Å³ (always positive).
    public var volumeA3: Double { abs(matrix.determinant) }
    /// True for a right-handed cell (positive determinant).
    public var isRightHanded: Bool { matrix.determinant > 0 }

    /// The reciprocal lattice with the 2π factor (rows b1, b2, b3 in 1/Å, a_i·b_j = 2π δ_ij).
    public var reciprocal: Lattice {
        Lattice(matrix: Matrix3(rows: reciprocalWithoutTwoPi.matrix.rows.map { $0 * 2 * .pi }))
    }
    /// The reciprocal lattice without 2π (crystallographer's convention, a_i·b_j = δ_ij).
    public var reciprocalWithoutTwoPi: Lattice { Lattice(matrix: matrix.inverse!.transposed) }

    /// Fractional → cartesian (Å).
    public func cartesian(fromFractional f: Vector3) -> Vector3 { f * matrix }
    /// Cartesian (Å) → fractional.
    public func fractional(fromCartesian r: Vector3) -> Vector3 { r * matrix.inverse! }

    /// The shortest distance in Å between two fractional points over all periodic images.
    public func minimumImageDistanceA(_ f1: Vector3, _ f2: Vector3) -> Double {
        var d = f2 - f1
        d -= d.rounded(.toNearestOrEven)
        var best = Double.infinity
        for i in -1...1 { for j in -1...1 { for k in -1...1 {
            let r = cartesian(fromFractional: d + Vector3(Double(i), Double(j), Double(k)))
            best = min(best, dot(r, r))
        } } }
        return best.squareRoot()
    }

    static func angleDeg(_ u: Vector3, _ v: Vector3) -> Double {
        let c = max(-1, min(1, dot(u, v) / (length(u) * length(v))))
        return UnitConversion.degrees(fromRadians: acos(c))
    }
}
