import ArgumentParser
import Crystal
import Foundation
import Workflow

/// Argument helpers shared by `adhere slab`, `match` and `interface`.
///
/// Miller indices and supercell matrices are given as several values (`--miller 0 0 1`,
/// `--supercell 2 1 -1 2`) or one with commas (`--miller=1,-1,0`). Commands convert them in
/// `validate()`, so a bad value is a usage error (exit 64) naming the option.
enum SurfaceArguments {
    /// Integers from "1 1 0", "1,-1,0" or several values.
    static func integers(_ values: [String], option: String, count: Set<Int>) throws(ValidationError) -> [Int] {
        let fields = values.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }
        let ints = fields.compactMap { Int($0) }
        guard ints.count == fields.count, count.contains(ints.count), ints.allSatisfy({ abs($0) <= 1000 }) else {
            throw ValidationError("\(option) \(values.joined(separator: " ")): expected \(count.sorted().map(String.init).joined(separator: " or ")) integers, e.g. \(option) 0 0 1 (negative: \(option)=1,-1,0)")
        }
        return ints
    }

    /// A Miller index: three integers, not all zero.
    static func miller(_ values: [String], option: String) throws(ValidationError) -> MillerIndex {
        let v = try integers(values, option: option, count: [3])
        let range = StudyLimits.millerComponent
        guard v.allSatisfy(range.contains) else {
            throw ValidationError("\(option) \(values.joined(separator: " ")): each component must lie in \(range.lowerBound)…\(range.upperBound)")
        }
        guard let m = MillerIndex(v[0], v[1], v[2]) else { throw ValidationError("\(option) 0 0 0 is not a plane: expected e.g. 0 0 1") }
        return m
    }

    /// A supercell from "N1 N2" (diagonal) or "A B C D" (rows [[A, B], [C, D]]), entries and
    /// cell count within the study's limits (``StudyLimits``).
    static func supercell(_ values: [String], option: String) throws(ValidationError) -> IntMatrix2 {
        let v = try integers(values, option: option, count: [2, 4])
        let m = v.count == 2 ? IntMatrix2.diagonal(v[0], v[1]) : IntMatrix2(v[0], v[1], v[2], v[3])
        let entries = StudyLimits.supercellEntry
        guard [m.m00, m.m01, m.m10, m.m11].allSatisfy(entries.contains) else {
            throw ValidationError("\(option) \(m): entries must lie in \(entries.lowerBound)…\(entries.upperBound)")
        }
        guard m.determinant != 0 else { throw ValidationError("\(option) \(m): determinant 0, expected e.g. 4 4 or 2 1 -1 2") }
        guard StudyLimits.supercellCells.contains(abs(m.determinant)) else {
            throw ValidationError("\(option) \(m): \(abs(m.determinant)) surface cells; at most \(StudyLimits.supercellCells.upperBound)")
        }
        return m
    }

    /// Layers, thickness and vacuum within the study file's ranges (``StudyLimits``), so a slab's
    /// cost stays bounded.
    static func checkSlabSize(layers: Int, thicknessA: Double?, vacuumA: Double?) throws(ValidationError) {
        let l = StudyLimits.layers, t = StudyLimits.slabThicknessA
        guard l.contains(layers) else { throw ValidationError("layers: expected \(l.lowerBound)…\(l.upperBound) atomic planes, got \(layers)") }
        if let thicknessA, !(thicknessA.isFinite && t.contains(thicknessA)) {
            throw ValidationError("thickness: expected \(t.lowerBound)…\(t.upperBound) Å, got \(thicknessA)")
        }
        if let vacuumA, !(vacuumA.isFinite && (0...StudyLimits.vacuumA.upperBound).contains(vacuumA)) {
            throw ValidationError("--vacuum: expected 0…\(StudyLimits.vacuumA.upperBound) Å, got \(vacuumA)")
        }
    }

    /// Search limits of the lattice matcher: finite, positive, at most 1000 Å² and 20 % (the
    /// search grows as the area squared).
    static func checkMatchLimits(maxAreaA2: Double, maxStrain: Double, maxAngleStrain: Double) throws(ValidationError) {
        guard maxAreaA2.isFinite, (1...1000).contains(maxAreaA2) else { throw ValidationError("--max-area: expected 1…1000 Å², got \(maxAreaA2)") }
        for (name, x) in [("--max-strain", maxStrain), ("--max-angle-strain", maxAngleStrain)] where !(x.isFinite && x > 0 && x <= 0.2) {
            throw ValidationError("\(name): expected a fraction in (0, 0.2], got \(x)")
        }
    }

    /// Reads a bulk structure (POSCAR/CONTCAR/*.vasp, *.cif or *.xyz, by file name).
    static func readStructure(_ path: String) throws -> Structure {
        try StructureFile.read(path: path)
    }

    /// A slab thickness from a layer count or a thickness in Å (the latter wins when given).
    static func thickness(layers: Int, minimumA: Double?) -> SlabThickness {
        minimumA.map { .minimumA($0) } ?? .layers(layers)
    }

    /// A fixed region from "--fix-bottom 4" (Å), "--fix-bottom 4A" or "--fix-bottom 40%" (fraction).
    static func fixedRegion(bottom: String?, top: String?) throws -> FixedRegion {
        guard let text = bottom ?? top else { return .none }
        let option = bottom != nil ? "--fix-bottom" : "--fix-top"
        var t = text.trimmingCharacters(in: .whitespaces)
        let isFraction = t.hasSuffix("%")
        if isFraction { t.removeLast() } else if t.hasSuffix("A") || t.hasSuffix("Å") { t.removeLast() }
        guard let v = Double(t.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
            throw ValidationError("\(option) \(text): expected a thickness in Å (4) or a percentage of the slab (40%)")
        }
        if isFraction {
            guard v < 100 else { throw ValidationError("\(option) \(text): expected a percentage below 100") }
            return bottom != nil ? .bottomFraction(v / 100) : .topFraction(v / 100)
        }
        return bottom != nil ? .bottomA(v) : .topA(v)
    }

    /// `text` padded with spaces to `width` characters (left-aligned).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// The header of the termination table.
    static let terminationHeader =
        " row term kind           bottom   top      planes thick(Å) atoms formula                  stoich charge(e) dipole(e·Å/Å²) sym Tasker broken/Å²"

    /// One line of the termination table; `*` marks the row taken.
    static func terminationRow(_ t: TerminationCandidate, chosen: Bool) -> String {
        (chosen ? "*" : " ") + String(format: "%3d %4d ", t.row, t.termination) + pad(t.kind.rawValue, 14) + " " + pad(t.bottomFormula, 8)
            + " " + pad(t.topFormula, 8) + String(format: " %6d %8.3f %5d ", t.layers, t.thicknessA, t.atoms) + pad(t.formula, 24) + " "
            + pad(t.isStoichiometric ? "yes" : "no", 6)
            + String(format: " %+9.3f %14.4f ", t.netChargeE ?? 0, t.dipolePerAreaEPerA ?? 0) + pad(t.isSymmetric ? "yes" : "no", 3)
            + " " + pad(t.taskerType.map { "\($0)" } ?? "-", 6) + String(format: " %10.4f", t.brokenBondsPerA2)
    }

    /// Percent with sign: "-3.81 %".
    static func percent(_ x: Double) -> String { String(format: "%+.2f %%", x * 100) }

    /// One line of the match table.
    static func row(_ i: Int, _ m: LatticeMatch) -> String {
        String(format: "%4d  ", i) + pad(m.filmMatrix.description, 18) + " " + pad(m.substrateMatrix.description, 18)
            + String(format: " %9.2f %9.2f  %@ %@  %@  %7.2f %%  %6d %6d",
               m.areaA2, m.filmAreaA2, percent(m.principalStrains[0]), percent(m.principalStrains[1]), percent(m.arealStrain),
               m.vonMisesStrain * 100, m.filmAtoms, m.substrateAtoms)
    }

    /// The header of the match table.
    static let header = "   #  film               substrate           area(Å²) film(Å²)  principal strains ε1, ε2   areal      von Mises   film    sub"
}
