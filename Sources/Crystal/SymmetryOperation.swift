/// A crystallographic symmetry operation on fractional coordinates: f′ = R·f + t.
///
/// Parsed from the Jones-faithful notation CIF files use (`x, -y+1/2, z`, `1/2+x,y-x,-z`,
/// `-x+0.25, y, 2z`); variables are case-insensitive.
public struct SymmetryOperation: Hashable, Sendable, CustomStringConvertible {
    /// The rotation part, rows acting on a column of fractional coordinates.
    public var rotation: Matrix3
    /// The translation part, fractional.
    public var translation: Vector3

    /// Creates an operation from its rotation and translation.
    public init(rotation: Matrix3, translation: Vector3) {
        self.rotation = rotation
        self.translation = translation
    }

    /// The identity `x, y, z`.
    public static let identity = SymmetryOperation(rotation: .identity, translation: Vector3(0, 0, 0))

    /// Parses `x, -y+1/2, z`; nil when the text is no operation.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var rows: [Vector3] = []
        var t = Vector3(0, 0, 0)
        for (k, part) in parts.enumerated() {
            guard let (row, shift) = SymmetryOperation.parseComponent(Substring(part)) else { return nil }
            rows.append(row)
            t[k] = shift
        }
        self.init(rotation: Matrix3(rows: rows), translation: t)
    }

    /// True when the operation moves atoms of `lattice` rigidly: its cartesian form
    /// M⁻¹·Rᵀ·M (rows convention) is orthogonal within `tolerance`, so distances are kept.
    /// `x, x, x` or `2x, y, z` are not; `-y, x-y, z` is in a hexagonal cell but not a cubic one.
    public func isIsometry(of lattice: Lattice, tolerance: Double = 1e-2) -> Bool {
        let m = lattice.matrix
        guard let inverse = m.inverse, translation.x.isFinite, translation.y.isFinite, translation.z.isFinite else { return false }
        let q = inverse * rotation.transposed * m
        let product = q * q.transposed
        for i in 0..<3 { for j in 0..<3 where abs(product[i, j] - (i == j ? 1 : 0)) > tolerance { return false } }
        return true
    }

    /// Applies the operation to fractional coordinates (no wrapping).
    public func apply(_ f: Vector3) -> Vector3 { rotation * f + translation }

    public var description: String {
        (0..<3).map { k in
            var s = ""
            for (j, name) in ["x", "y", "z"].enumerated() where rotation[k, j] != 0 {
                let c = rotation[k, j]
                let sign = c < 0 ? "-" : (s.isEmpty ? "" : "+")
                let magnitude = abs(c) == 1 ? "" : SymmetryOperation.fraction(abs(c))
                s += sign + magnitude + name
            }
            let shift = translation[k]
            if shift != 0 { s += (shift < 0 ? "-" : (s.isEmpty ? "" : "+")) + SymmetryOperation.fraction(abs(shift)) }
            return s.isEmpty ? "0" : s
        }.joined(separator: ", ")
    }

    /// One component, e.g. `-y+1/2`: the row of coefficients and the constant.
    static func parseComponent(_ text: Substring) -> (Vector3, Double)? {
        let chars = Array(text.filter { !$0.isWhitespace }.lowercased())
        guard !chars.isEmpty else { return nil }
        var row = Vector3(0, 0, 0)
        var shift = 0.0
        var i = 0
        while i < chars.count {
            var sign = 1.0
            if chars[i] == "+" || chars[i] == "-" {
                sign = chars[i] == "-" ? -1 : 1
                i += 1
            }
            // An optional number (integer, decimal or fraction), then an optional variable.
            var numberText = ""
            while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "/" {
                numberText.append(chars[i])
                i += 1
            }
            var value: Double? = nil
            if !numberText.isEmpty {
                guard let v = SymmetryOperation.number(numberText) else { return nil }
                value = v
            }
            if i < chars.count, chars[i] == "*" { i += 1 }
            if i < chars.count, let axis = ["x": 0, "y": 1, "z": 2][String(chars[i])] {
                row[axis] += sign * (value ?? 1)
                i += 1
            } else if let value {
                shift += sign * value
            } else {
                return nil
            }
            // The next term must start with a sign.
            if i < chars.count, chars[i] != "+", chars[i] != "-" { return nil }
        }
        return (row, shift)
    }

    static func number(_ s: String) -> Double? {
        let pieces = s.split(separator: "/", omittingEmptySubsequences: false)
        switch pieces.count {
        case 1: return Double(pieces[0])
        case 2:
            guard let n = Double(pieces[0]), let d = Double(pieces[1]), d != 0 else { return nil }
            return n / d
        default: return nil
        }
    }

    static func fraction(_ v: Double) -> String {
        for d in [1, 2, 3, 4, 6, 8, 12] {
            let n = v * Double(d)
            if abs(n - n.rounded()) < 1e-9 { return d == 1 ? "\(Int(n.rounded()))" : "\(Int(n.rounded()))/\(d)" }
        }
        return "\(v)"
    }
}
