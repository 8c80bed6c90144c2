import Adhesion
import Crystal
import Foundation

/// Energies of every ionic step of one VASP run, in eV (vasprun.xml `<energy>` per
/// `<calculation>`). The three arrays have one entry per ionic step.
public struct IonicStepEnergies: Equatable, Sendable {
    /// Free energy TOTEN (`e_fr_energy`) per step, eV.
    public var freeEnergyEV: [Double]
    /// Energy without entropy (`e_wo_entrp`) per step, eV.
    public var energyWithoutEntropyEV: [Double]
    /// Energy extrapolated to σ→0 (`e_0_energy`) per step, eV.
    public var energySigma0EV: [Double]

    /// Three series of equal length.
    public init(freeEnergyEV: [Double], energyWithoutEntropyEV: [Double], energySigma0EV: [Double]) {
        self.freeEnergyEV = freeEnergyEV
        self.energyWithoutEntropyEV = energyWithoutEntropyEV
        self.energySigma0EV = energySigma0EV
    }

    /// Number of ionic steps.
    public var count: Int { energySigma0EV.count }
}

/// Everything the archive keeps about one finished calculation (`/calculations/<id>`).
public struct ArchivedCalculation: Equatable, Sendable {
    /// Unique id, used as the group name (no '/').
    public var id: String
    /// What the run is for: "interface", "film", "substrate", "slab", "bulk", ...
    public var role: String
    /// Energies of every ionic step.
    public var energies: IonicStepEnergies
    /// The structure after the last ionic step.
    public var finalStructure: Structure?
    /// Forces on each atom after the last ionic step, eV/Å (N rows of 3).
    public var forcesEVPerA: [[Double]]
    /// INCAR parameters as VASP read them (tag → value as text).
    public var incar: [String: String]
    /// k-point mesh divisions (3 numbers), when known.
    public var kpointMesh: [Int]?
    /// POTCAR identities in species order (e.g. "PAW_PBE Li_sv 10Feb1998").
    public var potcars: [String]
    /// VASP version string from vasprun.xml (the stand-in's own when not VASP).
    public var vaspVersion: String
    /// Hash of the input files (INCAR, KPOINTS, POSCAR, POTCAR identities) that produced the run.
    public var inputHash: String
    /// Slurm job id, when the run went through Slurm.
    public var slurmJobID: String?
    /// When the job was submitted, started and finished (nil when unknown).
    public var submittedAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// When Adhere collected the run into the archive.
    public var collectedAt: Date
    /// True when the numbers come from the VASP stand-in, not VASP.
    public var isStandIn: Bool
    /// The engine that computed the energies: "vasp", "standin", "mlip", "gpaw" (docs/engines.md).
    public var engine: String
    /// The engine's model ("sevennet-0", "chgnet", "PBE-PAW"); empty for VASP.
    public var model: String

    /// A record; most fields have empty defaults so tests and tools can fill only what they need.
    public init(id: String, role: String, energies: IonicStepEnergies, finalStructure: Structure? = nil,
                forcesEVPerA: [[Double]] = [], incar: [String: String] = [:], kpointMesh: [Int]? = nil,
                potcars: [String] = [], vaspVersion: String = "", inputHash: String = "", slurmJobID: String? = nil,
                submittedAt: Date? = nil, startedAt: Date? = nil, finishedAt: Date? = nil,
                collectedAt: Date = Date(), isStandIn: Bool = false, engine: String? = nil, model: String = "") {
        self.id = id
        self.role = role
        self.energies = energies
        self.finalStructure = finalStructure
        self.forcesEVPerA = forcesEVPerA
        self.incar = incar
        self.kpointMesh = kpointMesh
        self.potcars = potcars
        self.vaspVersion = vaspVersion
        self.inputHash = inputHash
        self.slurmJobID = slurmJobID
        self.submittedAt = submittedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.collectedAt = collectedAt
        self.isStandIn = isStandIn
        self.engine = engine ?? (isStandIn ? "standin" : "vasp")
        self.model = model
    }
}

extension ArchivedCalculation {
    /// The chosen energy of the last ionic step, in eV (nil when there is no step).
    public func finalEnergyEV(_ kind: EnergyKind) -> Double? {
        switch kind {
        case .sigma0: return energies.energySigma0EV.last
        case .free: return energies.freeEnergyEV.last
        case .withoutEntropy: return energies.energyWithoutEntropyEV.last
        }
    }
}
