import Foundation

/// Tasker's classification of an ionic surface (J. Phys. C 12, 4977 (1979)).
public enum TaskerType: Int, Codable, Hashable, Sendable, CustomStringConvertible {
    /// Every plane is neutral: no dipole whatever the cut.
    case one = 1
    /// Charged planes stacked so that the slab has no dipole (symmetric repeat unit).
    case two = 2
    /// Charged planes with a dipole across the slab: polar, needs a reconstruction.
    case three = 3

    /// "1", "2", "3".
    public var description: String { "\(rawValue)" }
}

/// One way to cut a slab: a bottom termination and a top cut, with what a referee checks —
/// composition, stoichiometry, net formal charge, dipole, symmetry, Tasker type and the bonds
/// the two cuts break. Charges follow ``FormalCharges``.
public struct TerminationCandidate: Codable, Hashable, Sendable {
    /// Why this top cut was considered.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// The first allowed cut at the requested thickness.
        case asCut = "as-cut"
        /// Planes added until the composition is a whole number of formula units.
        case stoichiometric
        /// Top cut chosen so that the top face repeats the bottom face (a symmetric slab).
        case symmetric
    }

    /// Row number in the table (what `--termination` and study files name).
    public var row: Int
    /// Index of the bottom termination (``SlabBuilder/terminations``).
    public var termination: Int
    /// Why the top cut was taken.
    public var kind: Kind
    /// The top plane, counted upward from the bottom plane of one stacking repeat (unwrapped).
    public var topPlaneIndex: Int
    /// Composition of the bottom and top planes.
    public var bottomFormula: String, topFormula: String
    /// Composition of the slab on one primitive surface cell, e.g. "Li56La24Zr16O96".
    public var formula: String
    /// Atoms on one primitive surface cell.
    public var atoms: Int
    /// Atomic planes.
    public var layers: Int
    /// Bottom plane to top plane, Å.
    public var thicknessA: Double
    /// True when the composition is a whole multiple of the bulk formula.
    public var isStoichiometric: Bool
    /// Net formal charge per primitive surface cell, e (nil: charges unknown, e.g. a metal).
    public var netChargeE: Double?
    /// Dipole along the normal per area, e·Å/Å² (formal charges; nil when unknown).
    public var dipolePerAreaEPerA: Double?
    /// True when an operation flipping the normal maps the slab onto itself.
    public var isSymmetric: Bool
    /// True when the slab is charged, or asymmetric with a dipole above the builder's threshold.
    public var isPolar: Bool
    /// Tasker type of the stacking as cut (nil when charges are unknown).
    public var taskerType: TaskerType?
    /// Bonds cut at the bottom and top faces together, per primitive surface cell.
    public var brokenBonds: Int
    /// The same per Å² of one face: brokenBonds / (2 × area).
    public var brokenBondsPerA2: Double

    /// A candidate from its numbers (as an archive stores them).
    public init(row: Int, termination: Int, kind: Kind, topPlaneIndex: Int, bottomFormula: String, topFormula: String,
                formula: String, atoms: Int, layers: Int, thicknessA: Double, isStoichiometric: Bool, netChargeE: Double?,
                dipolePerAreaEPerA: Double?, isSymmetric: Bool, isPolar: Bool, taskerType: TaskerType?, brokenBonds: Int,
                brokenBondsPerA2: Double) {
        self.row = row
        self.termination = termination
        self.kind = kind
        self.topPlaneIndex = topPlaneIndex
        self.bottomFormula = bottomFormula
        self.topFormula = topFormula
        self.formula = formula
        self.atoms = atoms
        self.layers = layers
        self.thicknessA = thicknessA
        self.isStoichiometric = isStoichiometric
        self.netChargeE = netChargeE
        self.dipolePerAreaEPerA = dipolePerAreaEPerA
        self.isSymmetric = isSymmetric
        self.isPolar = isPolar
        self.taskerType = taskerType
        self.brokenBonds = brokenBonds
        self.brokenBondsPerA2 = brokenBondsPerA2
    }

    /// True when the net formal charge is zero (or unknown).
    public var isNeutral: Bool { netChargeE.map { abs($0) < 1e-6 } ?? true }
    /// Neutral, stoichiometric and non-polar: what Adhere takes by default.
    public var isIdeal: Bool { isNeutral && isStoichiometric && !isPolar }
}

