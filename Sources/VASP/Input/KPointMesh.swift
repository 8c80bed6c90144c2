import Foundation
import Crystal

/// How dense a k-point mesh should be.
public enum KPointDensity: Sendable, Equatable, CustomStringConvertible {
    /// Largest spacing between k-points in Å⁻¹, reciprocal vectors including 2π (VASP's KSPACING
    /// convention): n_i = max(1, ⌈|b_i| / spacing⌉).
    case spacingPerA(Double)
    /// k-points × atoms ("per reciprocal atom"): n_i ∝ |b_i| with n₁n₂n₃ ≈ density / atoms,
    /// n_i = max(1, ⌊s|b_i|⌋) with s = (density / atoms / |b₁||b₂||b₃|)^(1/3).
    case perReciprocalAtom(Double)

    public var description: String {
        switch self {
        case .spacingPerA(let s): return "k-spacing \(IncarValue.format(s)) 1/A (2pi included)"
        case .perReciprocalAtom(let d): return "\(IncarValue.format(d)) k-points per reciprocal atom"
        }
    }
}

/// A Γ-centred Monkhorst–Pack mesh.
public struct KPointMesh: Hashable, Sendable, CustomStringConvertible {
    /// Subdivisions along b1, b2, b3.
    public var divisions: [Int]
    /// How the mesh was chosen (the KPOINTS comment line).
    public var comment: String

    /// Creates a mesh.
    public init(divisions: [Int], comment: String = "Gamma-centred mesh") {
        self.divisions = divisions
        self.comment = comment
    }

    /// Number of k-points of the full mesh (before symmetry).
    public var count: Int { divisions.reduce(1, *) }

    public var description: String { divisions.map(String.init).joined(separator: "×") }

    /// The mesh for `structure` at `density`; with `vacuumAxis` the mesh has exactly 1 division
    /// along that axis (no dispersion across vacuum).
    public static func make(for structure: Structure, density: KPointDensity, vacuumAxis: Int? = nil)
        throws(InputError) -> KPointMesh
    {
        let b = structure.lattice.reciprocal.matrix.rows.map { length($0) }  // 1/Å with 2π
        var n: [Int]
        switch density {
        case .spacingPerA(let spacing):
            guard spacing.isFinite, spacing > 0 else {
                throw InputError(file: "KPOINTS", .kpoints("k-spacing must be a positive number of 1/Å, got \(spacing)"))
            }
            guard spacing >= 0.01, spacing <= 2.0 else {
                throw InputError(file: "KPOINTS", .kpoints("k-spacing \(spacing) 1/Å is outside 0.01…2.0 (2π convention; typical metals 0.1–0.3)"))
            }
            n = b.map { max(1, Int((($0 / spacing) - 1e-9).rounded(.up))) }
        case .perReciprocalAtom(let density):
            guard density.isFinite, density >= 1 else {
                throw InputError(file: "KPOINTS", .kpoints("k-points per reciprocal atom must be ≥ 1, got \(density)"))
            }
            let perAtom = density / Double(max(1, structure.count))
            let scale = pow(perAtom / (b[0] * b[1] * b[2]), 1.0 / 3.0)
            n = b.map { max(1, Int(($0 * scale + 1e-9).rounded(.down))) }
        }
        if let axis = vacuumAxis { n[axis] = 1 }
        let mesh = KPointMesh(divisions: n, comment: "Gamma-centred \(n.map(String.init).joined(separator: "x")) mesh from \(density)")
        try mesh.check(vacuumAxis: vacuumAxis)
        return mesh
    }

    /// Sanity checks: three positive divisions, exactly 1 along the vacuum, not absurdly many points.
    public func check(vacuumAxis: Int?, file: String = "KPOINTS") throws(InputError) {
        guard divisions.count == 3, divisions.allSatisfy({ $0 >= 1 }) else {
            throw InputError(file: file, .kpoints("expected three subdivisions ≥ 1, got \(divisions)"))
        }
        if let axis = vacuumAxis, divisions[axis] != 1 {
            let name = ["a", "b", "c"][axis]
            throw InputError(file: file, .kpoints("a slab needs exactly 1 subdivision along its vacuum axis \(name), got \(divisions[axis])"))
        }
        guard count <= 20_000 else {
            throw InputError(file: file, .kpoints("\(description) = \(count) k-points is far more than a DFT calculation needs; check the spacing"))
        }
    }

    /// Reads the mesh of an automatic Gamma or Monkhorst-Pack KPOINTS file (line 4).
    public static func parse(_ text: String, file: String = "KPOINTS") throws(InputError) -> KPointMesh {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 4 else { throw InputError(file: file, .kpoints("expected at least 4 lines")) }
        guard Int(lines[1].trimmingCharacters(in: .whitespaces)) == 0 else {
            throw InputError(file: file, line: 2, .kpoints("expected 0 (automatic mesh), found '\(lines[1])'"))
        }
        guard let style = lines[2].trimmingCharacters(in: .whitespaces).uppercased().first, style == "G" || style == "M" else {
            throw InputError(file: file, line: 3, .kpoints("expected Gamma or Monkhorst-Pack, found '\(lines[2])'"))
        }
        let n = lines[3].split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard n.count == 3 else { throw InputError(file: file, line: 4, .kpoints("expected three integers, found '\(lines[3])'")) }
        return KPointMesh(divisions: n, comment: lines[0])
    }
}
