import Foundation

/// The atomic planes of an oriented cell along its surface normal, and which gaps between
/// them a cut may pass through without breaking a molecular bond.
struct LayerStack {
    /// One atomic plane: the atoms in it and its mean height (Å, unwrapped).
    struct Plane {
        var atoms: [Int]
        var heightA: Double
        var signature: String
    }
    /// Planes in order of height within one repeat.
    let planes: [Plane]
    /// Unwrapped height of every atom (Å), within [start, start + repeat).
    let heightsA: [Double]
    /// The stacking repeat (Å).
    let repeatA: Double
    /// allowed[p]: a cut between plane p and plane p+1 (cyclically) breaks no bond.
    let allowed: [Bool]
    /// True when bonds blocked every gap and were ignored.
    let bondsIgnored: Bool
    /// Molecule id of each atom (atoms bonded together share one).
    let moleculeOf: [Int]

    init(cell: Structure, repeatA: Double, toleranceA: Double, bonds: BondRule) {
        self.repeatA = repeatA
        let n = cell.count
        var h = cell.sites.map { Structure.wrap($0.fractional).z * repeatA }
        // Start after the widest empty gap so no plane straddles the cell boundary.
        let order = h.indices.sorted { h[$0] < h[$1] }
        var widest = (gap: -1.0, after: 0)
        for (k, i) in order.enumerated() {
            let next = k + 1 < n ? h[order[k + 1]] : h[order[0]] + repeatA
            if next - h[i] > widest.gap { widest = (next - h[i], k) }
        }
        let startIndex = (widest.after + 1) % n
        let start = h[order[startIndex]]
        for i in h.indices where h[i] < start - 1e-9 { h[i] += repeatA }
        let sorted = h.indices.sorted { h[$0] < h[$1] }
        var planes: [Plane] = []
        var current: [Int] = []
        for i in sorted {
            if let last = current.last, h[i] - h[last] > toleranceA {
                planes.append(LayerStack.plane(current, h, cell))
                current = []
            }
            current.append(i)
        }
        if !current.isEmpty { planes.append(LayerStack.plane(current, h, cell)) }
        self.planes = planes
        self.heightsA = h
        var planeOf = [Int](repeating: 0, count: n)
        for (p, plane) in planes.enumerated() { for i in plane.atoms { planeOf[i] = p } }

        // Gap heights (cyclic) and the bonds that cross them.
        let m = planes.count
        let gaps = (0..<m).map { p in (planes[p].heightA + (p + 1 < m ? planes[p + 1].heightA : planes[0].heightA + repeatA)) / 2 }
        var blocked = [Bool](repeating: false, count: m)
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        let maxCut = cell.speciesInOrder.flatMap { a in cell.speciesInOrder.compactMap { bonds.cutoffA(a, $0) } }.max() ?? 0
        if maxCut > 0 {
            let lat = cell.lattice
            let nc = Int((maxCut / repeatA).rounded(.up)) + 1
            let reach = { (v: Vector3) in Int((maxCut / max(length(v), 0.5)).rounded(.up)) + 1 }
            let (na, nb) = (reach(lat.a), reach(lat.b))
            let cart = cell.sites.indices.map { i -> Vector3 in
                var f = Structure.wrap(cell.sites[i].fractional)
                f.z = h[i] / repeatA
                return lat.cartesian(fromFractional: f)
            }
            for i in 0..<n {
                for j in i..<n {
                    guard let cut = bonds.cutoffA(cell.sites[i].element, cell.sites[j].element) else { continue }
                    for ia in -na...na { for ib in -nb...nb { for ic in -nc...nc {
                        if i == j && ia == 0 && ib == 0 && ic == 0 { continue }
                        let shift = Double(ia) * lat.a + Double(ib) * lat.b + Double(ic) * lat.c
                        let d = length(cart[j] + shift - cart[i])
                        guard d < cut else { continue }
                        parent[find(i)] = find(j)
                        let zi = h[i], zj = h[j] + Double(ic) * repeatA
                        let (lo, hi) = (min(zi, zj), max(zi, zj))
                        for p in 0..<m {
                            // Is there an integer k with lo < gap + k·repeat < hi?
                            let k = ((lo - gaps[p]) / repeatA).rounded(.down) + 1
                            if gaps[p] + k * repeatA < hi { blocked[p] = true }
                        }
                    } } }
                }
            }
        }
        self.moleculeOf = (0..<n).map { find($0) }
        if blocked.allSatisfy({ $0 }) {
            self.allowed = [Bool](repeating: true, count: m)
            self.bondsIgnored = true
        } else {
            self.allowed = blocked.map { !$0 }
            self.bondsIgnored = false
        }
        _ = planeOf
    }

    private static func plane(_ atoms: [Int], _ h: [Double], _ cell: Structure) -> Plane {
        let mean = atoms.reduce(0) { $0 + h[$1] } / Double(atoms.count)
        var counts: [Element: Int] = [:]
        for i in atoms { counts[cell.sites[i].element, default: 0] += 1 }
        return Plane(atoms: atoms, heightA: mean, signature: Structure.formatFormula(counts))
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
