import Foundation

/// The atomic planes of an oriented cell along its surface normal, and which gaps between
/// them a cut may pass through without breaking a molecular bond.
///
/// When no gap between atomic planes is free of molecular bonds (tilted, interleaved molecular
/// ions, as in lithium triflate), the planes are formed from whole molecules instead: each
/// molecule is placed by its centroid height and keeps its atoms, so any cut between these
/// molecular layers leaves every ion whole (the surface is then not atomically flat).
struct LayerStack {
    /// One plane: its atoms, its mean (anchor) height (Å, unwrapped) and composition.
    struct Plane {
        var atoms: [Int]
        var heightA: Double
        var signature: String
    }
    /// How the planes were formed.
    enum Mode { case atomicPlanes, molecularLayers, bondsIgnored }

    /// Planes in order of height within one repeat.
    let planes: [Plane]
    /// Unwrapped height of every atom (Å), consistent within each molecule.
    let heightsA: [Double]
    /// The stacking repeat (Å).
    let repeatA: Double
    /// allowed[p]: a cut between plane p and plane p+1 (cyclically) breaks no bond.
    let allowed: [Bool]
    /// How the planes were formed.
    let mode: Mode
    /// Molecule id of each atom (atoms bonded together share one).
    let moleculeOf: [Int]

    /// True when bonds blocked every gap and could not be kept (a covalent network).
    var bondsIgnored: Bool { mode == .bondsIgnored }

    /// A bond from atom i to atom j's image, with the height difference along the normal.
    struct Bond { let i: Int, j: Int, dz: Double }

    init(cell: Structure, repeatA: Double, toleranceA: Double, bonds rule: BondRule) {
        self.repeatA = repeatA
        let n = cell.count
        let h0 = cell.sites.map { Structure.wrap($0.fractional).z * repeatA }
        let bonds = LayerStack.bonds(cell, heights: h0, repeatA: repeatA, rule: rule)
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for b in bonds { parent[find(b.i)] = find(b.j) }
        let molecule = (0..<n).map { find($0) }
        self.moleculeOf = molecule

        // First try: atomic planes, cuts only through gaps no bond crosses.
        let (planes, h) = LayerStack.cluster(keys: h0, heights: h0, repeatA: repeatA, toleranceA: toleranceA, cell: cell)
        let gaps = LayerStack.gapHeights(planes, repeatA: repeatA)
        var blocked = [Bool](repeating: false, count: planes.count)
        for b in bonds {
            let (lo, hi) = (min(h[b.i], h[b.i] + b.dz), max(h[b.i], h[b.i] + b.dz))
            for p in gaps.indices {
                let k = ((lo - gaps[p]) / repeatA).rounded(.down) + 1
                if gaps[p] + k * repeatA < hi { blocked[p] = true }
            }
        }
        if !blocked.allSatisfy({ $0 }) {
            (self.planes, self.heightsA, self.allowed, self.mode) = (planes, h, blocked.map { !$0 }, .atomicPlanes)
            return
        }
        // Second try: whole molecules placed by their centroids.
        if let u = LayerStack.unwrapMolecules(n: n, bonds: bonds, heights: h0) {
            var sum: [Int: Double] = [:], count: [Int: Int] = [:]
            for i in 0..<n { sum[molecule[i], default: 0] += u[i]; count[molecule[i], default: 0] += 1 }
            let anchor = (0..<n).map { sum[molecule[$0]]! / Double(count[molecule[$0]]!) }
            // Wrap each molecule's anchor into [0, repeat) and move its atoms with it.
            let shift = anchor.map { -($0 / repeatA).rounded(.down) * repeatA }
            let keys = (0..<n).map { anchor[$0] + shift[$0] }
            let atomHeights = (0..<n).map { u[$0] + shift[$0] }
            let (mp, mh) = LayerStack.cluster(keys: keys, heights: atomHeights, repeatA: repeatA, toleranceA: toleranceA, cell: cell)
            (self.planes, self.heightsA, self.allowed, self.mode) = (mp, mh, [Bool](repeating: true, count: mp.count), .molecularLayers)
            return
        }
        (self.planes, self.heightsA, self.allowed, self.mode) = (planes, h, [Bool](repeating: true, count: planes.count), .bondsIgnored)
    }

