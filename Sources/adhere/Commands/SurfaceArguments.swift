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

    /// Percent with sign: "-3.81 %".
    static func percent(_ x: Double) -> String { String(format: "%+.2f %%", x * 100) }

    /// One line of the match table.
    static func row(_ i: Int, _ m: LatticeMatch) -> String {
        String(format: "%4d  %-18@ %-18@ %9.2f %9.2f  %@ %@  %7.2f %%  %6d %6d", i, m.filmMatrix.description, m.substrateMatrix.description,
               m.areaA2, m.filmAreaA2, percent(m.principalStrains[0]), percent(m.principalStrains[1]), m.vonMisesStrain * 100,
               m.filmAtoms, m.substrateAtoms)
    }

    /// The header of the match table.
    static let header = "   #  film               substrate           area(Å²) film(Å²)  principal strains     vonMises   film    sub"
}
