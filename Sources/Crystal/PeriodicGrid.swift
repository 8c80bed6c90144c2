/// Fractional points binned in a periodic grid whose bins are at least `cutoffA` wide, so
/// every point within `cutoffA` of a query lies in the query's bin or one of its neighbours.
/// Makes close-contact searches and symmetry-image merging O(N) instead of O(N²).
struct PeriodicGrid {
    let lattice: Lattice
    let bins: [Int]
    private(set) var points: [Vector3] = []
    private var cells: [Int: [Int]] = [:]

    /// A grid for `lattice` (positive volume) with bins at least `cutoffA` wide (at most 48 per axis).
    init(lattice: Lattice, cutoffA: Double) {
        self.lattice = lattice
        let reciprocal = lattice.reciprocalWithoutTwoPi.matrix.rows
        bins = reciprocal.map { row in
            let spacingA = 1 / length(row)
            guard spacingA.isFinite, cutoffA > 0 else { return 1 }
            return max(1, min(48, Int(spacingA / cutoffA)))
        }
    }

    private func bin(_ f: Vector3) -> [Int] {
        let w = Structure.wrap(f)
        return (0..<3).map { k in min(bins[k] - 1, max(0, Int(w[k] * Double(bins[k])))) }
    }

    private func key(_ b: [Int]) -> Int { (b[0] * bins[1] + b[1]) * bins[2] + b[2] }

    /// Adds a point; returns its index.
    @discardableResult
    mutating func insert(_ f: Vector3) -> Int {
        points.append(f)
        cells[key(bin(f)), default: []].append(points.count - 1)
        return points.count - 1
    }

    /// Indices of the points that can lie within `cutoffA` of `f` (a superset).
    func candidates(near f: Vector3) -> [Int] {
        let b = bin(f)
        let offsets = (0..<3).map { k in Set((-1...1).map { ((b[k] + $0) % bins[k] + bins[k]) % bins[k] }) }
        var out: [Int] = []
        for i in offsets[0] { for j in offsets[1] { for k in offsets[2] {
            if let members = cells[key([i, j, k])] { out.append(contentsOf: members) }
        } } }
        return out
    }
}
