import Crystal
import Foundation
import VASP

/// The relaxed bulk cells a plan's later stages are cut from: the final structure (lattice and
/// positions) of every parsed bulk calculation, read from its vasprun.xml.
public struct RelaxedBulks: Sendable {
    /// Relaxed cell by bulk calculation id.
    public var cells: [String: Structure]

    /// Creates a set of relaxed cells (empty: no bulk parsed yet).
    public init(cells: [String: Structure] = [:]) { self.cells = cells }

    /// Reads the final structures of the parsed bulk calculations of a study (none when the
    /// study has no state store yet; the store is not created).
    public static func load(studyDirectory: URL) throws -> RelaxedBulks {
        guard StateStore.exists(studyDirectory: studyDirectory) else { return RelaxedBulks() }
        return try load(store: try StateStore.open(studyDirectory: studyDirectory), studyDirectory: studyDirectory)
    }

    /// Reads the final structures of the parsed bulk calculations in `store`.
    public static func load(store: StateStore, studyDirectory: URL) throws -> RelaxedBulks {
        var cells: [String: Structure] = [:]
        for record in try store.calculations(in: [.parsed]) where record.role == CalculationRole.bulk.rawValue {
            let path = studyDirectory.appendingPathComponent(record.folder).appendingPathComponent("vasprun.xml").path
            let run = try Vasprun.parse(path: path, options: VasprunOptions(trajectory: false))
            cells[record.id] = run.finalStructure ?? run.lastStep.structure
        }
        return RelaxedBulks(cells: cells)
    }
}
