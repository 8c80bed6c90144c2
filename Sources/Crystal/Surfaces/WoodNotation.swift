import Foundation

/// Wood's notation of a surface supercell, (p×q)Rφ: the supercell vectors b₁, b₂ are the
/// primitive surface-cell vectors a₁, a₂ scaled by p and q and both rotated by the same angle φ
/// (E. A. Wood, J. Appl. Phys. 35, 1306 (1964)). Only such cells have a Wood name; any other
/// supercell is written as its 2×2 matrix.
///
/// Hand checks (in the tests): [[3,2],[-2,3]] on a square lattice is √13×√13 R33.7°
/// (|b₁|² = 3² + 2² = 13, φ = atan(2/3)); [[2,1],[-1,1]] on a hexagonal lattice (γ = 120°) is
/// √3×√3 R30°; [[3,1],[-1,2]] on it is √7×√7 R19.1°.
public struct WoodNotation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// p² = |b₁|²/|a₁|² and q² = |b₂|²/|a₂|² (integers: p = √p²).
    public let scaleSquared1: Int
    public let scaleSquared2: Int
    /// The common rotation φ of b₁ from a₁ and b₂ from a₂ in degrees, (−180°, 180°]; 0 for none.
    public let rotationDeg: Double

    /// A notation from its parts.
    public init(scaleSquared1: Int, scaleSquared2: Int, rotationDeg: Double) {
        self.scaleSquared1 = scaleSquared1
        self.scaleSquared2 = scaleSquared2
        self.rotationDeg = rotationDeg
    }

    /// The rotation rounded to 0.1° as papers print it ("33.7", "45", "-26.6"); nil when it rounds to 0.
    public var rotationText: String? {
        let tenths = (rotationDeg * 10).rounded()
        if tenths == 0 { return nil }
        let whole = tenths.truncatingRemainder(dividingBy: 10) == 0
        return whole ? String(Int(tenths / 10)) : String(format: "%.1f", tenths / 10)
    }

    /// Each scale as papers write it: an integer when p² is a square, else k√m with m square-free.
    public static func scaleParts(_ squared: Int) -> (factor: Int, radicand: Int) {
        var factor = 1, radicand = squared, d = 2
        while d * d <= radicand {
            while radicand % (d * d) == 0 { radicand /= d * d; factor *= d }
            d += 1
        }
        return (factor, radicand)
    }

    /// "√13×√13 R33.7°", "2√2×2√2 R45°", "3×3".
    public var description: String {
        func scale(_ s: Int) -> String {
            let (k, m) = Self.scaleParts(s)
            if m == 1 { return String(k) }
            return (k == 1 ? "" : String(k)) + "√\(m)"
        }
        let base = "\(scale(scaleSquared1))×\(scale(scaleSquared2))"
        guard let r = rotationText else { return base }
        return base + " R" + r.replacingOccurrences(of: "-", with: "−") + "°"
    }

    /// Wood's notation of `matrix` (rows in terms of `cell`'s vectors), or nil when the supercell
    /// is not a scaled, rotated copy of the cell. Every basis of the same supercell lattice with
    /// entries up to `searchRange` is tried (the matcher may have picked another basis); of the
    /// Wood bases found, the smallest rotation in magnitude wins (positive on a tie), then the
    /// smaller first scale. `relativeTolerance` applies to lengths; angles match to the same
    /// fraction of a radian.
    public static func of(_ matrix: IntMatrix2, on cell: Lattice2D, relativeTolerance: Double = 1e-4,
                          searchRange: Int = 3) -> WoodNotation? {
        guard matrix.determinant != 0, cell.areaA2 > 0 else { return nil }
        var best: WoodNotation?
        func better(_ w: WoodNotation, than b: WoodNotation) -> Bool {
            let (ra, rb) = ((abs(w.rotationDeg) * 1e6).rounded(), (abs(b.rotationDeg) * 1e6).rounded())
            if ra != rb { return ra < rb }
            if (w.rotationDeg > 0) != (b.rotationDeg > 0) { return w.rotationDeg > 0 }
            return w.scaleSquared1 < b.scaleSquared1
        }
        let r = searchRange
        for u00 in -r...r { for u01 in -r...r { for u10 in -r...r { for u11 in -r...r {
            let u = IntMatrix2(u00, u01, u10, u11)
            guard u.determinant == 1 else { continue }
            guard let w = direct(u * matrix, on: cell, relativeTolerance: relativeTolerance) else { continue }
            if best.map({ better(w, than: $0) }) ?? true { best = w }
        }}}}
        return best
    }

    /// Wood's notation of exactly this basis, or nil.
    static func direct(_ m: IntMatrix2, on cell: Lattice2D, relativeTolerance tol: Double) -> WoodNotation? {
        let a1 = cell.a, a2 = cell.b
        let b1 = Double(m.m00) * a1 + Double(m.m01) * a2
        let b2 = Double(m.m10) * a1 + Double(m.m11) * a2
        func norm2(_ v: Vector2) -> Double { (v * v).sum() }
        func angle(_ from: Vector2, _ to: Vector2) -> Double {
            atan2(from.x * to.y - from.y * to.x, (from * to).sum())
        }
        let s1 = norm2(b1) / norm2(a1), s2 = norm2(b2) / norm2(a2)
        let i1 = s1.rounded(), i2 = s2.rounded()
        guard i1 >= 1, i2 >= 1, abs(s1 - i1) <= tol * i1, abs(s2 - i2) <= tol * i2 else { return nil }
        let phi1 = angle(a1, b1), phi2 = angle(a2, b2)
        var difference = phi1 - phi2
        difference -= (difference / (2 * .pi)).rounded() * 2 * .pi
        guard abs(difference) <= tol else { return nil }
        var degrees = phi1 * 180 / .pi
        if abs(degrees) < 1e-6 { degrees = 0 }
        if degrees <= -180 + 1e-9 { degrees += 360 }
        return WoodNotation(scaleSquared1: Int(i1), scaleSquared2: Int(i2), rotationDeg: degrees)
    }
}

/// How a paper names a surface supercell: Wood's notation where one exists, else the matrix.
public enum SupercellNotation: Hashable, Sendable {
    /// A scaled, rotated copy of the primitive surface cell.
    case wood(WoodNotation)
    /// Any other supercell: the 2×2 matrix (rows in primitive surface-cell vectors).
    case matrix(IntMatrix2)

    /// Wood's notation when the matrix has one on `cell`; else the matrix. A diagonal matrix is
    /// n×m on any cell; without a cell, only diagonal matrices get a Wood name.
    public init(_ matrix: IntMatrix2, cell: Lattice2D?) {
        if let cell, let w = WoodNotation.of(matrix, on: cell) {
            self = .wood(w)
        } else if matrix.isDiagonal, matrix.m00 > 0, matrix.m11 > 0 {
            self = .wood(WoodNotation(scaleSquared1: matrix.m00 * matrix.m00, scaleSquared2: matrix.m11 * matrix.m11, rotationDeg: 0))
        } else {
            self = .matrix(matrix)
        }
    }

    /// "√13×√13 R33.7°" or "[[2, 3], [-1, 1]]".
    public var text: String {
        switch self {
        case let .wood(w): return w.description
        case let .matrix(m): return "[[\(m.m00), \(m.m01)], [\(m.m10), \(m.m11)]]"
        }
    }
}
