import Crystal
import Foundation

/// What a parsed vasprun.xml holds: run metadata, inputs as VASP read them, structures, the
/// ionic steps and their energies, and the convergence verdicts (see docs/vasprun.md).
///
/// Memory does not grow with the number of ionic steps unless `VasprunOptions.trajectory` is
/// set: by default only the last complete step is kept (with `ionicStepCount`).
public struct Vasprun: Sendable {
    /// The file parsed.
    public var path: String
    /// `<generator>`: program, version, date.
    public var generator: Generator
    /// The `<incar>` block: the tags as the INCAR file gave them.
    public var incar: [String: ParameterValue]
    /// All `<parameters>` (every tag VASP used, defaults included), flattened over separators.
    public var parameters: [String: ParameterValue]
    /// The species of every atom, in order (from `<atominfo>`).
    public var atomSpecies: [Element]
    /// The POTCAR title of each atom type (e.g. "PAW_PBE Si 05Jan2001"), in type order.
    public var potcarTitles: [String]
    /// The k-points VASP used.
    public var kpoints: KPoints
    /// `<structure name="initialpos">`, with its selective-dynamics flags.
    public var initialStructure: Structure?
    /// `<structure name="finalpos">` when present, else the structure of the last complete step.
    /// Selective-dynamics flags are those of the initial structure (VASP 4.6 scrambles the
    /// final ones).
    public var finalStructure: Structure?
    /// Number of complete ionic steps (`<calculation>` blocks closed).
    public var ionicStepCount: Int
    /// The last complete ionic step.
    public var lastStep: IonicStep
    /// Every complete ionic step, in order; only when parsed with `trajectory: true` (else empty).
    public var ionicSteps: [IonicStep]
    /// The Fermi energy of the last complete step that reports one (`<dos><i name="efermi">`), eV.
    public var efermiEV: Double?
    /// True when the document closed with `</modeling>` and was well-formed. A file that is
    /// not complete (the job was killed) still yields every complete step.
    public var complete: Bool
    /// Where and why parsing stopped early (nil for a complete file).
    public var truncation: Truncation?
    /// The first ionic step with a number that could not be read (damaged text, `****`,
    /// `1e999`, `NaN`): that step and all after it are ignored, `lastStep` is the last valid
    /// step before it, and the file counts as not complete. Nil for an undamaged file.
    public var damage: VasprunDamage?
    /// Total density of states, only with `VasprunOptions.dos`.
    public var dos: TotalDOS?
    /// Eigenvalues of the last complete step, only with `VasprunOptions.eigenvalues`.
    public var eigenvalues: Eigenvalues?

    /// Number of atoms.
    public var atomCount: Int { atomSpecies.count }
    /// Energies of the last complete step.
    public var energies: StepEnergies { lastStep.energies }
    /// Largest force on an atom in the last complete step, over coordinates free under selective
    /// dynamics, eV/Å; nil when the step has no forces.
    public var maxForceEVPerA: Double? { lastStep.maxForceEVPerA }
    /// The convergence verdicts (rules in `Convergence` and docs/vasprun.md).
    public var convergence: Convergence { Convergence(self) }
    /// True when the last complete step's SCF loop stopped before NELM.
    public var convergedElectronic: Bool { convergence.electronic }
    /// True when the ionic run reached its goal (see `Convergence`).
    public var convergedIonic: Bool { convergence.ionic }

    /// Reads a vasprun.xml (plain or gzip-compressed).
    public static func parse(file: URL, options: VasprunOptions = VasprunOptions()) throws(VasprunError) -> Vasprun {
        try VasprunParser.parse(path: file.path, options: options)
    }

    /// Reads a vasprun.xml (plain or gzip-compressed) at a path.
    public static func parse(path: String, options: VasprunOptions = VasprunOptions()) throws(VasprunError) -> Vasprun {
        try VasprunParser.parse(path: path, options: options)
    }
}

/// What to extract beyond the default summary.
public struct VasprunOptions: Sendable, Equatable {
    /// Keep every ionic step (structures, forces, stress). Memory then grows with the steps.
    public var trajectory: Bool
    /// Read the total DOS of the last step.
    public var dos: Bool
    /// Read the eigenvalues of the last step.
    public var eigenvalues: Bool

    /// Creates options; all off by default.
    public init(trajectory: Bool = false, dos: Bool = false, eigenvalues: Bool = false) {
        self.trajectory = trajectory
        self.dos = dos
        self.eigenvalues = eigenvalues
    }
}

/// The `<generator>` block.
public struct Generator: Sendable, Equatable {
    /// "vasp".
    public var program: String
    /// e.g. "6.4.2" or "5.4.4.18Apr17-6-g9f103f2a35".
    public var version: String
    /// Build details ("20Jul23 (build ...) complex parallel").
    public var subversion: String
    /// e.g. "LinuxIFC".
    public var platform: String
    /// Run date as written ("2024 05 09").
    public var date: String
    /// Run time as written ("11:39:43").
    public var time: String

    /// Creates a generator record.
    public init(program: String = "", version: String = "", subversion: String = "", platform: String = "",
                date: String = "", time: String = "") {
        (self.program, self.version, self.subversion, self.platform, self.date, self.time) =
            (program, version, subversion, platform, date, time)
    }
}

