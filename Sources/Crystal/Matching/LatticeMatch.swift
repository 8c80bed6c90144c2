import Foundation

/// One coincidence cell found by the lattice matcher: a film supercell and a substrate supercell
/// whose lattices agree within the tolerances, with the strain that putting the film onto the
/// substrate costs.
///
/// Matrices are rows in terms of each material's *primitive* surface cell (see
/// ``MatchSurface``); their determinants are the numbers of surface cells in each supercell.
public struct LatticeMatch: Hashable, Sendable {
    /// Film supercell in terms of the film's surface cell.
    public var filmMatrix: IntMatrix2
    /// Substrate supercell in terms of the substrate's surface cell.
    public var substrateMatrix: IntMatrix2
    /// The film supercell before straining (Å).
    public var filmCell: Lattice2D
    /// The substrate supercell: the interface's in-plane cell (Å).
    public var substrateCell: Lattice2D
    /// Atoms the film part of the interface holds (surface cells × atoms per surface-cell slab).
    public var filmAtoms: Int
    /// Atoms the substrate part of the interface holds.
    public var substrateAtoms: Int
    /// The film's in-plane strain: principal engineering strains (stretch − 1), ascending;
    /// negative is compression.
    public var principalStrains: [Double]
    /// The von Mises equivalent of the film's Green–Lagrange strain (in-plane components, no
    /// normal strain), as pymatgen's SubstrateAnalyzer reports it.
    public var vonMisesStrain: Double

    /// Interface area in Å² (the substrate supercell: the film takes the substrate's lattice).
    public var areaA2: Double { substrateCell.areaA2 }
    /// The film supercell's area before straining, Å² (pymatgen's `match_area`).
    public var filmAreaA2: Double { filmCell.areaA2 }
    /// The film's areal strain: area after / area before − 1 = (1 + ε₁)(1 + ε₂) − 1.
    public var arealStrain: Double { (1 + principalStrains[0]) * (1 + principalStrains[1]) - 1 }
    /// The largest principal strain in magnitude.
    public var maxAbsStrain: Double { principalStrains.map(abs).max() ?? 0 }
    /// Total atoms of the interface.
    public var totalAtoms: Int { filmAtoms + substrateAtoms }

    /// The fields of the `adhere match --json` output, with exactly its keys.
    public struct Summary: Codable, Hashable, Sendable {
        /// Film supercell rows in primitive film surface cells.
        public var filmMatrix: [[Int]]
        /// Substrate supercell rows in primitive substrate surface cells.
        public var substrateMatrix: [[Int]]
        /// Interface area, Å².
        public var areaA2: Double
        /// von Mises equivalent of the film's Green–Lagrange strain.
        public var vonMisesStrain: Double
        /// Principal engineering strains of the film, ascending.
        public var principalStrains: [Double]
        /// Areal strain of the film (area ratio − 1).
        public var arealStrain: Double
        /// Largest |principal strain|: what the strain limit is compared with.
        public var maxAbsPrincipalStrain: Double
        /// Film atoms in the interface.
        public var filmAtoms: Int
        /// Substrate atoms in the interface.
        public var substrateAtoms: Int
    }

    /// The same match written in the tidiest common basis: one change of basis (det +1) applied
    /// to both supercells keeps which film vector lies on which substrate vector, so the strain
    /// is unchanged. The shortest film vectors come first, then diagonal and non-negative matrices.
    public func canonical() -> LatticeMatch {
        func score(_ u: IntMatrix2) -> (Int, Int, Int, Int) {
            let f = u * filmMatrix, s = u * substrateMatrix
            let c = filmCell.supercell(u)
            let entries = f.rows.flatMap { $0 } + s.rows.flatMap { $0 }
            return (Int(((c.lengthAA + c.lengthBA) * 1e4).rounded()), (f.isDiagonal ? 0 : 1) + (s.isDiagonal ? 0 : 1),
                    entries.filter { $0 < 0 }.count, entries.map(abs).reduce(0, +))
        }
        let best = LatticeMatcher.equivalentBases.min { score($0) < score($1) }!
        guard score(best) < score(.identity) else { return self }
        var m = self
        m.filmMatrix = best * filmMatrix
        m.substrateMatrix = best * substrateMatrix
        m.filmCell = filmCell.supercell(best)
        m.substrateCell = substrateCell.supercell(best)
        return m
    }

    /// "film 3×3 on substrate [[3,2],[-2,3]] (principal strains −0.51 %, −0.51 %; 105.41 Å²)".
    public var shortDescription: String {
        let e = principalStrains.map { String(format: "%+.2f %%", $0 * 100) }.joined(separator: ", ")
        return "film \(filmMatrix) on substrate \(substrateMatrix) (principal strains \(e); \(String(format: "%.2f", areaA2)) Å²)"
    }

    /// The JSON summary of this match.
    public var summary: Summary {
        Summary(filmMatrix: filmMatrix.rows, substrateMatrix: substrateMatrix.rows, areaA2: areaA2,
                vonMisesStrain: vonMisesStrain, principalStrains: principalStrains, arealStrain: arealStrain,
                maxAbsPrincipalStrain: maxAbsStrain, filmAtoms: filmAtoms, substrateAtoms: substrateAtoms)
    }
}

/// The in-plane strain that maps one 2D cell onto another.
public enum InPlaneStrain {
    /// Principal stretches (λ₁ ≤ λ₂) of the deformation taking `from` onto `to`, where vector i
    /// of one corresponds to vector i of the other. Frame-free: eigenvalues of G_from⁻¹ G_to.
    public static func principalStretches(from: Lattice2D, to: Lattice2D) -> (Double, Double) {
        let f = from.gram, t = to.gram
        let det = f.aa * f.bb - f.ab * f.ab
        // inv(G_f) = [[bb, -ab], [-ab, aa]] / det; M = inv(G_f) * G_t.
        let m00 = (f.bb * t.aa - f.ab * t.ab) / det
        let m01 = (f.bb * t.ab - f.ab * t.bb) / det
        let m10 = (-f.ab * t.aa + f.aa * t.ab) / det
        let m11 = (-f.ab * t.ab + f.aa * t.bb) / det
        let tr = m00 + m11, dt = m00 * m11 - m01 * m10
        let disc = max(0, tr * tr / 4 - dt).squareRoot()
        let l1 = max(0, tr / 2 - disc), l2 = tr / 2 + disc
        return (l1.squareRoot(), l2.squareRoot())
    }

    /// Principal engineering strains (ascending) and the von Mises strain of the Green–Lagrange
    /// tensor diag(E₁, E₂, 0) with Eᵢ = (λᵢ² − 1)/2, √(⅔ dev:dev) as pymatgen defines it.
    public static func strains(from: Lattice2D, to: Lattice2D) -> (principal: [Double], vonMises: Double) {
        let (l1, l2) = principalStretches(from: from, to: to)
        let e1 = (l1 * l1 - 1) / 2, e2 = (l2 * l2 - 1) / 2
        let mean = (e1 + e2) / 3
        let dev = [e1 - mean, e2 - mean, -mean]
        let vm = (dev.reduce(0) { $0 + $1 * $1 } * 2 / 3).squareRoot()
        return ([l1 - 1, l2 - 1], vm)
    }
}
