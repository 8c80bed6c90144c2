import Foundation
import Crystal

/// Where the vacuum of a slab or interface cell is, and whether its two surfaces look alike.
public struct SlabGeometry: Sendable, Equatable {
    /// The lattice axis (0 = a, 1 = b, 2 = c) crossing the vacuum.
    public var vacuumAxis: Int
    /// Thickness of the vacuum gap in Å, measured along the axis' normal.
    public var vacuumA: Double
    /// Fractional coordinate (along `vacuumAxis`) of the middle of the atoms, in [0, 1).
    public var centreFractional: Double
    /// True when the two surfaces match (same elements at the same depths), so no dipole forms.
    public var isSymmetric: Bool

    /// Smallest gap in Å counted as vacuum.
    public static let minimumVacuumA = 5.0

    /// Finds the widest empty gap between atoms along each axis; nil when no gap is at least
    /// `minimumVacuumA` wide (a bulk cell).
    public static func detect(_ structure: Structure, minimumVacuumA: Double = SlabGeometry.minimumVacuumA) -> SlabGeometry? {
        guard structure.count > 0 else { return nil }
        let lattice = structure.lattice
        let reciprocal = lattice.reciprocalWithoutTwoPi
        var best: (axis: Int, gapA: Double, start: Double, gapFraction: Double)? = nil
        for axis in 0..<3 {
            // Spacing of lattice planes normal to this axis: 1/|b_axis| (crystallographic reciprocal).
            let planeSpacingA = 1 / length(reciprocal.matrix.rows[axis])
            let f = structure.fractionalPositions.map { $0[axis] - $0[axis].rounded(.down) }.sorted()
            var widest = (gap: 1 - f.last! + f.first!, start: f.last!)
            for i in 1..<max(1, f.count) where f[i] - f[i - 1] > widest.gap { widest = (f[i] - f[i - 1], f[i - 1]) }
            let gapA = widest.gap * planeSpacingA
            if best == nil || gapA > best!.gapA { best = (axis, gapA, widest.start, widest.gap) }
        }
        guard let best, best.gapA >= minimumVacuumA else { return nil }
        // The atoms run from the end of the gap upwards for (1 - gap).
        let bottom = best.start + best.gapFraction
        let centre = bottom + (1 - best.gapFraction) / 2
        let centreWrapped = centre - centre.rounded(.down)
        return SlabGeometry(vacuumAxis: best.axis, vacuumA: best.gapA, centreFractional: centreWrapped,
                            isSymmetric: symmetric(structure, axis: best.axis, centre: centreWrapped, lattice: lattice))
    }

    /// Compares, element by element, the depths (Å from the centre) of atoms above and below the centre.
    static func symmetric(_ structure: Structure, axis: Int, centre: Double, lattice: Lattice) -> Bool {
        let spacingA = 1 / length(lattice.reciprocalWithoutTwoPi.matrix.rows[axis])
        var above: [Element: [Double]] = [:], below: [Element: [Double]] = [:]
        for site in structure.sites {
            var d = site.fractional[axis] - centre
            d -= d.rounded()
            let depth = d * spacingA
            if abs(depth) < 0.05 { continue }  // atoms on the centre plane count for both sides
            if depth > 0 { above[site.element, default: []].append(depth) } else { below[site.element, default: []].append(-depth) }
        }
        guard Set(above.keys) == Set(below.keys) else { return false }
        for (element, up) in above {
            let down = below[element]!
            guard up.count == down.count else { return false }
            for (u, d) in zip(up.sorted(), down.sorted()) where abs(u - d) > 0.05 { return false }
        }
        return true
    }
}