/// The k-points block.
public struct KPoints: Sendable, Equatable {
    /// Generation scheme (`<generation param=...>`: "Gamma", "Monkhorst-Pack", ...); nil for an
    /// explicit list.
    public var scheme: String?
    /// Subdivisions along the reciprocal vectors, when generated.
    public var divisions: [Int]?
    /// The irreducible k-points in reciprocal (fractional) coordinates.
    public var points: [Vector3]
    /// Their weights (summing to 1).
    public var weights: [Double]

    /// Creates a k-point record.
    public init(scheme: String? = nil, divisions: [Int]? = nil, points: [Vector3] = [], weights: [Double] = []) {
        (self.scheme, self.divisions, self.points, self.weights) = (scheme, divisions, points, weights)
    }
}

/// The three total energies of an ionic step, eV. Nil where VASP wrote a Fortran overflow field.
public struct StepEnergies: Sendable, Equatable, Codable {
    /// Free energy F (`e_fr_energy`, TOTEN) of the step's own `<energy>` block.
    public var freeEnergyEV: Double?
    /// Energy without entropy (`e_wo_entrp`) of the step's own `<energy>` block.
    public var energyWithoutEntropyEV: Double?
    /// Energy extrapolated to σ → 0: F + (e_0 − e_fr) of the step's last `<scstep>`. This
    /// corrects the `e_0_energy` VASP 4.6/5.x write in the step block, and keeps terms (DFT-D3)
    /// the `<scstep>` blocks lack. Falls back to the step's `e_0_energy` when no SCF step has both.
    public var energySigma0EV: Double?
    /// `e_0_energy` exactly as written in the step's `<energy>` block (wrong in VASP ≤ 5.4.4).
    public var rawSigma0AsWrittenEV: Double?

    /// Creates energies.
    public init(freeEnergyEV: Double? = nil, energyWithoutEntropyEV: Double? = nil, energySigma0EV: Double? = nil,
                rawSigma0AsWrittenEV: Double? = nil) {
        self.freeEnergyEV = freeEnergyEV
        self.energyWithoutEntropyEV = energyWithoutEntropyEV
        self.energySigma0EV = energySigma0EV
        self.rawSigma0AsWrittenEV = rawSigma0AsWrittenEV
    }
}

/// One complete ionic step (`<calculation>`).
public struct IonicStep: Sendable, Equatable {
    /// Energies (see `StepEnergies`).
    public var energies: StepEnergies
    /// The structure of the step (positions at which forces were computed), when written.
    public var structure: Structure?
    /// Forces per atom, eV/Å (nil components: overflow); empty when the step wrote none.
    public var forcesEVPerA: [Vector3]
    /// Stress tensor rows in kB, when written.
    public var stressKBar: Matrix3?
    /// Number of `<scstep>` blocks.
    public var scfStepCount: Int
    /// Number of `<scstep>` blocks that are ordinary SCF iterations (a full energy breakdown);
    /// linear-response steps of LEPSILON runs only carry the three totals.
    public var groundStateSCFStepCount: Int
    /// Largest force over free coordinates (see `Vasprun.maxForceEVPerA`), eV/Å.
    public var maxForceEVPerA: Double?
    /// Fermi energy written in this step's `<dos>`, eV.
    public var efermiEV: Double?

    /// Creates a step.
    public init(energies: StepEnergies = StepEnergies(), structure: Structure? = nil, forcesEVPerA: [Vector3] = [],
                stressKBar: Matrix3? = nil, scfStepCount: Int = 0, groundStateSCFStepCount: Int = 0,
                maxForceEVPerA: Double? = nil, efermiEV: Double? = nil) {
        self.energies = energies
        self.structure = structure
        self.forcesEVPerA = forcesEVPerA
        self.stressKBar = stressKBar
        self.scfStepCount = scfStepCount
        self.groundStateSCFStepCount = groundStateSCFStepCount
        self.maxForceEVPerA = maxForceEVPerA
        self.efermiEV = efermiEV
    }
}

/// Where a vasprun.xml is damaged: the first ionic step with a number that could not be read.
public struct VasprunDamage: Sendable, Equatable {
    /// The damaged step, 1-based (the last valid step is `step - 1`).
    public var step: Int
    /// What could not be read, e.g. "e_fr_energy '1e999'" or "the forces: row '0.1 ***** 0.2'".
    public var detail: String
}

/// Why a file ended early.
public struct Truncation: Sendable, Equatable {
    /// Line of libxml2's first fatal error, if it reported one.
    public var line: Int?
    /// libxml2's message ("Premature end of data in tag calculation ...").
    public var message: String
    /// Ionic steps started but not finished (0 or 1).
    public var incompleteSteps: Int
}

/// Total density of states of the last step.
public struct TotalDOS: Sendable, Equatable {
    /// Energies of the grid, eV.
    public var energiesEV: [Double]
    /// States/eV per spin channel (one array per spin).
    public var densities: [[Double]]
}

/// Eigenvalues and occupations of the last step: [spin][k-point][band].
public struct Eigenvalues: Sendable, Equatable {
    /// Band energies, eV.
    public var energiesEV: [[[Double]]]
    /// Occupations.
    public var occupations: [[[Double]]]
}
