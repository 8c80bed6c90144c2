import Foundation

/// Checks on a finished slab: stoichiometry, symmetry of its two faces, dipole.
enum SlabAnalysis {
    /// True when `composition` is a whole multiple of the bulk's reduced formula.
    static func isStoichiometric(_ composition: [Element: Int], bulk: [Element: Int]) -> Bool {
        guard Set(composition.keys) == Set(bulk.keys), let (e, b) = bulk.first else { return false }
        let n = composition[e]!
        return bulk.allSatisfy { composition[$0.key]! * b == $0.value * n }
    }

    /// True when an operation that flips the normal (inversion, the z mirror or a two-fold axis in
    /// the plane, each with any in-plane translation) maps the slab onto itself.
    static func isSymmetric(_ slab: Structure, toleranceA: Double = 0.05) -> Bool {
        let lat = slab.lattice
        let a2 = Vector2(lat.a.x, lat.a.y), b2 = Vector2(lat.b.x, lat.b.y)
        let det = a2.x * b2.y - a2.y * b2.x
        let toFrac = { (p: Vector2) in Vector2((p.x * b2.y - p.y * b2.x) / det, (a2.x * p.y - a2.y * p.x) / det) }
        let cart = slab.cartesianPositionsA
        let zs = cart.map(\.z)
        guard let zmin = zs.min(), let zmax = zs.max() else { return true }
        let zc = (zmin + zmax) / 2
        // Candidate in-plane parts: −1, +1, and reflections across short lattice directions and
        // their perpendiculars (a two-fold axis in the plane acts on the plane as a reflection).
        var ops: [(Vector2) -> Vector2] = [{ -$0 }, { $0 }]
        for d in [a2, b2, a2 + b2, a2 - b2, 2 * a2 + b2, a2 + 2 * b2, 2 * a2 - b2, a2 - 2 * b2] {
            for u in [d / (d * d).sum().squareRoot(), Vector2(-d.y, d.x) / (d * d).sum().squareRoot()] {
                ops.append { p in 2 * (p * u).sum() * u - p }
            }
        }
        let isLatticeVector = { (v: Vector2) -> Bool in
            let f = toFrac(v)
            return abs(f.x - f.x.rounded()) < 1e-3 && abs(f.y - f.y.rounded()) < 1e-3
        }
        let inPlane = cart.map { Vector2($0.x, $0.y) }
        let n = slab.count
        func matches(_ p: Vector2, _ q: Vector2) -> Bool {
            var f = toFrac(p - q)
            f -= f.rounded(.toNearestOrEven)
            var best = Double.infinity
            for i in -1...1 { for j in -1...1 {
                let d = (f.x + Double(i)) * a2 + (f.y + Double(j)) * b2
                best = min(best, (d * d).sum())
            } }
            return best.squareRoot() < toleranceA
        }
        for op in ops where isLatticeVector(op(a2)) && isLatticeVector(op(b2)) {
            let image0 = op(inPlane[0]), z0 = 2 * zc - zs[0]
            for j in 0..<n where slab.sites[j].element == slab.sites[0].element && abs(zs[j] - z0) < toleranceA {
                let t = inPlane[j] - image0
                let all = (0..<n).allSatisfy { i in
                    let p = op(inPlane[i]) + t, z = 2 * zc - zs[i]
                    return (0..<n).contains { k in
                        slab.sites[k].element == slab.sites[i].element && abs(zs[k] - z) < toleranceA && matches(p, inPlane[k])
                    }
                }
                if all { return true }
            }
        }
        return false
    }

    /// Net charge and dipole (e·Å) along z about `centerZA`.
    static func dipole(_ slab: Structure, charges: [Double], centerZA: Double) -> (net: Double, dipole: Double) {
        let z = slab.cartesianPositionsA.map(\.z)
        return (charges.reduce(0, +), zip(charges, z).reduce(0) { $0 + $1.0 * ($1.1 - centerZA) })
    }
}
