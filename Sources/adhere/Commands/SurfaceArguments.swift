import ArgumentParser
import Crystal
import Foundation

/// Argument helpers shared by `adhere slab`, `match` and `interface`.
enum SurfaceArguments {
    /// Reads a bulk structure (POSCAR/CONTCAR/*.vasp; CIF when the reader is present).
    static func readStructure(_ path: String) throws -> Structure {
        do { return try StructureInput.read(path: path) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Integers from "1 1 0", "1,-1,0" or several values ("--miller 0 0 1").
    static func integers(_ values: [String], option: String, count: Set<Int>) throws -> [Int] {
        let fields = values.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }) }
        let ints = fields.compactMap { Int($0) }
        guard ints.count == fields.count, count.contains(ints.count) else {
            throw ValidationError("\(option) \(values.joined(separator: " ")): expected \(count.sorted().map(String.init).joined(separator: " or ")) integers, e.g. \(option) 0 0 1 (negative: \(option)=1,-1,0)")
        }
        return ints
    }

    /// A Miller index from an option's values.
    static func miller(_ values: [String], option: String) throws -> MillerIndex {
        let v = try integers(values, option: option, count: [3])
        guard let m = MillerIndex(v[0], v[1], v[2]) else { throw ValidationError("\(option) 0 0 0 is not a plane: expected e.g. 0 0 1") }
        return m
    }

    /// A supercell from "N1 N2" (diagonal) or "A B C D" (rows [[A, B], [C, D]]).
    static func supercell(_ values: [String], option: String) throws -> IntMatrix2 {
        let v = try integers(values, option: option, count: [2, 4])
        let m = v.count == 2 ? IntMatrix2.diagonal(v[0], v[1]) : IntMatrix2([[v[0], v[1]], [v[2], v[3]]])
        guard m.determinant != 0 else { throw ValidationError("\(option) \(m): determinant 0, expected e.g. 4 4 or 2 1 -1 2") }
        return m
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
