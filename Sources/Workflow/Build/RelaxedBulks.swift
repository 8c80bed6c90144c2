import Crystal
import Foundation
import Engines
import VASP

/// The relaxed bulk cells a plan's later stages are cut from: the final structure (lattice and
/// positions) of every parsed bulk calculation, and the energies of the parsed scan points.
public struct RelaxedBulks: Sendable {
    /// Relaxed cell by bulk calculation id.
    public var cells: [String: Structure]
    /// Final energy (σ → 0, eV) of every parsed scan point, by calculation id.
    public var scanEnergiesEV: [String: Double] = [:]

    /// Creates a set of relaxed cells (empty: no bulk parsed yet).
    public init(cells: [String: Structure] = [:], scanEnergiesEV: [String: Double] = [:]) {
        self.cells = cells
        self.scanEnergiesEV = scanEnergiesEV
    }

    /// Reads the final structures of the parsed bulk calculations of a study (none when the
    /// study has no state store yet; the store is not created).
    public static func load(studyDirectory: URL) throws -> RelaxedBulks {
        guard StateStore.exists(studyDirectory: studyDirectory) else { return RelaxedBulks() }
        return try load(store: try StateStore.open(studyDirectory: studyDirectory), studyDirectory: studyDirectory)
    }

    /// Reads the final structures of the parsed bulk calculations in `store` (and the energies
    /// of the parsed scan points). What `known` already holds is kept, not parsed again: a run
    /// passes what it loaded before, so each output is read once per run.
    public static func load(store: StateStore, studyDirectory: URL, reusing known: RelaxedBulks = RelaxedBulks()) throws -> RelaxedBulks {
        var bulks = known
        for record in try store.calculations(in: [.parsed]) where bulks.needs(record.id, role: record.role) {
            let folder = studyDirectory.appendingPathComponent(record.folder)
            if StudyEngine.engine(ofFolder: folder).isASEDriven {
                let result = try EngineResultReader.read(path: EngineCollect.resultPath(folder))
                let cell = EngineCollect.finalStructure(result)
                if cell == nil, record.role == CalculationRole.bulk.rawValue {
                    throw BuildError.inputs(calculation: record.id, underlying: "the engine's result has no final cell")
                }
                bulks.take(record.id, role: record.role, cell: cell, energySigma0EV: result.energyEV)
            } else {
                let run = try Vasprun.parse(path: folder.appendingPathComponent("vasprun.xml").path, options: VasprunOptions(trajectory: false))
                bulks.take(record.id, role: record.role, cell: run.finalStructure ?? run.lastStep.structure,
                           energySigma0EV: run.energies.energySigma0EV)
            }
        }
        return bulks
    }

    /// True when a parsed calculation gives the planner something this set does not hold yet:
    /// a bulk's relaxed cell or a scan point's energy.
    func needs(_ id: String, role: String) -> Bool {
        switch CalculationRole(rawValue: role) {
        case .bulk: return cells[id] == nil
        case .scan: return scanEnergiesEV[id] == nil
        default: return false
        }
    }

    /// Keeps what the planner uses of a parsed calculation: a bulk's relaxed cell, a scan
    /// point's energy (σ → 0); other roles give it nothing.
    mutating func take(_ id: String, role: String, cell: Structure?, energySigma0EV: Double?) {
        switch CalculationRole(rawValue: role) {
        case .bulk: if let cell { cells[id] = cell }
        case .scan: if let energySigma0EV { scanEnergiesEV[id] = energySigma0EV }
        default: break
        }
    }

    /// Adds what `other` holds (a collect pass's newly parsed bulks and scan points).
    public mutating func merge(_ other: RelaxedBulks) {
        cells.merge(other.cells) { $1 }
        scanEnergiesEV.merge(other.scanEnergiesEV) { $1 }
    }
}
