import Foundation

/// The surface of one material as the matcher sees it.
public struct MatchSurface: Hashable, Sendable {
    /// The primitive surface cell (two shortest in-plane vectors), Å.
    public var cell: Lattice2D
    /// Atoms in a slab of the chosen thickness on one primitive surface cell.
    public var atomsPerCell: Int
    /// The conventional surface cell (from the bulk cell as given) in terms of `cell`; explicit
    /// supercells a user gives "in conventional cells" are multiplied by it.
    public var conventionalMatrix: IntMatrix2

    /// Creates a surface description.
    public init(cell: Lattice2D, atomsPerCell: Int, conventionalMatrix: IntMatrix2 = .identity) {
        self.cell = cell
        self.atomsPerCell = atomsPerCell
        self.conventionalMatrix = conventionalMatrix
    }
}

/// Search limits and tolerances. Defaults follow pymatgen's ZSLGenerator except the length
/// tolerance (5 %, the plausibility bound Adhere warns at).
public struct MatchLimits: Hashable, Sendable {
    /// Largest interface area searched, Å².
    public var maxAreaA2: Double
    /// Largest relative length mismatch of matched supercell vectors (|b|/|a| − 1).
    public var maxLengthStrain: Double
    /// Largest relative mismatch of the angle between the two vectors (θ_s/θ_f − 1).
    public var maxAngleStrain: Double
    /// Largest mismatch of the supercell area ratio considered (pymatgen's max_area_ratio_tol).
    public var maxAreaRatioTolerance: Double
    /// Shortest in-plane vector a match must have, Å (0: no bound). Cells smaller than this are
    /// skipped so that their supercells can appear instead.
    public var minimumLengthA: Double

    /// Creates limits.
    public init(maxAreaA2: Double = 400, maxLengthStrain: Double = 0.05, maxAngleStrain: Double = 0.01,
                maxAreaRatioTolerance: Double = 0.09, minimumLengthA: Double = 0) {
        self.maxAreaA2 = maxAreaA2
        self.maxLengthStrain = maxLengthStrain
        self.maxAngleStrain = maxAngleStrain
        self.maxAreaRatioTolerance = maxAreaRatioTolerance
        self.minimumLengthA = minimumLengthA
    }
}

/// The verdict on a supercell pair a user asked for explicitly.
public struct MatchEvaluation: Sendable {
    /// The pair with its strain (substrate basis chosen to give the least strain).
    public var match: LatticeMatch
    /// True when the largest principal strain is within `plausibleStrain`.
    public var isPlausible: Bool
    /// The bound used, as a fraction.
    public var plausibleStrain: Double
    /// Human-readable warnings (empty when plausible).
    public var warnings: [String]
    /// The best matches the search finds within the same limits (up to five), sorted.
    public var alternatives: [LatticeMatch]
}

/// Lattice matching after Zur & McGill (J. Appl. Phys. 55, 378 (1984)), as pymatgen's
/// ZSLGenerator does it, with two differences: every equivalent short basis of the substrate
/// supercell is tried (not only the one reduction picks), and supercells that merely repeat a
/// smaller match are dropped.
public struct LatticeMatcher: Sendable {
    /// The film (strained onto the substrate).
    public var film: MatchSurface
    /// The substrate (keeps its lattice).
    public var substrate: MatchSurface
    /// Limits and tolerances.
    public var limits: MatchLimits

    /// Creates a matcher.
    public init(film: MatchSurface, substrate: MatchSurface, limits: MatchLimits = MatchLimits()) {
        self.film = film
        self.substrate = substrate
        self.limits = limits
    }

    /// A reduced supercell and the matrix producing it from the surface cell, with its lengths
    /// and angle computed once.
    struct Candidate {
        let cell: Lattice2D
        let matrix: IntMatrix2
        let lengthAA: Double, lengthBA: Double, gammaDeg: Double

        init(cell: Lattice2D, matrix: IntMatrix2) {
            self.cell = cell
            self.matrix = matrix
            (lengthAA, lengthBA, gammaDeg) = (cell.lengthAA, cell.lengthBA, cell.gammaDeg)
        }

