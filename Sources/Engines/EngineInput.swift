import Foundation
import Crystal
import Resources

/// `engine.json`, what Adhere tells the ASE runner (format `adhere-engine-input/1`; the runner
/// is `templates/engines/adhere_engine_runner.py`). Keys are snake_case with units in the names.
public struct EngineInput: Sendable, Equatable, Codable {
    /// Format and version of this document.
    public var format = EngineInput.formatName
    /// `mlip` or `gpaw`.
    public var engine: Engine
    /// `relax` or `static`.
    public var calculation: String
    /// True for bulk relaxations: the cell relaxes with the ions (ASE's FrechetCellFilter).
    public var relaxCell: Bool
    /// The structure file (POSCAR; selective dynamics fixes atoms).
    public var structure = "POSCAR"
    /// The result file the runner writes.
    public var result = EngineInput.resultFileName
    /// Relaxation stops when every free force is below this, eV/Å.
    public var forceThresholdEVPerA: Double
    /// Relaxation step limit.
    public var maxSteps: Int
    /// The optimiser of a relaxation (nil in files written before it was recorded: BFGS).
    public var optimizer: RelaxationOptimizer?
    /// ML model (mlip).
    public var model: MLIPModel?
    /// Dispersion correction.
    public var dispersion: DispersionCorrection
    /// Γ-centred k-mesh (gpaw; 1 along the vacuum).
    public var kpoints: [Int]?
    /// Lattice axis crossing the vacuum when the dipole correction is on (gpaw), else nil.
    public var dipoleAxis: Int?
    /// GPAW's settings (gpaw): the profile's, written as engine.json's `gpaw` block.
    public var gpaw: EngineProfile.GPAWSettings?
    /// A second model evaluated on the final geometry (mlip; not for bulk cells, whose energies
    /// enter no W_ad).
    public var secondModel: MLIPModel?

    /// The input format this Adhere writes.
    public static let formatName = "adhere-engine-input/1"
    /// The result file name.
    public static let resultFileName = "adhere-result.jsonl"
    /// The input file name.
    public static let fileName = "engine.json"
    /// The runner script, shipped under templates/engines/ and copied into every run folder.
    public static let runnerFileName = "adhere_engine_runner.py"

    enum CodingKeys: String, CodingKey {
        case format, engine, calculation, relaxCell = "relax_cell", structure, result
        case forceThresholdEVPerA = "force_threshold_eV_per_A", maxSteps = "max_steps", optimizer, model, dispersion, kpoints
        case dipoleAxis = "dipole_axis", gpaw, secondModel = "second_model"
    }

    /// The input for one calculation of an ASE-driven `profile`.
    /// - Parameters:
    ///   - relax: true for a relaxation, false for a single point (always a single point when the
    ///     profile says `relaxation.single_points: true`).
    ///   - bulk: true for a periodic bulk cell (its cell relaxes too).
    ///   - kpoints: the mesh from the profile's density rules (used by gpaw).
    ///   - dipoleAxis: the vacuum axis when the dipole correction applies.
    public init(profile: EngineProfile, relax: Bool, bulk: Bool, kpoints: [Int]?, dipoleAxis: Int?) {
        engine = profile.engine
        let relaxes = relax && !profile.singlePoints
        calculation = relaxes ? "relax" : "static"
        relaxCell = relaxes && bulk
        forceThresholdEVPerA = profile.forceThresholdEVPerA
        maxSteps = profile.maxSteps
        optimizer = profile.optimizer
        model = profile.model
        dispersion = profile.dispersion
        self.kpoints = profile.engine == .gpaw ? kpoints : nil
        self.dipoleAxis = profile.engine == .gpaw ? dipoleAxis : nil
        // The second model's W_ad needs the interface, film and substrate; a bulk relaxation only
        // gives the cell the slabs are cut from.
        secondModel = bulk ? nil : profile.secondModel
        gpaw = profile.gpaw
    }

    /// engine.json's text (sorted keys, so equal inputs hash equal).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers, strings and arrays cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The files of a run folder: engine.json, POSCAR and the runner script (name → text).
    public func files(structure: Structure, comment: String? = nil) throws(EngineError) -> [String: String] {
        let runnerURL = ResourceLocator.template("engines").appendingPathComponent(EngineInput.runnerFileName)
        let runner: String
        do { runner = try String(contentsOf: runnerURL, encoding: .utf8) } catch {
            throw EngineError(file: runnerURL.path, .io("cannot read the engine runner (set ADHERE_HOME to the folder holding templates/): \(error.localizedDescription)"))
        }
        return [EngineInput.fileName: json(), "POSCAR": POSCAR.string(structure, comment: comment),
                EngineInput.runnerFileName: runner]
    }

    /// Writes `files(structure:)` into `folder` (created if needed).
    public func write(structure: Structure, to folder: URL, comment: String? = nil) throws(EngineError) {
        let files = try files(structure: structure, comment: comment)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        } catch {
            throw EngineError(file: folder.path, .io("cannot write the run folder: \(error.localizedDescription)"))
        }
    }
}
