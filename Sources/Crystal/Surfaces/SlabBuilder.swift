import Foundation

/// Options for cutting slabs.
public struct SlabOptions: Hashable, Sendable {
    /// Atoms whose heights differ by at most this much form one atomic plane, Å.
    public var layerToleranceA: Double
    /// Which bonds a cut must keep (molecular ions).
    public var bonds: BondRule
    /// Tolerance for finding the primitive cell, Å.
    public var symprecA: Double
    /// Dipole per area above which a slab is called polar, e·Å/Å².
    public var polarThresholdEPerA: Double

    /// Creates options.
    public init(layerToleranceA: Double = 0.1, bonds: BondRule = BondRule(), symprecA: Double = 0.05,
                polarThresholdEPerA: Double = 1e-3) {
        self.layerToleranceA = layerToleranceA
        self.bonds = bonds
        self.symprecA = symprecA
        self.polarThresholdEPerA = polarThresholdEPerA
    }
}

/// Cuts slabs of a bulk structure parallel to a lattice plane.
///
/// ```swift
/// let builder = SlabBuilder(bulk: li, miller: MillerIndex(0, 0, 1)!)
/// let slabs = try builder.slabs(layers: 7, vacuumA: 15)      // one per termination
/// ```
public struct SlabBuilder: Sendable {
    /// The surface cell (primitive surface lattice and oriented bulk).
    public let surface: SurfaceCell
    /// Options used.
    public let options: SlabOptions
    let stack: LayerStack
    /// Distinct terminations (cuts that break no molecular bond), in order of height.
    public let terminations: [Termination]
    let bulkComposition: [Element: Int]
    let charges: [Double]?

    /// Prepares slabs of `bulk` parallel to `miller` (relative to `bulk`'s cell).
    public init(bulk: Structure, miller: MillerIndex, options: SlabOptions = SlabOptions()) {
        self.options = options
        self.surface = SurfaceCell(bulk: bulk, miller: miller.reduced, symprecA: options.symprecA)
        self.stack = LayerStack(cell: surface.orientedCell, repeatA: surface.repeatA,
                                toleranceA: options.layerToleranceA, bonds: options.bonds)
        var seen = Set<String>()
        var terms: [Termination] = []
        let m = stack.planes.count
        for gap in 0..<m where stack.allowed[gap] {
            let bottom = (gap + 1) % m
            if seen.insert(stack.sequenceSignature(from: bottom)).inserted {
                terms.append(Termination(index: terms.count, bottomPlane: bottom, bottomFormula: stack.planes[bottom].signature))
            }
        }
        self.terminations = terms
        self.bulkComposition = bulk.composition
        self.charges = SlabAnalysis.formalCharges(surface.orientedCell, molecules: stack.moleculeOf)
    }

    /// The primitive surface cell as the lattice matcher needs it, with the atoms a slab of
    /// `thickness` holds per surface cell.
    public func matchSurface(thickness: SlabThickness, termination: Int = 0) throws(SlabError) -> MatchSurface {
        let slab = try slab(thickness: thickness, vacuumA: 10, termination: termination, analyze: false)
        return MatchSurface(cell: surface.cell, atomsPerCell: slab.count, conventionalMatrix: surface.conventionalMatrix)
    }

    /// One slab per termination, each with at least `layers` atomic planes.
    public func slabs(layers: Int, vacuumA: Double, supercell: IntMatrix2 = .identity, fixBottomLayers: Int = 0)
        throws(SlabError) -> [Slab]
    {
        var out: [Slab] = []
        for t in terminations {
            out.append(try slab(thickness: .layers(layers), vacuumA: vacuumA, termination: t.index, supercell: supercell,
                                fixBottomLayers: fixBottomLayers))
        }
        return out
    }

