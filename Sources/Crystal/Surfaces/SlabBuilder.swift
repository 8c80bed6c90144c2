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
        self.charges = FormalCharges.assign(surface.orientedCell, molecules: stack.moleculeOf)
    }

    /// The primitive surface cell as the lattice matcher needs it, with the atoms a slab of
    /// `thickness` holds per surface cell.
    public func matchSurface(thickness: SlabThickness, termination: Int = 0) throws(SlabError) -> MatchSurface {
        let slab = try slab(thickness: thickness, vacuumA: 10, termination: termination, analyze: false)
        return MatchSurface(cell: surface.cell, atomsPerCell: slab.count, conventionalMatrix: surface.conventionalMatrix)
    }

    /// One slab per termination, each with at least `layers` atomic planes.
    public func slabs(layers: Int, vacuumA: Double, supercell: IntMatrix2 = .identity, fixed: FixedRegion = .none)
        throws(SlabError) -> [Slab]
    {
        var out: [Slab] = []
        for t in terminations {
            out.append(try slab(thickness: .layers(layers), vacuumA: vacuumA, termination: t.index, supercell: supercell,
                                fixed: fixed))
        }
        return out
    }

    /// A slab of at least `thickness`, starting at `termination`, with `vacuumA` of vacuum split
    /// evenly below and above, spanning `supercell` of the primitive surface cell; the atoms of
    /// `fixed` are fixed through selective dynamics (all others free).
    public func slab(thickness: SlabThickness, vacuumA: Double, termination: Int = 0, supercell: IntMatrix2 = .identity,
                     fixed: FixedRegion = .none) throws(SlabError) -> Slab
    {
        try slab(thickness: thickness, vacuumA: vacuumA, termination: termination, supercell: supercell, fixed: fixed, analyze: true)
    }

    /// The slab; `analyze: false` skips the symmetry and dipole checks (atom counts only).
    func slab(thickness: SlabThickness, vacuumA: Double, termination: Int = 0, supercell: IntMatrix2 = .identity,
              fixed: FixedRegion = .none, analyze: Bool) throws(SlabError) -> Slab
    {
        guard terminations.indices.contains(termination) else {
            throw .noSuchTermination(index: termination, count: terminations.count)
        }
        let start = terminations[termination].bottomPlane
        let q = try topPlane(start: start, thickness: thickness)
        var slab = try slab(termination: termination, topPlane: q, vacuumA: vacuumA, supercell: supercell, fixed: fixed, analyze: analyze)
        if case .layers(let n) = thickness, slab.layerCount > n {
            slab.warnings.append("\(slab.layerCount) atomic planes instead of \(n): a cut there would split a molecular ion")
        }
        return slab
    }

    /// Heights (Å, unwrapped) of the atoms of planes start...q.
    func atomHeights(start: Int, top q: Int) -> [Double] {
        let m = stack.planes.count
        return (start...q).flatMap { pq in stack.planes[pq % m].atoms.map { stack.heightsA[$0] + Double(pq / m) * stack.repeatA } }
    }

    /// The number of atomic planes the heights `z` form.
    func atomicPlanes(_ z: [Double]) -> Int {
        let sorted = z.sorted()
        return 1 + zip(sorted, sorted.dropFirst()).filter { $1 - $0 > options.layerToleranceA }.count
    }

    /// The first plane (counted upward from `start`, unwrapped) at which a slab reaches
    /// `thickness` and may be cut above.
    func topPlane(start: Int, thickness: SlabThickness) throws(SlabError) -> Int {
        switch thickness {
        case .layers(let n) where n < 1: throw .badThickness("of \(n) layers")
        case .minimumA(let t) where !(t > 0): throw .badThickness("of \(t) Å")
        default: break
        }
        let m = stack.planes.count
        var q = start
        while true {
            let z = atomHeights(start: start, top: q)
            let enough: Bool
            switch thickness {
            case .layers(let n): enough = (stack.mode == .molecularLayers ? atomicPlanes(z) : q - start + 1) >= n
            case .minimumA(let t): enough = z.max()! - z.min()! >= t - 1e-9
            }
            if enough && stack.allowed[q % m] { return q }
            q += 1
        }
    }

    /// The slab from the bottom plane of `termination` up to plane `q` (unwrapped index).
    func slab(termination: Int, topPlane q: Int, vacuumA: Double, supercell: IntMatrix2, fixed: FixedRegion,
              analyze: Bool) throws(SlabError) -> Slab
    {
        let m = stack.planes.count
        let start = terminations[termination].bottomPlane
        let cell = surface.orientedCell
        let heightOf = { (q: Int) in self.stack.planes[q % m].heightA + Double(q / m) * self.stack.repeatA }
        let planeRange = start...q
        // Atoms in the surface frame: in-plane fractional from a, b; height along the normal.
        let cell2 = surface.cell
        let det = cell2.signedAreaA2
        let allZ = atomHeights(start: start, top: q)
        let bottomZ = allZ.min()!
        let thicknessA = allZ.max()! - bottomZ
        let layerCount = stack.mode == .molecularLayers ? atomicPlanes(allZ) : planeRange.count
        let cz = thicknessA + vacuumA
        var sites: [Site] = []
        var layerOfSite: [Int] = []
        var heightAboveBottomA: [Double] = []
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
                let zRel = stack.heightsA[i] + Double(period) * stack.repeatA - bottomZ
                var site = cell.sites[i]
                site.fractional = Structure.wrap(Vector3(u, v, 0))
                site.fractional.z = (zRel + vacuumA / 2) / cz
                sites.append(site)
                layerOfSite.append(pq - start)
                heightAboveBottomA.append(zRel)
            }
        }
        let fixedMask = try fixed.mask(heightsAboveBottomA: heightAboveBottomA, layerOfSite: layerOfSite,
                                       thicknessA: thicknessA, layerCount: planeRange.count)
        if let fixedMask {
            for i in sites.indices { sites[i].selectiveDynamics = Array(repeating: !fixedMask[i], count: 3) }
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
            warnings.append("no flat cut avoids the molecular ions: the slab is cut between layers of whole ions (rough surface)")
        }
        let dipole = charge.map { $0.dipole / cell2.areaA2 }
        let net = charge.map(\.net)
        let charged = net.map { abs($0) > 1e-6 } ?? false
        let polar = charged || (!symmetric && (dipole.map { abs($0) > options.polarThresholdEPerA } ?? false))
        if charged { warnings.append(String(format: "charged slab: net formal charge %+.2f e per surface cell", net ?? 0)) }
        if polar && !charged {
            warnings.append(String(format: "polar slab: dipole %.3f e·Å/Å² along the normal (formal charges); consider another termination or a symmetric slab", dipole ?? 0))
        }
        if !stoichiometric { warnings.append("slab \(structure.formula) is not stoichiometric (bulk \(cell.reducedFormula.formula))") }
        if supercell != .identity {
            do { structure = try structure.supercell(supercell.embedded3) } catch { preconditionFailure("\(error)") }
            layerOfSite = layerOfSite.flatMap { Array(repeating: $0, count: abs(supercell.determinant)) }
        }
        return Slab(structure: structure, miller: surface.miller, termination: terminations[termination],
                    topFormula: stack.planes[q % m].signature, layerCount: layerCount, layerOfSite: layerOfSite,
                    layerHeightsA: layerHeights, thicknessA: thicknessA, vacuumA: vacuumA, supercell: supercell,
                    isStoichiometric: stoichiometric, isSymmetric: symmetric, netChargeE: net, dipolePerAreaEPerA: dipole,
                    isPolar: polar, warnings: warnings)
    }
}