        /// The same supercell in every short basis of the same handedness.
        var variants: [Candidate] {
            LatticeMatcher.equivalentBases.map { Candidate(cell: cell.supercell($0), matrix: $0 * matrix) }
        }
    }

    /// Unimodular changes of basis (det +1) among the short vectors ±a, ±b, ±(a+b), ±(a−b).
    static let equivalentBases: [IntMatrix2] = {
        let short = [[1, 0], [0, 1], [1, 1], [1, -1], [-1, 0], [0, -1], [-1, -1], [-1, 1]]
        var out: [IntMatrix2] = []
        for u in short { for v in short where u[0] * v[1] - u[1] * v[0] == 1 { out.append(IntMatrix2([u, v])) } }
        return out
    }()

    /// All reduced supercells of `cell` with `n` cells.
    static func supercells(of cell: Lattice2D, determinant n: Int) -> [Candidate] {
        Lattice2D.hermiteNormalForms(determinant: n).map { h in
            let (r, m) = cell.supercell(h).reduced()
            return Candidate(cell: r, matrix: m * h)
        }
    }

    /// Every match within the limits, sorted by interface area, then von Mises strain, with
    /// duplicates and mere repeats of smaller matches removed.
    public func matches() -> [LatticeMatch] {
        let af = film.cell.areaA2, asub = substrate.cell.areaA2
        let nfMax = Int((limits.maxAreaA2 * (1 + limits.maxAreaRatioTolerance)) / af)
        let nsMax = Int(limits.maxAreaA2 / asub)
        guard nfMax >= 1, nsMax >= 1 else { return [] }
        var filmCache: [Int: [Candidate]] = [:]
        var found: [LatticeMatch] = []
        let tol = limits.maxLengthStrain
        for ns in 1...nsMax {
            // Every short basis of every substrate supercell, sorted by |a| for a range search.
            var variants: [(sub: Int, cand: Candidate)] = []
            for (k, c) in Self.supercells(of: substrate.cell, determinant: ns).enumerated() {
                for v in c.variants { variants.append((k, v)) }
            }
            variants.sort { $0.cand.lengthAA < $1.cand.lengthAA }
            let keys = variants.map(\.cand.lengthAA)
            let subArea = Double(ns) * asub
            for nf in 1...nfMax {
                let ratio = Double(nf) * af / subArea
                guard abs(ratio - 1) <= limits.maxAreaRatioTolerance else { continue }
                if filmCache[nf] == nil { filmCache[nf] = Self.supercells(of: film.cell, determinant: nf) }
                for f in filmCache[nf]! {
                    if limits.minimumLengthA > 0, f.lengthAA < limits.minimumLengthA { continue }
                    let lo = f.lengthAA * (1 - tol), hi = f.lengthAA * (1 + tol)
                    // First variant with |a| ≥ lo (binary search).
                    var (l, r) = (0, keys.count)
                    while l < r { let mid = (l + r) / 2; if keys[mid] < lo { l = mid + 1 } else { r = mid } }
                    var best: [Int: LatticeMatch] = [:]
                    var i = l
                    while i < keys.count && keys[i] <= hi {
                        let (k, sv) = variants[i]
                        i += 1
                        guard abs(sv.lengthAA / f.lengthAA - 1) <= tol, abs(sv.lengthBA / f.lengthBA - 1) <= tol,
                            abs(sv.gammaDeg / f.gammaDeg - 1) <= limits.maxAngleStrain
                        else { continue }
                        let m = makeMatch(film: f, substrate: sv)
                        if let b = best[k], b.vonMisesStrain <= m.vonMisesStrain { continue }
                        best[k] = m
                    }
                    found.append(contentsOf: best.values)
                }
            }
        }
        return Self.sortedAndDeduplicated(found).map { $0.canonical() }
    }

    /// Strains within this much of the least are taken as equal when ranking (0.1 percentage point).
    public static let strainTieBand = 0.001