    /// The best stoichiometric slab at least `thickness` thick: every termination is tried, adding
    /// atomic planes (up to two stacking repeats) until the composition is a whole multiple of
    /// the bulk formula. Non-polar slabs are preferred, then symmetric ones, then fewer atoms.
    /// To build the interface on it, pass its `termination.index` and `.layers(layerCount)`.
    /// Nil when no termination gives a stoichiometric slab.
    public func stoichiometricSlab(thickness: SlabThickness, vacuumA: Double, supercell: IntMatrix2 = .identity,
                                   fixBottomLayers: Int = 0) throws(SlabError) -> Slab?
    {
        var best: Slab?
        func rank(_ s: Slab) -> (Int, Int, Int) { (s.isPolar ? 1 : 0, s.isSymmetric ? 0 : 1, s.count) }
        for t in terminations {
            let first = try slab(thickness: thickness, vacuumA: vacuumA, termination: t.index, analyze: false)
            var n = first.layerCount
            var found: Slab? = SlabAnalysis.isStoichiometric(first.structure.composition, bulk: bulkComposition) ? first : nil
            while found == nil && n < first.layerCount + 2 * stack.planes.count + 2 {
                n += 1
                let s = try slab(thickness: .layers(n), vacuumA: vacuumA, termination: t.index, analyze: false)
                n = s.layerCount
                if SlabAnalysis.isStoichiometric(s.structure.composition, bulk: bulkComposition) { found = s }
            }
            guard let f = found else { continue }
            let full = try slab(thickness: .layers(f.layerCount), vacuumA: vacuumA, termination: t.index, supercell: supercell,
                                fixBottomLayers: fixBottomLayers)
            if best == nil || rank(full) < rank(best!) { best = full }
        }
        return best
    }

    /// A slab of at least `thickness`, starting at `termination`, with `vacuumA` of vacuum split
    /// evenly below and above, spanning `supercell` of the primitive surface cell; the bottom
    /// `fixBottomLayers` planes are fixed through selective dynamics (all others free).
    public func slab(thickness: SlabThickness, vacuumA: Double, termination: Int = 0, supercell: IntMatrix2 = .identity,
                     fixBottomLayers: Int = 0) throws(SlabError) -> Slab
    {
        try slab(thickness: thickness, vacuumA: vacuumA, termination: termination, supercell: supercell,
                 fixBottomLayers: fixBottomLayers, analyze: true)
    }

