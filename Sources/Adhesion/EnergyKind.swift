/// Which of VASP's total energies enters the adhesion formulas.
///
/// VASP reports three per ionic step (vasprun.xml `<energy>`): the free energy `e_fr_energy`
/// (TOTEN, includes the −TS smearing term), `e_wo_entrp` (without the entropy term) and
/// `e_0_energy` (extrapolated to zero smearing, σ→0). Adhere uses σ→0 unless told otherwise.
public enum EnergyKind: String, CaseIterable, Sendable, Codable {
    /// Energy extrapolated to σ→0 (`e_0_energy`, OUTCAR "energy(sigma->0)"). The default.
    case sigma0
    /// Free energy TOTEN (`e_fr_energy`), including −TS from smearing.
    case free
    /// Energy without the entropy term (`e_wo_entrp`).
    case withoutEntropy

    /// The default choice: σ→0.
    public static let `default`: EnergyKind = .sigma0

    /// The vasprun.xml tag this energy comes from.
    public var vasprunTag: String {
        switch self {
        case .sigma0: return "e_0_energy"
        case .free: return "e_fr_energy"
        case .withoutEntropy: return "e_wo_entrp"
        }
    }

    /// A sentence stating what the energy is, for reports and archive provenance.
    public var definition: String {
        switch self {
        case .sigma0: return "total energy extrapolated to zero smearing, sigma->0 (vasprun e_0_energy), last ionic step"
        case .free: return "free energy TOTEN including the -TS smearing term (vasprun e_fr_energy), last ionic step"
        case .withoutEntropy: return "energy without the entropy term (vasprun e_wo_entrp), last ionic step"
        }
    }
}
