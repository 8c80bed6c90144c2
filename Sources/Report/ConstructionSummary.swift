import Adhesion
import Archive
import Crystal
import Foundation

/// What `adhere report` prints under the table about how each interface was built: the
/// substrate and film terminations with their numbers, the film's named strains, the fixed
/// atoms, the starting separation, the scan's relaxed registry, and every bulk lattice as read
/// and as relaxed (bulk-first); then whether σ's series has settled. Only what the archive
/// records; interfaces archived without it are named as such.
public struct ConstructionSummary: Sendable {
    /// The interfaces, in table order.
    public var interfaces: [ArchivedInterface]

    /// A summary of the archive's interfaces.
    public init(_ archive: StudyArchive) { interfaces = archive.interfaces }

    /// One line per termination: "substrate Li2CO3(001): row 2, Li8C4O12, stoichiometric, charge +0.00 e, dipole 0.0000 e·Å/Å², symmetric, Tasker 2".
    static func termination(_ side: String, _ label: String, _ t: TerminationCandidate, selection: String?) -> String {
        var parts = ["row \(t.row)" + (selection.map { " (\($0))" } ?? ""), t.formula, t.isStoichiometric ? "stoichiometric" : "non-stoichiometric"]
        if let q = t.netChargeE { parts.append(String(format: "charge %+.2f e", q)) }
        if let p = t.dipolePerAreaEPerA { parts.append(String(format: "dipole %+.4f e·Å/Å²", abs(p) < 5e-5 ? 0.0 : p)) }  // no "−0.0000"
        parts.append(t.isSymmetric ? "symmetric" : "asymmetric")
        if let tasker = t.taskerType { parts.append("Tasker \(tasker)") }
        return "- \(side) \(label): " + parts.joined(separator: ", ")
    }

    /// "a b c (Å), α β γ (°)".
    static func cell(_ l: Lattice) -> String {
        let (a, b, c) = l.lengthsA, (al, be, ga) = l.anglesDeg
        return String(format: "%.4f %.4f %.4f Å, %.2f %.2f %.2f°", a, b, c, al, be, ga)
    }

    /// The Markdown section (empty when the archive has no interfaces).
    public func markdown() -> String {
        guard !interfaces.isEmpty else { return "" }
        var out = "\n## How the interfaces were built\n"
        var lattices: [String: BulkLattice] = [:]
        var sigmaNotes: [String] = []
        for i in interfaces {
            out += "\n### \(i.filmLabel) | \(i.substrateLabel)\n\n"
            guard let c = i.construction else {
                out += "- not recorded (archived before terminations and fixed regions were kept)\n"
                continue
            }
            out += Self.termination("substrate", i.substrateLabel, c.substrateTermination, selection: c.substrateSelection) + "\n"
            out += Self.termination("film", i.filmLabel, c.filmTermination, selection: nil) + "\n"
            for note in c.terminationNotes { out += "  - \(note)\n" }
            let p = c.principalStrains.map { String(format: "%+.2f %%", $0 * 100) }.joined(separator: ", ")
            out += String(format: "- film strain: principal %@; areal %+.2f %%; von Mises %.2f %%\n", p, c.arealStrain * 100, c.vonMisesStrain * 100)
            out += "- fixed atoms: substrate \(c.substrateFixedAtoms) (\(c.substrateFixedRegion)), film \(c.filmFixedAtoms) (\(c.filmFixedRegion)); the same in the interface and its references\n"
            out += String(format: "- starting separation %.3f Å (%@)\n", c.startingSeparationA, c.separationSource)
            if let s = i.scan, s.shiftsFractional.indices.contains(s.bestShift) {
                let shift = s.shiftsFractional[s.bestShift]
                out += String(format: "- scan: %d registries × %d separations; relaxed shift (%.3f, %.3f) at %.3f Å\n",
                              s.shiftsFractional.count, s.separationsA.count, shift[0], shift[1], s.bestSeparationA)
            }
            for l in c.bulkLattices { lattices[l.id] = l }
            if case let .fiorentiniMethfessel(fit) = i.analysis.surfaceEnergy, let m = SurfaceEnergySeries.convergence(fit).message,
               !sigmaNotes.contains(m) {
                sigmaNotes.append(m)
            }
        }
        if !lattices.isEmpty {
            out += "\n### Bulk lattices (as read → relaxed)\n\n"
            for (id, l) in lattices.sorted(by: { $0.key < $1.key }) {
                let relaxed = l.relaxed.map(Self.cell) ?? "not relaxed"
                out += "- \(id): \(Self.cell(l.input)) → \(relaxed)\(l.usedForSlabs ? "" : " (slabs from bulk_lattice_a)")\n"
            }
        }
        for m in sigmaNotes { out += "\n\(m)\n" }
        return out
    }
}