/// Which termination to use.
public enum TerminationSelection: Hashable, Sendable, CustomStringConvertible {
    /// Adhere's default: neutral, stoichiometric and non-polar; else the neutral stoichiometric
    /// cut of least |dipole|, with a note. Never a charged slab.
    case automatic
    /// A row of ``SlabBuilder/terminationCandidates(thickness:)``, as the user names it (may be
    /// charged or polar).
    case row(Int)

    /// "automatic" or "row N".
    public var description: String {
        switch self {
        case .automatic: return "automatic"
        case .row(let r): return "row \(r)"
        }
    }
}

/// The termination taken and why.
public struct TerminationChoice: Sendable {
    /// The candidate taken.
    public var candidate: TerminationCandidate
    /// What the choice had to give up (no ideal cut at this thickness, …); empty when ideal.
    public var notes: [String]
}

extension SlabBuilder {
    /// Every termination of a slab of at least `thickness`: for each bottom termination, the
    /// first cut at that thickness, the stoichiometric slab (planes added up to two stacking
    /// repeats) and a symmetric one (top plane like the bottom, within one more repeat).
    /// Rows are numbered in order.
    public func terminationCandidates(thickness: SlabThickness) throws(SlabError) -> [TerminationCandidate] {
        let m = stack.planes.count
        let broken = brokenBondsPerGap()
        let area = surface.cell.areaA2
        var out: [TerminationCandidate] = []
        var seen = Set<[Int]>()
        for t in terminations {
            let start = t.bottomPlane
            let q0 = try topPlane(start: start, thickness: thickness)
            var tops: [(Int, TerminationCandidate.Kind)] = [(q0, .asCut)]
            var counts: [Element: Int] = [:]
            for pq in start...q0 { for i in stack.planes[pq % m].atoms { counts[surface.orientedCell.sites[i].element, default: 0] += 1 } }
            var q = q0
            while q < q0 + 2 * m + 2 {
                if stack.allowed[q % m] && SlabAnalysis.isStoichiometric(counts, bulk: bulkComposition) {
                    tops.append((q, .stoichiometric))
                    break
                }
                q += 1
                for i in stack.planes[q % m].atoms { counts[surface.orientedCell.sites[i].element, default: 0] += 1 }
            }
            for q in q0..<(q0 + m) where stack.allowed[q % m] && stack.planes[q % m].signature == stack.planes[start % m].signature {
                let s = try slab(termination: t.index, topPlane: q, vacuumA: 10, supercell: .identity, fixed: .none, analyze: true)
                if s.isSymmetric { tops.append((q, .symmetric)); break }
            }
            for (q, kind) in tops where seen.insert([t.index, q]).inserted {
                let s = try slab(termination: t.index, topPlane: q, vacuumA: 10, supercell: .identity, fixed: .none, analyze: true)
                let bonds = broken[(start - 1 + m) % m] + broken[q % m]
                out.append(TerminationCandidate(
                    row: out.count, termination: t.index, kind: kind, topPlaneIndex: q, bottomFormula: t.bottomFormula,
                    topFormula: s.topFormula, formula: s.structure.formula, atoms: s.count, layers: s.layerCount,
                    thicknessA: s.thicknessA, isStoichiometric: s.isStoichiometric, netChargeE: s.netChargeE,
                    dipolePerAreaEPerA: s.dipolePerAreaEPerA, isSymmetric: s.isSymmetric, isPolar: s.isPolar,
                    taskerType: taskerType(start: start, top: q, slab: s), brokenBonds: bonds,
                    brokenBondsPerA2: Double(bonds) / (2 * area)))
            }
        }
        return out
    }