    /// Molecular bonds of the cell over periodic images.
    static func bonds(_ cell: Structure, heights h: [Double], repeatA: Double, rule: BondRule) -> [Bond] {
        let species = cell.speciesInOrder
        let maxCut = species.flatMap { a in species.compactMap { rule.cutoffA(a, $0) } }.max() ?? 0
        guard maxCut > 0 else { return [] }
        let lat = cell.lattice
        let n = cell.count
        let nc = Int((maxCut / repeatA).rounded(.up)) + 1
        let reach = { (v: Vector3) in Int((maxCut / max(length(v), 0.5)).rounded(.up)) + 1 }
        let (na, nb) = (reach(lat.a), reach(lat.b))
        let cart = (0..<n).map { i -> Vector3 in
            var f = Structure.wrap(cell.sites[i].fractional)
            f.z = h[i] / repeatA
            return lat.cartesian(fromFractional: f)
        }
        var out: [Bond] = []
        for i in 0..<n {
            for j in i..<n {
                guard let cut = rule.cutoffA(cell.sites[i].element, cell.sites[j].element) else { continue }
                for ia in -na...na { for ib in -nb...nb { for ic in -nc...nc {
                    if i == j && ia == 0 && ib == 0 && ic == 0 { continue }
                    let shift = Double(ia) * lat.a + Double(ib) * lat.b + Double(ic) * lat.c
                    if length(cart[j] + shift - cart[i]) < cut {
                        out.append(Bond(i: i, j: j, dz: h[j] + Double(ic) * repeatA - h[i]))
                    }
                } } }
            }
        }
        return out
    }

    /// Heights of every atom made continuous along each molecule's bonds; nil when a molecule
    /// bonds to its own image along the normal (an infinite chain or network).
    static func unwrapMolecules(n: Int, bonds: [Bond], heights: [Double]) -> [Double]? {
        var adjacency = [[(Int, Double)]](repeating: [], count: n)
        for b in bonds {
            adjacency[b.i].append((b.j, b.dz))
            adjacency[b.j].append((b.i, -b.dz))
        }
        var u = [Double?](repeating: nil, count: n)
        for root in 0..<n where u[root] == nil {
            u[root] = heights[root]
            var queue = [root]
            while let i = queue.popLast() {
                for (j, dz) in adjacency[i] {
                    let expected = u[i]! + dz
                    if let uj = u[j] {
                        if abs(uj - expected) > 1e-6 { return nil }
                    } else {
                        u[j] = expected
                        queue.append(j)
                    }
                }
            }
        }
        return u.map { $0! }
    }

    /// Clusters atoms by `keys` (periodic in `repeatA`) into planes, starting after the widest
    /// empty gap so no plane straddles the boundary; returns the planes and the atom heights
    /// moved up by one repeat where their key was.
    static func cluster(keys k0: [Double], heights: [Double], repeatA: Double, toleranceA: Double, cell: Structure)
        -> ([Plane], [Double])
    {
        let n = k0.count
        var k = k0, h = heights
        let order = k.indices.sorted { k[$0] < k[$1] }
        var widest = (gap: -1.0, after: 0)
        for (idx, i) in order.enumerated() {
            let next = idx + 1 < n ? k[order[idx + 1]] : k[order[0]] + repeatA
            if next - k[i] > widest.gap { widest = (next - k[i], idx) }
        }
        let start = k[order[(widest.after + 1) % n]]
        for i in k.indices where k[i] < start - 1e-9 { k[i] += repeatA; h[i] += repeatA }
        let sorted = k.indices.sorted { k[$0] < k[$1] }
        var planes: [Plane] = []
        var current: [Int] = []
        func close() {
            let mean = current.reduce(0) { $0 + k[$1] } / Double(current.count)
            var counts: [Element: Int] = [:]
            for i in current { counts[cell.sites[i].element, default: 0] += 1 }
            planes.append(Plane(atoms: current, heightA: mean, signature: Structure.formatFormula(counts)))
        }
        for i in sorted {
            if let last = current.last, k[i] - k[last] > toleranceA { close(); current = [] }
            current.append(i)
        }
        if !current.isEmpty { close() }
        return (planes, h)
    }

    /// Heights of the gaps between consecutive planes (cyclic).
    static func gapHeights(_ planes: [Plane], repeatA: Double) -> [Double] {
        let m = planes.count
        return (0..<m).map { p in (planes[p].heightA + (p + 1 < m ? planes[p + 1].heightA : planes[0].heightA + repeatA)) / 2 }
    }

    /// The cyclic sequence of plane compositions and spacings starting at plane `s`, used to
    /// tell terminations apart.
    func sequenceSignature(from s: Int) -> String {
        let m = planes.count
        return (0..<m).map { k -> String in
            let p = (s + k) % m, q = (s + k + 1) % m
            var dz = planes[q].heightA - planes[p].heightA
            if dz <= 0 { dz += repeatA }
            return "\(planes[p].signature)@\(String(format: "%.2f", dz))|\(allowed[p] ? "c" : "-")"
        }.joined(separator: " ")
    }
}
