import Archive
import Adhesion
import Crystal
import Foundation
import VASP

/// What a calculation is for.
public enum CalculationRole: String, Codable, Sendable, CaseIterable {
    /// The metal's bulk cell.
    case bulk
    /// A metal slab of the surface-energy series.
    case slab
    /// A metal|interlayer interface.
    case interface
    /// A static point of an interface's registry × separation scan.
    case scan
    /// The metal film alone, in the interface's lattice.
    case film
    /// The interlayer alone, in the interface's lattice.
    case substrate
}

/// One calculation of a study, its structure and rendered inputs (nothing written yet).
public struct PlannedCalculation: Sendable {
    /// The calculation id (store key, job name, folder name).
    public var id: String
    /// What it is for.
    public var role: CalculationRole
    /// The interlayer name for interface/film/substrate, the metal's formula for bulk/slab.
    public var owner: String
    /// Atomic planes, for slabs.
    public var layers: Int?
    /// The rendered VASP inputs.
    public var inputs: InputSet
    /// Calculations whose parsed output these inputs are made from (the relaxed bulks).
    public var parents: [String] = []
    /// Folder relative to the study: `calculations/<id>`.
    public var folder: String { "calculations/\(id)" }
    /// Atoms in the cell.
    public var atoms: Int { inputs.structure.count }
    /// k-points of the mesh (full grid).
    public var kpointCount: Int { inputs.kpoints.divisions.reduce(1, *) }
    /// Ionic steps allowed (NSW; 1 for a single point).
    public var ionicSteps: Int { max(1, inputs.incar["NSW"]?.intValue ?? 0) }
    /// The input identity of an ASE-driven engine's run (engine.json + POSCAR), nil for VASP.
    public var engineInputHash: String? = nil
    /// The input identity (`engineInputHash` or the VASP inputs' hash), computed once when planned.
    public var inputHash: String
}

/// An interface of the plan: which calculations give its three energies.
public struct InterfacePlan: Codable, Sendable, Equatable {
    /// The interlayer name.
    public var name: String
    /// Calculation ids of the interface, film reference and substrate reference.
    public var interfaceID: String, filmID: String, substrateID: String
    /// Film (metal) and substrate (interlayer) Miller indices.
    public var filmMiller: [Int], substrateMiller: [Int]
    /// 2×2 supercell matrices (primitive surface cells).
    public var filmMatrix: [[Int]], substrateMatrix: [[Int]]
    /// Interface area in Å².
    public var areaA2: Double
    /// Strain on the film: von Mises and principal (fractions).
    public var vonMisesStrain: Double
    public var principalStrains: [Double]
    /// Atoms of the interface, film and substrate cells.
    public var interfaceAtoms: Int, filmAtoms: Int, substrateAtoms: Int
    /// Atomic planes of film and substrate.
    public var filmLayers: Int, substrateLayers: Int
    /// Whether the supercells were given in the study (else found by the matcher).
    public var explicitSupercells: Bool
    /// The supercells exactly as the study wrote them (conventional surface cells), when given.
    public var studyFilmMatrix: [[Int]]? = nil, studySubstrateMatrix: [[Int]]? = nil
    /// How the interface was built: terminations, named strains, fixed atoms, starting
    /// separation, bulk lattices (nil in manifests written before it was recorded).
    public var construction: InterfaceConstruction? = nil
    /// The finished scan whose lowest registry is relaxed (nil without a scan stage).
    public var scan: ScanOutcome? = nil
}

/// The metal's own calculations: bulk and the σ series.
public struct MetalPlan: Codable, Sendable, Equatable {
    /// The metal's formula (e.g. "Li").
    public var formula: String
    /// Miller index of the surface.
    public var miller: [Int]
    /// The bulk calculation id.
    public var bulkID: String
    /// The σ series: layers → calculation id, with the slab's surface area and atoms.
    public var slabs: [SlabEntry]

    /// One slab of the series.
    public struct SlabEntry: Codable, Sendable, Equatable {
        public var layers: Int
        public var id: String
        public var areaA2: Double
        public var atoms: Int
    }
}

/// Everything `adhere build` writes and `adhere collect` reads back: the study's calculations,
/// which of them are shared, and which give each interface's energies
/// (`STUDY/calculations/manifest.json`).
public struct StudyManifest: Codable, Sendable, Equatable {
    /// Format name and version.
    public var format = "adhere-study-manifest"
    public var version = 1
    /// The study name.
    public var study: String
    /// The input profile used.
    public var inputProfile: String
    /// The metal's calculations.
    public var metal: MetalPlan
    /// One entry per interlayer.
    public var interfaces: [InterfacePlan]
    /// Every calculation: id → role, owner, folder, input hash, atoms.
    public var calculations: [CalculationEntry]
    /// Calculations that were identical to another and share its folder: id → the id computed.
    public var sharedWith: [String: String]

