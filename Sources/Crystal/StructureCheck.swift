import Foundation

/// The physical checks every structure reader applies to what it read (docs/input-limits.md):
/// at least one atom and at most `StructureLimits.maxAtoms`; finite lattice vectors no longer
/// than `maxLatticeLengthA`; a cell volume of at least `minCellVolumeA3`; fractional
/// coordinates finite and within `maxFractionalMagnitude`; no two atoms (nor an atom and its
/// own periodic image) closer than `minInteratomicDistanceA`. Atoms closer than
/// `closeContactFraction` × the sum of their covalent radii are warnings, not errors.
public enum StructureCheck {
    /// Checks `structure`; throws the first error, returns the warnings (close contacts).
    /// `siteLines` (one per site, when known) lets an error name the line of the atom.
    public static func validate(_ structure: Structure, file: String, line: Int? = nil, siteLines: [Int]? = nil)
        throws(StructureFileError) -> [String]
    {
        func fail(_ kind: StructureFileError.Kind, _ at: Int? = line) -> StructureFileError {
            StructureFileError(file: file, line: at, kind)
        }
        func siteLine(_ i: Int) -> Int? { siteLines.flatMap { i < $0.count ? $0[i] : nil } ?? line }

        guard structure.count > 0 else { throw fail(.noAtoms) }
        guard structure.count <= StructureLimits.maxAtoms else {
            throw fail(.tooManyAtoms(found: structure.count, limit: StructureLimits.maxAtoms))
        }
        try checkLattice(structure.lattice, file: file, line: line)
        for (i, site) in structure.sites.enumerated() {
            let f = site.fractional
            for k in 0..<3 where !(f[k].isFinite && abs(f[k]) <= StructureLimits.maxFractionalMagnitude) {
                throw fail(.outOfRange(field: "fractional \(["x", "y", "z"][k]) of atom \(i + 1) (\(site.element.symbol))",
                                       value: f[k], expected: "finite, within ±\(Int(StructureLimits.maxFractionalMagnitude)) of the cell"),
                           siteLine(i))
            }
        }
        return try closeContacts(structure, file: file, siteLine: siteLine)
    }

    /// Lattice vectors finite, not longer than the limit, cell volume above the floor, and the
    /// shortest lattice translation (an atom's distance to its own image) above the distance floor.
    public static func checkLattice(_ lattice: Lattice, file: String, line: Int?) throws(StructureFileError) {
        for (k, row) in lattice.matrix.rows.enumerated() {
            let n = length(row)
            guard [row.x, row.y, row.z].allSatisfy(\.isFinite), n.isFinite, n <= StructureLimits.maxLatticeLengthA else {
                throw StructureFileError(file: file, line: line, .outOfRange(
                    field: "lattice vector \(["a", "b", "c"][k])", value: n.isFinite ? n : .infinity,
                    expected: "a finite length up to \(Int(StructureLimits.maxLatticeLengthA)) Å"))
            }
        }
        let volume = lattice.volumeA3
        guard volume.isFinite, volume >= StructureLimits.minCellVolumeA3, lattice.matrix.inverse != nil else {
            throw StructureFileError(file: file, line: line, .degenerateCell(volumeA3: volume))
        }
        var shortest = Double.infinity
        for i in -1...1 { for j in -1...1 { for k in -1...1 where (i, j, k) != (0, 0, 0) {
            shortest = min(shortest, length(lattice.cartesian(fromFractional: Vector3(Double(i), Double(j), Double(k)))))
        } } }
        guard shortest >= StructureLimits.minInteratomicDistanceA else {
            throw StructureFileError(file: file, line: line, .atomsTooClose(
                first: "an atom", second: "its own periodic image", distanceA: shortest,
                floorA: StructureLimits.minInteratomicDistanceA))
        }
    }

    /// Error below the absolute floor; warnings below the covalent-radius fraction.
    static func closeContacts(_ s: Structure, file: String, siteLine: (Int) -> Int?) throws(StructureFileError) -> [String] {
        let largestRadius = s.speciesInOrder.map(\.covalentRadiusA).max() ?? 0
        let cutoff = max(StructureLimits.minInteratomicDistanceA, StructureLimits.closeContactFraction * 2 * largestRadius)
        var grid = PeriodicGrid(lattice: s.lattice, cutoffA: cutoff)
        var warnings: [String] = []
        for (i, site) in s.sites.enumerated() {
            for j in grid.candidates(near: site.fractional) {
                let other = s.sites[j]
                let d = s.lattice.minimumImageDistanceA(other.fractional, site.fractional)
                let name = { (k: Int, e: Element) in "atom \(k + 1) (\(e.symbol))" }
                if d < StructureLimits.minInteratomicDistanceA {
                    throw StructureFileError(file: file, line: siteLine(i), .atomsTooClose(
                        first: name(j, other.element), second: name(i, site.element), distanceA: d,
                        floorA: StructureLimits.minInteratomicDistanceA))
                }
                let warnAt = StructureLimits.closeContactFraction * (site.element.covalentRadiusA + other.element.covalentRadiusA)
                if d < warnAt, warnings.count < 20 {
                    warnings.append(String(format: "%@ and %@ are %.3f Å apart, below %.2f × the sum of their covalent radii (%.3f Å)",
                                           name(j, other.element), name(i, site.element), d,
                                           StructureLimits.closeContactFraction, warnAt))
                }
            }
            grid.insert(site.fractional)
        }
        return warnings
    }
}
