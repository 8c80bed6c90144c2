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

    /// Common formal oxidation states of atoms that are not part of a molecular ion.
    static let formalCharge: [String: Double] = [
        "H": 1, "Li": 1, "Na": 1, "K": 1, "Rb": 1, "Cs": 1, "Be": 2, "Mg": 2, "Ca": 2, "Sr": 2, "Ba": 2,
        "Sc": 3, "Y": 3, "La": 3, "Ce": 3, "Pr": 3, "Nd": 3, "Sm": 3, "Gd": 3, "Al": 3, "Ga": 3, "In": 3,
        "Ti": 4, "Zr": 4, "Hf": 4, "Nb": 5, "Ta": 5, "Zn": 2, "Cd": 2, "Ag": 1,
        "O": -2, "S": -2, "Se": -2, "F": -1, "Cl": -1, "Br": -1, "I": -1, "N": -3,
    ]

    /// Formal charge of every atom of a bulk cell. Atoms of a molecular ion (same id in
    /// `molecules`, more than one atom) share evenly the charge that balances the other atoms,
    /// the same for every ion. Nil when an element has no formal charge here.
    static func formalCharges(_ cell: Structure, molecules: [Int]) -> [Double]? {
        var size: [Int: Int] = [:]
        for m in molecules { size[m, default: 0] += 1 }
        var q = [Double](repeating: 0, count: cell.count)
        var ionic = 0.0
        var molecularAtoms: [Int] = []
        for i in 0..<cell.count {
            if size[molecules[i]]! > 1 { molecularAtoms.append(i); continue }
            guard let c = formalCharge[cell.sites[i].element.symbol] else { return nil }
            q[i] = c
            ionic += c
        }
        if molecularAtoms.isEmpty { return abs(ionic) < 1e-9 ? q : nil }
        let ions = Set(molecularAtoms.map { molecules[$0] }).count
        let perIon = -ionic / Double(ions)
        for i in molecularAtoms { q[i] = perIon / Double(size[molecules[i]]!) }
        return q
    }

    /// Net charge and dipole (e·Å) along z about `centerZA`.
    static func dipole(_ slab: Structure, charges: [Double], centerZA: Double) -> (net: Double, dipole: Double) {
        let z = slab.cartesianPositionsA.map(\.z)
        return (charges.reduce(0, +), zip(charges, z).reduce(0) { $0 + $1.0 * ($1.1 - centerZA) })
    }
}
