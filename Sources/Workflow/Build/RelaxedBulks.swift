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

    /// Reads the final structures of the parsed bulk calculations in `store`.
    public static func load(store: StateStore, studyDirectory: URL) throws -> RelaxedBulks {
        var cells: [String: Structure] = [:]
        var scanEnergies: [String: Double] = [:]
        for record in try store.calculations(in: [.parsed]) where record.role == CalculationRole.scan.rawValue {
            let folder = studyDirectory.appendingPathComponent(record.folder)
            if StudyEngine.engine(ofFolder: folder).isASEDriven {
                scanEnergies[record.id] = try EngineResultReader.read(path: EngineCollect.resultPath(folder)).energyEV
            } else {
                let run = try Vasprun.parse(path: folder.appendingPathComponent("vasprun.xml").path, options: VasprunOptions(trajectory: false))
                scanEnergies[record.id] = run.energies.energySigma0EV
            }
        }
        for record in try store.calculations(in: [.parsed]) where record.role == CalculationRole.bulk.rawValue {
            let folder = studyDirectory.appendingPathComponent(record.folder)
            if StudyEngine.engine(ofFolder: folder).isASEDriven {
                cells[record.id] = try engineCell(folder: folder)
            } else {
                let run = try Vasprun.parse(path: folder.appendingPathComponent("vasprun.xml").path, options: VasprunOptions(trajectory: false))
                cells[record.id] = run.finalStructure ?? run.lastStep.structure
            }
        }
        return RelaxedBulks(cells: cells, scanEnergiesEV: scanEnergies)
    }

    /// An ASE engine's last step (lattice and Cartesian positions) with the species of the
    /// folder's POSCAR, in the same order (docs/engines.md).
    static func engineCell(folder: URL) throws -> Structure {
        let input = try StructureFile.read(path: folder.appendingPathComponent("POSCAR").path)
        let result = try EngineResultReader.read(path: EngineCollect.resultPath(folder))
        guard let step = result.lastStep, step.positionsA.count == input.count, step.latticeA.count == 3 else {
            throw BuildError.inputs(calculation: folder.lastPathComponent, underlying: "the engine's result has no final cell with \(input.count) atoms")
        }
        let lattice = Lattice(step.latticeA)
        let fractional = step.positionsA.map { lattice.fractional(fromCartesian: Vector3($0[0], $0[1], $0[2])) }
        return Structure(lattice: lattice, elements: input.sites.map(\.element), fractional: fractional, comment: input.comment)
    }
}