    /// Every match ranked by physics: least largest |principal strain| first, strains within
    /// ``strainTieBand`` of each other counting as equal, then smaller area, then less von Mises
    /// strain. The area budget is `limits.maxAreaA2`. The first is ``preferredMatch()``.
    public func rankedMatches() -> [LatticeMatch] {
        var remaining = matches()
        var out: [LatticeMatch] = []
        while let least = remaining.map(\.maxAbsStrain).min() {
            let band = remaining.filter { $0.maxAbsStrain <= least + Self.strainTieBand }
                .sorted { ($0.areaA2, $0.vonMisesStrain) < ($1.areaA2, $1.vonMisesStrain) }
            out += band
            remaining.removeAll { m in band.contains(m) }
        }
        return out
    }

    /// The lowest-strain cell within the area budget (see ``rankedMatches()``); nil when the
    /// search finds nothing.
    public func preferredMatch() -> LatticeMatch? { rankedMatches().first }

    /// The match of a film supercell with one basis of a substrate supercell.
    func makeMatch(film f: Candidate, substrate s: Candidate) -> LatticeMatch {
        let strain = InPlaneStrain.strains(from: f.cell, to: s.cell)
        return LatticeMatch(
            filmMatrix: f.matrix, substrateMatrix: s.matrix, filmCell: f.cell, substrateCell: s.cell,
            filmAtoms: f.matrix.determinant * film.atomsPerCell, substrateAtoms: s.matrix.determinant * substrate.atomsPerCell,
            principalStrains: strain.principal, vonMisesStrain: strain.vonMises)
    }

    /// The least-strained pairing of a film supercell with any equivalent basis of a substrate
    /// supercell, or nil when none is within the tolerances (never nil when `tolerant`).
    func bestPairing(film f: Candidate, substrateVariants: [Candidate], tolerant: Bool = false) -> LatticeMatch? {
        var best: LatticeMatch?
        for s in substrateVariants {
            if !tolerant {
                guard abs(s.lengthAA / f.lengthAA - 1) <= limits.maxLengthStrain,
                    abs(s.lengthBA / f.lengthBA - 1) <= limits.maxLengthStrain,
                    abs(s.gammaDeg / f.gammaDeg - 1) <= limits.maxAngleStrain
                else { continue }
            }
            let strain = InPlaneStrain.strains(from: f.cell, to: s.cell)
            if let b = best, b.vonMisesStrain <= strain.vonMises { continue }
            best = LatticeMatch(
                filmMatrix: f.matrix, substrateMatrix: s.matrix, filmCell: f.cell, substrateCell: s.cell,
                filmAtoms: f.matrix.determinant * film.atomsPerCell,
                substrateAtoms: s.matrix.determinant * substrate.atomsPerCell,
                principalStrains: strain.principal, vonMisesStrain: strain.vonMises)
        }
        return best
    }

    /// Sorts by area then strain; drops matches equivalent to an earlier one (same cell counts
    /// and strain) and matches that repeat an earlier, smaller one with the same strain.
    static func sortedAndDeduplicated(_ all: [LatticeMatch]) -> [LatticeMatch] {
        let sorted = all.sorted {
            abs($0.areaA2 - $1.areaA2) > 1e-6 ? $0.areaA2 < $1.areaA2 : $0.vonMisesStrain < $1.vonMisesStrain
        }
        var kept: [LatticeMatch] = []
        // Kept matches by their von Mises strain on a 1e-6 grid (equal strains land in the same
        // or a neighbouring bucket).
        var buckets: [Int: [Int]] = [:]
        for m in sorted {
            let fd = m.filmMatrix.determinant, sd = m.substrateMatrix.determinant
            let key = Int((m.vonMisesStrain * 1e6).rounded(.down))
            let duplicate = (key - 1...key + 1).contains { b in
                (buckets[b] ?? []).contains { idx in
                    let k = kept[idx]
                    let kf = k.filmMatrix.determinant, ks = k.substrateMatrix.determinant
                    guard fd % kf == 0, sd % ks == 0, fd / kf == sd / ks else { return false }
                    return zip(k.principalStrains, m.principalStrains).allSatisfy { abs($0 - $1) < 1e-7 }
                }
            }
            if !duplicate {
                buckets[key, default: []].append(kept.count)
                kept.append(m)
            }
        }
        return kept
    }

