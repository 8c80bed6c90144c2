/// What computes the energies of a study: VASP, a universal machine-learned potential, GPAW, or
/// the VASP stand-in (docs/engines.md).
///
/// `vasp` and `standin` read INCAR/KPOINTS/POTCAR and write vasprun.xml; `mlip` and `gpaw` are
/// driven by ASE through `templates/engines/adhere_engine_runner.py`, which writes the result
/// file `EngineResultReader` reads.
public enum Engine: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// VASP, from the profile's INCAR templates (the paper's engine).
    case vasp
    /// A universal machine-learned interatomic potential (SevenNet-0 or CHGNet) through ASE.
    case mlip
    /// GPAW, PBE with PAW setups and plane waves, through ASE.
    case gpaw
    /// `vasp-standin`, a pair potential for tests and failure injection (not physics).
    case standin

    /// True for the engines run by Adhere's ASE runner script.
    public var isASEDriven: Bool { self == .mlip || self == .gpaw }

    /// The Slurm job template under `templates/` for this engine.
    public var jobTemplate: String {
        switch self {
        case .vasp, .standin: return "job.slurm.mustache"
        case .mlip: return "engines/mlip.slurm.mustache"
        case .gpaw: return "engines/gpaw.slurm.mustache"
        }
    }

    /// Memory a job of this engine needs at least, MB (nil: the cluster profile decides). Measured
    /// here: torch with SevenNet-0 needs 0.7 GB for a few atoms and 2 GB for a 150-atom interface;
    /// larger cells that run out are resubmitted with twice the memory by recovery (OUT_OF_MEMORY).
    public var minimumMemoryMB: Int? {
        switch self {
        case .vasp, .standin: return nil
        case .mlip: return 2048
        case .gpaw: return 2048
        }
    }

    /// True when the numbers are density-functional results (VASP, GPAW) rather than a
    /// machine-learned prescreen or the stand-in.
    public var isDFT: Bool { self == .vasp || self == .gpaw }

    public var description: String { rawValue }
}

/// The universal machine-learned potentials whose weights ship inside their Python package.
public enum MLIPModel: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// SevenNet-0 (11Jul2024) from the `sevenn` package, MIT licence: the default.
    case sevennet0 = "sevennet-0"
    /// CHGNet 0.3.0 from the `chgnet` package, BSD-3-Clause licence.
    case chgnet

    public var description: String { rawValue }
}

/// Grimme's D3 dispersion correction added to the engine's energy (s-dftd3, PBE parameters).
public enum DispersionCorrection: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// No dispersion correction.
    case none
    /// D3 with Becke–Johnson damping (D3(BJ)).
    case d3bj
    /// D3 with zero damping (VASP's IVDW = 11).
    case d3zero

    public var description: String { rawValue }
}

/// The optimiser an ASE-driven relaxation uses (ASE's `ase.optimize`). All stop at the same
/// force threshold; they differ in how many force calls they need to get there
/// (measured in docs/validation.md, "Optimisers").
public enum RelaxationOptimizer: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// BFGS with a dense Hessian estimate and a trust radius (ASE's `BFGS`).
    case bfgs
    /// Limited-memory BFGS (ASE's `LBFGS`).
    case lbfgs
    /// Fast inertial relaxation engine (ASE's `FIRE`).
    case fire
    /// BFGS with a line search (ASE's `BFGSLineSearch`): several force calls per step.
    case bfgsLineSearch = "bfgs-linesearch"
    /// LBFGS preconditioned by an exponential model of the bonds (ASE's `PreconLBFGS`, Exp).
    case preconLBFGS = "precon-lbfgs"

    public var description: String { rawValue }
}
