/// What an ASE-driven engine run produced, as read from its result file (`adhere-result.jsonl`,
/// format `adhere-engine-result/1`, docs/engines.md). A damaged or partial file gives the steps
/// before the damage and says where it stopped, as a truncated vasprun.xml does: a number from a
/// damaged line is never returned.
public struct EngineResult: Sendable, Equatable {
    /// Who computed it and with which settings.
    public var provenance: EngineProvenance
    /// Every complete, valid ionic step in order (the first is the starting geometry).
    public var steps: [EngineStep]
    /// The final record; nil when the run did not end normally.
    public var final: EngineFinal?
    /// The second model's energy of the last geometry, when the profile asked for one.
    public var secondModel: EngineSecondModel?
    /// The runner's error record, when the engine failed.
    public var failure: EngineFailure?
    /// Where and why reading stopped early; nil for an intact file.
    public var damage: EngineResultDamage?

    /// True when the run ended normally and the file is intact: its energy can be used.
    public var isComplete: Bool { final != nil && damage == nil && failure == nil }
    /// True when the relaxation met its force threshold (or a static energy finished).
    public var converged: Bool { isComplete && final?.converged == true }
    /// The last valid step.
    public var lastStep: EngineStep? { steps.last }
    /// Total energy of the last valid step (including the dispersion part), eV.
    public var energyEV: Double? { lastStep?.energyEV }
    /// The dispersion (D3) part of `energyEV`, eV.
    public var dispersionEnergyEV: Double? { lastStep?.dispersionEnergyEV }
}

/// Why a result file was not read to its end.
public struct EngineResultDamage: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line where reading stopped.
    public var line: Int
    /// What was wrong there.
    public var reason: String

    public var description: String { "line \(line): \(reason)" }
}

/// The start record: provenance of every number in the file.
public struct EngineProvenance: Sendable, Equatable, Codable {
    /// Format name and version.
    public var format: String
    /// `mlip` or `gpaw`.
    public var engine: Engine
    /// The Python package that computed the energies (sevenn, chgnet, gpaw).
    public var enginePackage: String?
    /// Its version.
    public var engineVersion: String?
    /// Model name (sevennet-0, chgnet; PBE-PAW for gpaw).
    public var model: String?
    /// Weights file (or setups folder) the model was read from.
    public var modelFile: String?
    /// SHA-256 of the weights file (nil for gpaw).
    public var modelSHA256: String?
    /// Dispersion correction (none, d3bj, d3zero).
    public var dispersion: DispersionCorrection
    /// dftd3's version, when a dispersion correction was added.
    public var dispersionVersion: String?
    /// ASE's version.
    public var aseVersion: String
    /// `relax` or `static`.
    public var calculation: String
    /// True when the cell relaxed too (bulk).
    public var relaxCell: Bool
    /// Force threshold of the relaxation, eV/Å.
    public var forceThresholdEVPerA: Double
    /// Step limit.
    public var maxSteps: Int
    /// k-mesh (gpaw).
    public var kpoints: [Int]?
    /// GPAW plane-wave cutoff, eV.
    public var planeWaveCutoffEV: Double?
    /// GPAW smearing, eV.
    public var smearingEV: Double?
    /// Number of atoms.
    public var atoms: Int
    /// Element of every atom.
    public var symbols: [String]

    enum CodingKeys: String, CodingKey {
        case format, engine, enginePackage = "engine_package", engineVersion = "engine_version", model
        case modelFile = "model_file", modelSHA256 = "model_sha256", dispersion, dispersionVersion = "dispersion_version"
        case aseVersion = "ase_version", calculation, relaxCell = "relax_cell"
        case forceThresholdEVPerA = "force_threshold_eV_per_A", maxSteps = "max_steps", kpoints
        case planeWaveCutoffEV = "plane_wave_cutoff_eV", smearingEV = "smearing_eV", atoms, symbols
    }
}

/// One ionic step.
public struct EngineStep: Sendable, Equatable, Codable {
    /// 0 for the starting geometry.
    public var index: Int
    /// Total energy including the dispersion part, eV (GPAW: extrapolated to zero smearing).
    public var energyEV: Double
    /// The dispersion part of `energyEV`, eV (0 without a correction).
    public var dispersionEnergyEV: Double
    /// Free energy (GPAW's force-consistent energy), eV, when the engine reports one.
    public var freeEnergyEV: Double?
    /// Largest force on a free atom, eV/Å.
    public var maxForceEVPerA: Double
    /// Force on every atom, eV/Å.
    public var forcesEVPerA: [[Double]]
    /// Lattice vectors (rows), Å.
    public var latticeA: [[Double]]
    /// Cartesian positions, Å.
    public var positionsA: [[Double]]
    /// Stress tensor (3×3), eV/Å³, for cell relaxations.
    public var stressEVPerA3: [[Double]]?

    enum CodingKeys: String, CodingKey {
        case index, energyEV = "energy_eV", dispersionEnergyEV = "dispersion_energy_eV", freeEnergyEV = "free_energy_eV"
        case maxForceEVPerA = "max_force_eV_per_A", forcesEVPerA = "forces_eV_per_A", latticeA = "lattice_A"
        case positionsA = "positions_A", stressEVPerA3 = "stress_eV_per_A3"
    }
}

/// Another model's single point on the run's last geometry (profile key `second_model`).
public struct EngineSecondModel: Sendable, Equatable, Codable {
    /// The second model's name.
    public var model: String
    /// SHA-256 of its weights.
    public var modelSHA256: String?
    /// Its total energy (dispersion included, the same correction as the run), eV; nil when it failed.
    public var energyEV: Double?
    /// The dispersion part, eV.
    public var dispersionEnergyEV: Double?
    /// Why it failed, when it did.
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case model, modelSHA256 = "model_sha256", energyEV = "energy_eV", dispersionEnergyEV = "dispersion_energy_eV", message
    }
}

/// The final record, written only when the run ended normally.
public struct EngineFinal: Sendable, Equatable, Codable {
    /// True when every free force is below the threshold (always true for a static energy).
    public var converged: Bool
    /// "step limit" or "time limit" when a relaxation stopped before converging.
    public var stoppedBy: String?
    /// Number of steps written.
    public var steps: Int
    /// Energy of the last step, eV (repeated as a check).
    public var energyEV: Double
    /// Its dispersion part, eV.
    public var dispersionEnergyEV: Double
    /// Largest free force of the last step, eV/Å.
    public var maxForceEVPerA: Double
    /// Wall time of the runner, s.
    public var wallSeconds: Double

    enum CodingKeys: String, CodingKey {
        case converged, stoppedBy = "stopped_by", steps, energyEV = "energy_eV"
        case dispersionEnergyEV = "dispersion_energy_eV", maxForceEVPerA = "max_force_eV_per_A", wallSeconds = "wall_seconds"
    }
}

/// The runner's error record (the engine raised: SCF not converged, model missing, ...).
public struct EngineFailure: Sendable, Equatable, Codable {
    /// Where it happened ("setup", "step 12").
    public var stage: String
    /// The exception's type and message.
    public var message: String
    /// False when the electronic (SCF) loop did not converge.
    public var scfConverged: Bool?

    enum CodingKeys: String, CodingKey { case stage, message, scfConverged = "scf_converged" }
}
