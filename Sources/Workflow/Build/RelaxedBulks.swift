import Crystal
import Foundation
import Engines
import VASP

/// The relaxed bulk cells a plan's later stages are cut from: the final structure (lattice and
/// positions) of every parsed bulk calculation, read from its vasprun.xml.
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
        var cells = known.cells
        var scanEnergies = known.scanEnergiesEV
        for record in try store.calculations(in: [.parsed]) {
            let folder = studyDirectory.appendingPathComponent(record.folder)
            if record.role == CalculationRole.scan.rawValue, scanEnergies[record.id] == nil {
                if StudyEngine.engine(ofFolder: folder).isASEDriven {
                    scanEnergies[record.id] = try EngineResultReader.read(path: EngineCollect.resultPath(folder)).energyEV
                } else {
                    let run = try Vasprun.parse(path: folder.appendingPathComponent("vasprun.xml").path, options: VasprunOptions(trajectory: false))
                    scanEnergies[record.id] = run.energies.energySigma0EV
                }
            } else if record.role == CalculationRole.bulk.rawValue, cells[record.id] == nil {
                if StudyEngine.engine(ofFolder: folder).isASEDriven {
                    cells[record.id] = try engineCell(folder: folder)
                } else {
                    let run = try Vasprun.parse(path: folder.appendingPathComponent("vasprun.xml").path, options: VasprunOptions(trajectory: false))
                    cells[record.id] = run.finalStructure ?? run.lastStep.structure
                }
            }
        }
        return RelaxedBulks(cells: cells, scanEnergiesEV: scanEnergies)
    }

    /// An ASE engine's last step (lattice, Cartesian positions and species; docs/engines.md).
    static func engineCell(folder: URL) throws -> Structure {
        let result = try EngineResultReader.read(path: EngineCollect.resultPath(folder))
        guard let cell = EngineCollect.finalStructure(result) else {
            throw BuildError.inputs(calculation: folder.lastPathComponent, underlying: "the engine's result has no final cell")
        }
        return cell
    }

    /// Adds what `other` holds (a collect pass's newly parsed bulks and scan points).
    public mutating func merge(_ other: RelaxedBulks) {
        cells.merge(other.cells) { $1 }
        scanEnergiesEV.merge(other.scanEnergiesEV) { $1 }
    }
}