    /// The slab; `analyze: false` skips the symmetry and dipole checks (atom counts only).
    func slab(thickness: SlabThickness, vacuumA: Double, termination: Int = 0, supercell: IntMatrix2 = .identity,
              fixBottomLayers: Int = 0, analyze: Bool) throws(SlabError) -> Slab
    {
        guard terminations.indices.contains(termination) else {
            throw .noSuchTermination(index: termination, count: terminations.count)
        }
        switch thickness {
        case .layers(let n) where n < 1: throw .badThickness("of \(n) layers")
        case .minimumA(let t) where !(t > 0): throw .badThickness("of \(t) Å")
        default: break
        }
        let m = stack.planes.count
        let start = terminations[termination].bottomPlane
        let cell = surface.orientedCell
        let heightOf = { (q: Int) in self.stack.planes[q % m].heightA + Double(q / m) * self.stack.repeatA }
        // Heights of the atoms of planes start...q (unwrapped), and how many atomic planes they form.
        func atomHeights(_ q: Int) -> [Double] {
            (start...q).flatMap { pq in stack.planes[pq % m].atoms.map { stack.heightsA[$0] + Double(pq / m) * stack.repeatA } }
        }
        func atomicPlanes(_ z: [Double]) -> Int {
            let sorted = z.sorted()
            return 1 + zip(sorted, sorted.dropFirst()).filter { $1 - $0 > options.layerToleranceA }.count
        }
        // Take planes upward from `start` until the thickness is reached at an allowed cut.
        var q = start
        while true {
            let z = atomHeights(q)
            let enough: Bool
            switch thickness {
            case .layers(let n): enough = (stack.mode == .molecularLayers ? atomicPlanes(z) : q - start + 1) >= n
            case .minimumA(let t): enough = z.max()! - z.min()! >= t - 1e-9
            }
            if enough && stack.allowed[q % m] { break }
            q += 1
        }
        let planeRange = start...q
        guard fixBottomLayers < planeRange.count else {
            throw .tooManyFixedLayers(fixed: fixBottomLayers, layers: planeRange.count)
        }
        // Atoms in the surface frame: in-plane fractional from a, b; height along the normal.
        let cell2 = surface.cell
        let det = cell2.signedAreaA2
        let allZ = atomHeights(q)
        let bottomZ = allZ.min()!
        let thicknessA = allZ.max()! - bottomZ
        let layerCount = stack.mode == .molecularLayers ? atomicPlanes(allZ) : planeRange.count
        let cz = thicknessA + vacuumA
        var sites: [Site] = []
        var layerOfSite: [Int] = []
        let (ex, ey) = (surface.frame.x, surface.frame.y)
        for pq in planeRange {
            let period = pq / m
            for i in stack.planes[pq % m].atoms {
                var f = Structure.wrap(cell.sites[i].fractional)
                f.z = stack.heightsA[i] / stack.repeatA + Double(period)
                let r = cell.lattice.cartesian(fromFractional: f)
                let p = Vector2(dot(r, ex), dot(r, ey))
                let u = (p.x * cell2.b.y - p.y * cell2.b.x) / det
                let v = (cell2.a.x * p.y - cell2.a.y * p.x) / det
                let z = stack.heightsA[i] + Double(period) * stack.repeatA - bottomZ + vacuumA / 2
                var site = cell.sites[i]
                site.fractional = Structure.wrap(Vector3(u, v, 0))
                site.fractional.z = z / cz
                let layer = pq - start
                site.selectiveDynamics = fixBottomLayers > 0 ? Array(repeating: layer >= fixBottomLayers, count: 3) : nil
                sites.append(site)
                layerOfSite.append(layer)
            }
        }
        let lattice = Lattice([[cell2.a.x, cell2.a.y, 0], [cell2.b.x, cell2.b.y, 0], [0, 0, cz]])
        var structure = Structure(lattice: lattice, sites: sites,
                                  comment: "\(cell.reducedFormula.formula) \(surface.miller) slab")
        let layerHeights = planeRange.map { heightOf($0) - bottomZ + vacuumA / 2 }
        let symmetric = analyze ? SlabAnalysis.isSymmetric(structure) : false
        let charge = !analyze ? nil : charges.map { q in
            SlabAnalysis.dipole(structure, charges: planeRange.flatMap { pq in stack.planes[pq % m].atoms.map { q[$0] } },
                                centerZA: (layerHeights.first! + layerHeights.last!) / 2)
        }
        let stoichiometric = SlabAnalysis.isStoichiometric(structure.composition, bulk: bulkComposition)
        var warnings: [String] = []
        if stack.bondsIgnored { warnings.append("every cut breaks a bond between non-metal atoms (a covalent network): bonds were ignored") }
        if stack.mode == .molecularLayers {
            warnings.append("no flat cut avoids the molecular ions: the slab is cut between layers of whole ions (rough surface; --fix counts these layers)")
        }
        if case .layers(let n) = thickness, layerCount > n {
            warnings.append("\(layerCount) atomic planes instead of \(n): a cut there would split a molecular ion")
        }
        let dipole = charge.map { $0.dipole / cell2.areaA2 }
        let polar = symmetric ? false : (charge.map { abs($0.net) > 1e-6 || abs($0.dipole / cell2.areaA2) > options.polarThresholdEPerA } ?? false)
        if polar { warnings.append(String(format: "polar slab: dipole %.3f e·Å/Å² along the normal (formal charges); consider another termination or a symmetric slab", dipole ?? 0)) }
        if !stoichiometric { warnings.append("slab \(structure.formula) is not stoichiometric (bulk \(cell.reducedFormula.formula))") }
        if supercell != .identity {
            do { structure = try structure.supercell(supercell.embedded3) } catch { preconditionFailure("\(error)") }
            layerOfSite = layerOfSite.flatMap { Array(repeating: $0, count: abs(supercell.determinant)) }
        }
        return Slab(structure: structure, miller: surface.miller, termination: terminations[termination],
                    topFormula: stack.planes[q % m].signature, layerCount: layerCount, layerOfSite: layerOfSite,
                    layerHeightsA: layerHeights, thicknessA: thicknessA, vacuumA: vacuumA, supercell: supercell,
                    isStoichiometric: stoichiometric, isSymmetric: symmetric, dipolePerAreaEPerA: dipole,
                    isPolar: polar, warnings: warnings)
    }
}