    /// One calculation of the manifest.
    public struct CalculationEntry: Codable, Sendable, Equatable {
        public var id: String
        public var role: CalculationRole
        public var owner: String
        public var folder: String
        public var inputHash: String
        public var atoms: Int
    }

    /// The manifest's path in a study folder.
    public static func url(studyDirectory: URL) -> URL {
        studyDirectory.appendingPathComponent("calculations").appendingPathComponent("manifest.json")
    }

    /// Reads the manifest of a built study.
    public static func read(studyDirectory: URL) throws -> StudyManifest {
        let url = url(studyDirectory: studyDirectory)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BuildError.notBuilt(url.path)
        }
        return try JSONDecoder().decode(StudyManifest.self, from: data)
    }

    /// Writes it (pretty, sorted keys, atomically).
    public func write(studyDirectory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = StudyManifest.url(studyDirectory: studyDirectory)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    /// The id whose results stand for `id` (itself unless shared).
    public func computed(_ id: String) -> String { sharedWith[id] ?? id }
}

/// The whole plan of a study.
public struct StudyPlan: Sendable {
    /// The study.
    public var loaded: LoadedStudy
    /// Unique calculations, in build order (bulk, slabs, then per interface).
    public var calculations: [PlannedCalculation]
    /// The manifest that goes with them.
    public var manifest: StudyManifest
    /// Warnings found while planning (strain, polar slabs, POTCAR, ...).
    public var warnings: [String]
    /// The stages in order: bulk relaxation first, then what is cut from the relaxed cells.
    public var stages: [PlanStage] = []
    /// Every bulk's input lattice and, once parsed, its relaxed one.
    public var lattices: [BulkLattice] = []
    /// Finished scans (every point parsed): the curves and the registry that is relaxed.
    public var scans: [ScanOutcome] = []

    /// True when every stage is planned (no stage waits for a parent's output).
    public var isComplete: Bool { stages.allSatisfy { $0.waitingFor.isEmpty } }
}

/// One stage of a plan: calculations built together, once the outputs they are made from exist.
public struct PlanStage: Sendable, Equatable {
    /// What the stage makes, e.g. "LiF interface, film and substrate from the relaxed cells".
    public var name: String
    /// The calculations planned in it (empty while it waits).
    public var calculations: [String]
    /// Parent calculations whose parsed output it still waits for (empty once planned).
    public var waitingFor: [String]
}

/// Errors of build, plan and run.
public enum BuildError: Error, CustomStringConvertible {
    /// A structure file could not be read.
    case structure(key: String, path: String, underlying: String)
    /// A slab, match or interface could not be made.
    case geometry(interlayer: String, underlying: String)
    /// The inputs could not be rendered or are invalid.
    case inputs(calculation: String, underlying: String)
    /// The interface and its references disagree on settings that must match.
    case inconsistent(interlayer: String, underlying: String)
    /// The lattice matcher found no cell within the study's limits.
    case noMatch(interlayer: String, maxAreaA2: Double, maxStrainPercent: Double)
    /// A calculation's inputs changed while it is queued or running.
    case changedWhileLive(id: String, state: String)
    /// The study has not been built.
    case notBuilt(String)

    /// An underlying error as text for a build error: `file:line: problem` for the errors that
    /// name a file (without their own `error:`), else the error's description.
    static func text(_ error: Error) -> String {
        switch error {
        case let e as InputError: return "\(e.line.map { "\(e.file):\($0)" } ?? e.file): \(e.message)"
        case let e as StructureFileError: return "\(e.line.map { "\(e.file):\($0)" } ?? e.file): \(e.message)"
        default: return "\(error)"
        }
    }

    public var description: String {
        switch self {
        case .structure(let key, let path, let u): return "\(key): cannot read \(path): \(u)"
        case .geometry(let x, let u): return "interlayer \(x): \(u)"
        case .inputs(let c, let u): return "inputs of \(c): \(u)"
        case .inconsistent(let x, let u): return "interface \(x): its three calculations disagree: \(u)"
        case .noMatch(let x, let a, let s):
            return "interlayer \(x): no lattice match within \(a) Å² and \(s) % strain; raise matching.max_area_a2 or give supercells"
        case .changedWhileLive(let id, let state):
            return "the inputs of \(id) changed while it is \(state); cancel it first (adhere cancel) or undo the change"
        case .notBuilt(let path): return "\(path) not found: run 'adhere build' first"
        }
    }
}
