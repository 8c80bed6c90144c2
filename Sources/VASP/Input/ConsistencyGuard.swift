import Foundation
import Crystal

/// Refuses an interface whose film and substrate references were set up differently: W_ad is a
/// difference of total energies, meaningful only when all three share ENCUT, functional (GGA,
/// METAGGA), IVDW, PREC, the in-plane k-mesh and the in-plane lattice.
public enum ConsistencyGuard {
    /// One calculation taking part in the check.
    public struct Member: Sendable {
        /// Name shown in the list of differences.
        public var name: String
        /// Its INCAR.
        public var incar: Incar
        /// Its k-point mesh.
        public var kpoints: KPointMesh
        /// Its lattice (Å).
        public var lattice: Lattice
        /// The vacuum axis (nil for bulk).
        public var vacuumAxis: Int?

        /// Creates a member.
        public init(name: String, incar: Incar, kpoints: KPointMesh, lattice: Lattice, vacuumAxis: Int?) {
            self.name = name
            self.incar = incar
            self.kpoints = kpoints
            self.lattice = lattice
            self.vacuumAxis = vacuumAxis
        }
    }

    /// A setting that differs, with each member's value.
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        /// What differs ("ENCUT", "in-plane k-mesh", ...).
        public var setting: String
        /// Member name and its value, in member order.
        public var values: [String]

        public var description: String { "\(setting): " + values.joined(separator: ", ") }
    }

    /// The check failed.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        /// Every difference found.
        public var differences: [Difference]

        public var description: String {
            "interface and references are inconsistent; W_ad would compare unlike energies. Differences:\n"
                + differences.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Largest in-plane lattice vector difference in Å still counted as equal.
    public static let latticeToleranceA = 1e-4

    /// Every difference among `members` (empty when consistent).
    public static func differences(_ members: [Member]) -> [Difference] {
        guard members.count > 1 else { return [] }
        var out: [Difference] = []
        func compare(_ setting: String, _ value: (Member) -> String) {
            let values = members.map(value)
            if Set(values).count > 1 {
                out.append(Difference(setting: setting, values: zip(members, values).map { "\($0.name) \($1)" }))
            }
        }
        func tag(_ t: String) -> (Member) -> String { { $0.incar[t]?.incarText ?? "(unset)" } }
        compare("ENCUT", { m in m.incar["ENCUT"]?.doubleValue.map(IncarValue.format) ?? "(unset)" })
        compare("GGA", tag("GGA"))
        compare("METAGGA", tag("METAGGA"))
        compare("IVDW", tag("IVDW"))
        compare("PREC", tag("PREC"))
        compare("vacuum axis", { m in m.vacuumAxis.map { ["a", "b", "c"][$0] } ?? "none" })
        let axes = members.first!.vacuumAxis.map { v in (0..<3).filter { $0 != v } } ?? [0, 1]
        compare("in-plane k-mesh", { m in axes.map { String(m.kpoints.divisions[$0]) }.joined(separator: "×") })
        let reference = members.first!.lattice
        let inPlaneEqual = members.map { m in
            axes.allSatisfy { length(m.lattice.matrix.rows[$0] - reference.matrix.rows[$0]) <= latticeToleranceA }
        }
        if inPlaneEqual.contains(false) {
            out.append(Difference(setting: "in-plane lattice (Å)", values: members.map { m in
                "\(m.name) " + axes.map { a in
                    let r = m.lattice.matrix.rows[a]
                    return "[" + [r.x, r.y, r.z].map { String(format: "%.5f", $0) }.joined(separator: " ") + "]"
                }.joined(separator: " ")
            }))
        }
        return out
    }

    /// Throws a `Refusal` listing every difference when `members` disagree.
    public static func check(_ members: [Member]) throws(Refusal) {
        let found = differences(members)
        if !found.isEmpty { throw Refusal(differences: found) }
    }
}