    /// Strain of a supercell pair given explicitly, with a warning and the search's best
    /// alternatives when its largest principal strain exceeds `plausibleStrain` (5 % default).
    /// `conventional` reads the matrices in terms of the conventional surface cells (as papers
    /// write "4×4/3×3"); otherwise in terms of the primitive ones.
    public func evaluate(filmMatrix: IntMatrix2, substrateMatrix: IntMatrix2, conventional: Bool = true,
                         plausibleStrain: Double = 0.05) throws(MatchError) -> MatchEvaluation {
        guard filmMatrix.determinant != 0 else { throw .singularSupercell(filmMatrix.rows) }
        guard substrateMatrix.determinant != 0 else { throw .singularSupercell(substrateMatrix.rows) }
        let fm = conventional ? filmMatrix * film.conventionalMatrix : filmMatrix
        let sm = conventional ? substrateMatrix * substrate.conventionalMatrix : substrateMatrix
        // Keep the user's orientation pairing but let the handedness follow the matrices.
        let fCell = film.cell.supercell(fm), sCell = substrate.cell.supercell(sm)
        var f = Candidate(cell: fCell, matrix: fm), s = Candidate(cell: sCell, matrix: sm)
        if fCell.signedAreaA2 < 0 { f = Candidate(cell: Lattice2D(a: fCell.b, b: fCell.a), matrix: IntMatrix2([fm.rows[1], fm.rows[0]])) }
        if sCell.signedAreaA2 < 0 { s = Candidate(cell: Lattice2D(a: sCell.b, b: sCell.a), matrix: IntMatrix2([sm.rows[1], sm.rows[0]])) }
        let direct = InPlaneStrain.strains(from: f.cell, to: s.cell)
        var match = LatticeMatch(
            filmMatrix: f.matrix, substrateMatrix: s.matrix, filmCell: f.cell, substrateCell: s.cell,
            filmAtoms: abs(fm.determinant) * film.atomsPerCell, substrateAtoms: abs(sm.determinant) * substrate.atomsPerCell,
            principalStrains: direct.principal, vonMisesStrain: direct.vonMises)
        // A different but equivalent basis of the same substrate supercell may fit better.
        let (rs, rm) = s.cell.reduced()
        let (rf, rfm) = f.cell.reduced()
        if let better = bestPairing(film: Candidate(cell: rf, matrix: rfm * f.matrix),
                                    substrateVariants: Candidate(cell: rs, matrix: rm * s.matrix).variants, tolerant: true),
            better.maxAbsStrain < match.maxAbsStrain - 1e-9
        {
            match = better
        }
        match = match.canonical()
        var warnings: [String] = []
        let plausible = match.maxAbsStrain <= plausibleStrain
        if !plausible {
            let pct = match.principalStrains.map { String(format: "%+.1f %%", $0 * 100) }.joined(separator: ", ")
            warnings.append("film strain \(pct) (principal) exceeds \(String(format: "%.0f", plausibleStrain * 100)) %: "
                + "this is not a coherent cell; see the alternatives")
        }
        let alternatives = plausible ? [] : Array(rankedMatches().prefix(5))
        return MatchEvaluation(match: match, isPlausible: plausible, plausibleStrain: plausibleStrain,
                               warnings: warnings, alternatives: alternatives)
    }
}

/// Errors from lattice matching and interface building.
public enum MatchError: Error, Equatable, CustomStringConvertible {
    /// A supercell matrix with determinant zero.
    case singularSupercell([[Int]])
    /// A match index outside the list.
    case noSuchMatch(index: Int, count: Int)

    public var description: String {
        switch self {
        case .singularSupercell(let m): return "supercell matrix \(m) is singular (determinant 0); expected e.g. 4 4 or [[2,1],[-1,2]]"
        case .noSuchMatch(let i, let n): return "match index \(i) is out of range: expected 0…\(max(0, n - 1)) (\(n) matches)"
        }
    }
}
