import Archive
import Adhesion
import Crystal

/// The scan stage's decisions, apart from any I/O: which registries and separations an
/// interface's scan visits, what its points are called, and which registry wins.
enum RegistryScan {
    /// The distance guard for scan points: the short side of an E(d) curve is meant to come
    /// close, so only atoms nearer than 0.4 of their covalent-radius sum are refused there.
    static let minimumDistanceFraction = 0.4

    /// The symmetry-reduced grid: the n × n shifts of the interface cell, one per orbit of the
    /// in-plane operations that map both the film and the substrate slab onto themselves.
    static func grid(for set: InterfaceSet, settings: ScanSettings) -> RegistryGrid {
        let rows = set.interface.lattice.matrix.rows
        let cell = Lattice2D(a: Vector2(rows[0].x, rows[0].y), b: Vector2(rows[1].x, rows[1].y))
        let candidates = RegistryGrid.latticeOperations(cell).filter { $0 != .identity }
        let shared = RegistryGrid.operations(RegistryGrid.operations(candidates, preserving: set.film), preserving: set.substrate)
        return RegistryGrid(divisions: settings.shiftDivisions, operations: shared, separationsA: settings.separationsA)
    }

    /// The id of scan point (shift index, separation index).
    static func pointID(_ interlayer: String, shift: Int, separation: Int) -> String {
        "\(interlayer)-scan-S\(shift)-D\(separation)"
    }

    /// The outcome once every point's energy is known: a UBER fit per shift; the winner is the
    /// shift with the lowest fitted minimum E∞ − E_b (the lowest sampled energy where a fit
    /// fails), relaxed at its fitted separation kept inside the scanned range.
    static func outcome(interlayer: String, grid: RegistryGrid, energiesEV: [[Double]]) -> ScanOutcome {
        let d = grid.separationsA
        let fits = energiesEV.map { e in try? UBERFit(separationsA: d, energiesEV: e) }
        let minima: [(energyEV: Double, separationA: Double)] = zip(fits, energiesEV).map { fit, e in
            if let fit { return (fit.energyInfinityEV - fit.bindingEnergyEV, min(max(fit.equilibriumSeparationA, d.first!), d.last!)) }
            let k = e.indices.min { e[$0] < e[$1] }!
            return (e[k], d[k])
        }
        let best = minima.indices.min { minima[$0].energyEV < minima[$1].energyEV }!
        return ScanOutcome(interlayer: interlayer, shiftsFractional: grid.shiftsFractional.map { [$0.x, $0.y] }, separationsA: d,
                           energiesEV: energiesEV, fits: fits, bestShift: best, bestSeparationA: minima[best].separationA)
    }
}
