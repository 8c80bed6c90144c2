import Foundation

/// The JSON document of `adhere parse --json`: the keys are a stable interface (see
/// docs/vasprun.md). Energies are those of the last complete ionic step.
public struct VasprunSummary: Encodable, Sendable {
    /// Energies block.
    public struct Energies: Encodable, Sendable {
        /// F (TOTEN), eV.
        public var freeEnergyEV: Double?
        /// Energy without entropy, eV.
        public var energyWithoutEntropyEV: Double?
        /// Energy at σ → 0 (corrected), eV.
        public var energySigma0EV: Double?

        /// Encodes every key, missing values as null.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(freeEnergyEV, forKey: .freeEnergyEV)
            try c.encode(energyWithoutEntropyEV, forKey: .energyWithoutEntropyEV)
            try c.encode(energySigma0EV, forKey: .energySigma0EV)
        }
        enum CodingKeys: String, CodingKey { case freeEnergyEV, energyWithoutEntropyEV, energySigma0EV }
    }

    /// One ionic step of `--trajectory`.
    public struct Step: Encodable, Sendable {
        /// Energies of the step.
        public var energies: Energies
        /// Largest free force, eV/Å.
        public var maxForceEVPerA: Double?
        /// SCF iterations.
        public var scfSteps: Int
        /// Lattice of the step, Å.
        public var lattice: [[Double]]?

        /// Encodes every key, missing values as null.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(energies, forKey: .energies)
            try c.encode(maxForceEVPerA, forKey: .maxForceEVPerA)
            try c.encode(scfSteps, forKey: .scfSteps)
            try c.encode(lattice, forKey: .lattice)
        }
        enum CodingKeys: String, CodingKey { case energies, maxForceEVPerA, scfSteps, lattice }
    }

    /// True when the file ended with `</modeling>` and was well-formed.
    public var complete: Bool
    /// `<generator>` program ("vasp").
    public var program: String
    /// `<generator>` version.
    public var version: String
    /// Number of atoms.
    public var natoms: Int
    /// Element symbol of every atom.
    public var species: [String]
    /// Number of complete ionic steps.
    public var ionicSteps: Int
    /// Energies of the last complete step, eV.
    public var energies: Energies
    /// Final lattice vectors (rows), Å.
    public var finalLattice: [[Double]]?
    /// Largest force over free coordinates in the last complete step, eV/Å.
    public var maxForceEVPerA: Double?
    /// Electronic convergence (docs/vasprun.md).
    public var convergedElectronic: Bool
    /// Ionic convergence (docs/vasprun.md).
    public var convergedIonic: Bool
    /// Fermi energy, eV.
    public var efermiEV: Double?
    /// Number of irreducible k-points.
    public var kpointCount: Int
    /// Every `<parameters>` entry; a Fortran overflow is null.
    public var parameters: [String: ParameterValue]
    /// Only with `--trajectory`.
    public var trajectory: [Step]?
    /// "damaged at ionic step N: …" when a step held an unreadable number (the energies are
    /// then those of step N − 1); nil for an undamaged file.
    public var damage: String?

    /// Summarises a parsed file.
    public init(_ run: Vasprun) {
        func energies(_ e: StepEnergies) -> Energies {
            Energies(freeEnergyEV: e.freeEnergyEV, energyWithoutEntropyEV: e.energyWithoutEntropyEV,
                     energySigma0EV: e.energySigma0EV)
        }
        complete = run.complete
        program = run.generator.program
        version = run.generator.version
        natoms = run.atomCount
        species = run.atomSpecies.map(\.symbol)
        ionicSteps = run.ionicStepCount
        self.energies = energies(run.energies)
        finalLattice = run.finalStructure?.lattice.matrix.arrays
        maxForceEVPerA = run.maxForceEVPerA
        let convergence = run.convergence
        convergedElectronic = convergence.electronic
        convergedIonic = convergence.ionic
        efermiEV = run.efermiEV
        kpointCount = run.kpoints.points.count
        parameters = run.parameters
        damage = run.damage.map { "damaged at ionic step \($0.step): \($0.detail); values are from step \($0.step - 1)" }
        trajectory = run.ionicSteps.isEmpty ? nil : run.ionicSteps.map {
            Step(energies: energies($0.energies), maxForceEVPerA: $0.maxForceEVPerA, scfSteps: $0.scfStepCount,
                 lattice: $0.structure?.lattice.matrix.arrays)
        }
    }

    /// Encodes the documented keys, missing values as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(complete, forKey: .complete)
        try c.encode(program, forKey: .program)
        try c.encode(version, forKey: .version)
        try c.encode(natoms, forKey: .natoms)
        try c.encode(species, forKey: .species)
        try c.encode(ionicSteps, forKey: .ionicSteps)
        try c.encode(energies, forKey: .energies)
        try c.encode(finalLattice, forKey: .finalLattice)
        try c.encode(maxForceEVPerA, forKey: .maxForceEVPerA)
        try c.encode(convergedElectronic, forKey: .convergedElectronic)
        try c.encode(convergedIonic, forKey: .convergedIonic)
        try c.encode(efermiEV, forKey: .efermiEV)
        try c.encode(kpointCount, forKey: .kpointCount)
        try c.encode(parameters, forKey: .parameters)
        try c.encodeIfPresent(trajectory, forKey: .trajectory)
        try c.encode(damage, forKey: .damage)
    }
    enum CodingKeys: String, CodingKey {
        case complete, program, version, natoms, species, ionicSteps, energies, finalLattice, maxForceEVPerA
        case convergedElectronic, convergedIonic, efermiEV, kpointCount, parameters, trajectory, damage
    }

    /// Pretty, key-sorted JSON text (NaN written as the string "NaN").
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                      negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