    /// The default termination for a slab of at least `thickness`: among neutral candidates,
    /// ideal ones (stoichiometric and non-polar) first, then stoichiometric ones, then by least
    /// |dipole|, fewest broken bonds per Å², fewest atoms. Charged candidates are never taken.
    public func chooseTermination(thickness: SlabThickness) throws(SlabError) -> TerminationChoice {
        let all = try terminationCandidates(thickness: thickness)
        let neutral = all.filter(\.isNeutral)
        func key(_ c: TerminationCandidate) -> (Int, Int, Double, Double, Int) {
            (c.isIdeal ? 0 : 1, c.isStoichiometric ? 0 : 1, (abs(c.dipolePerAreaEPerA ?? 0) * 1e6).rounded(), c.brokenBondsPerA2, c.atoms)
        }
        guard let best = neutral.min(by: { key($0) < key($1) }) else {
            throw .noNeutralTermination(surface: "\(surface.orientedCell.reducedFormula.formula) \(surface.miller)")
        }
        var notes: [String] = []
        if !best.isIdeal {
            let what = best.isStoichiometric ? "stoichiometric" : "non-stoichiometric"
            notes.append(String(format: "no neutral, stoichiometric and non-polar termination at this thickness: took row %d, %@ with the least |dipole| %.3f e·Å/Å²",
                                best.row, what, abs(best.dipolePerAreaEPerA ?? 0)))
        }
        return TerminationChoice(candidate: best, notes: notes)
    }

    /// The slab of a candidate row, with `vacuumA`, `supercell` and `fixed` atoms.
    public func slab(candidate c: TerminationCandidate, vacuumA: Double, supercell: IntMatrix2 = .identity,
                     fixed: FixedRegion = .none) throws(SlabError) -> Slab
    {
        guard terminations.indices.contains(c.termination) else {
            throw .noSuchTermination(index: c.termination, count: terminations.count)
        }
        return try slab(termination: c.termination, topPlane: c.topPlaneIndex, vacuumA: vacuumA, supercell: supercell,
                        fixed: fixed, analyze: true)
    }

    /// The slab of at least `thickness` with the termination `selection` names, and the choice.
    public func slab(thickness: SlabThickness, vacuumA: Double, selection: TerminationSelection, supercell: IntMatrix2 = .identity,
                     fixed: FixedRegion = .none) throws(SlabError) -> (slab: Slab, choice: TerminationChoice)
    {
        let choice: TerminationChoice
        switch selection {
        case .automatic: choice = try chooseTermination(thickness: thickness)
        case .row(let r):
            let all = try terminationCandidates(thickness: thickness)
            guard all.indices.contains(r) else { throw .noSuchTermination(index: r, count: all.count) }
            choice = TerminationChoice(candidate: all[r], notes: [])
        }
        var s = try slab(candidate: choice.candidate, vacuumA: vacuumA, supercell: supercell, fixed: fixed)
        s.warnings += choice.notes
        return (s, choice)
    }

    /// Tasker type of planes start...q: 1 when every plane is neutral, 2 when the slab has no
    /// dipole (neutral and symmetric or below the threshold), else 3.
    func taskerType(start: Int, top q: Int, slab: Slab) -> TaskerType? {
        guard let charges else { return nil }
        let m = stack.planes.count
        let planeCharges = (start...q).map { pq in stack.planes[pq % m].atoms.reduce(0) { $0 + charges[$1] } }
        if planeCharges.allSatisfy({ abs($0) < 1e-6 }) { return .one }
        if !slab.isPolar { return .two }
        return .three
    }

    /// Bonds crossing each gap of the stacking (gap p lies above plane p), per primitive surface
    /// cell. A bond joins two atoms of opposite formal charge (any two atoms when charges are
    /// unknown) closer than 1.2 × the sum of their covalent radii (Cordero et al. 2008).
    func brokenBondsPerGap() -> [Int] {
        let cell = surface.orientedCell
        let rule = BondRule(bondingElements: Set(cell.speciesInOrder), factor: 1.2)
        let bonds = LayerStack.bonds(cell, heights: stack.heightsA, repeatA: stack.repeatA, rule: rule)
        let gaps = LayerStack.gapHeights(stack.planes, repeatA: stack.repeatA)
        var count = [Int](repeating: 0, count: gaps.count)
        for b in bonds {
            if let q = charges, q[b.i] * q[b.j] >= 0 { continue }
            let zi = stack.heightsA[b.i]
            let (lo, hi) = (min(zi, zi + b.dz), max(zi, zi + b.dz))
            let weight = b.i == b.j ? 1 : 2  // self-image bonds appear twice (±image), others once
            for p in gaps.indices {
                let k = ((lo - gaps[p]) / stack.repeatA).rounded(.down) + 1
                var g = gaps[p] + k * stack.repeatA
                while g < hi { count[p] += weight; g += stack.repeatA }
            }
        }
        return count.map { $0 / 2 }
    }
}
