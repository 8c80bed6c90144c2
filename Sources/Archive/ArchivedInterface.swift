import Adhesion
import Crystal

/// Everything the archive keeps about one interface (`/interfaces/<name>`): its geometry, the
/// three calculations it uses, and the adhesion analysis with the energy definition.
public struct ArchivedInterface: Equatable, Sendable {
    /// Unique name, used as the group name (no '/'), e.g. "Li001_Li2CO3_001".
    public var name: String
    /// Film label for tables, e.g. "Li(001)".
    public var filmLabel: String
    /// Substrate label for tables, e.g. "Li2CO3(001)".
    public var substrateLabel: String
    /// Miller indices of the film and the substrate surfaces.
    public var filmMiller: [Int]
    public var substrateMiller: [Int]
    /// In-plane supercell matrices (3×3 integer rows) applied to film and substrate slabs.
    public var filmSupercell: [[Int]]
    public var substrateSupercell: [[Int]]
    /// Strain applied to the film to match the substrate, percent.
    public var strainPercent: Double
    /// Number of atoms in the interface cell.
    public var atomCount: Int
    /// Ids of the three calculations in `/calculations`.
    public var interfaceCalculationID: String
    public var filmCalculationID: String
    public var substrateCalculationID: String
    /// W_ad, σ, θ, the regime and the energy kind used; the area is `analysis.workOfAdhesion.interfaceAreaA2`.
    public var analysis: AdhesionAnalysis
    /// Corrections applied to the energies (e.g. "dipole correction IDIPOL=3"); empty for none.
    public var corrections: [String]
    /// True when any of the three energies comes from the VASP stand-in.
    public var isStandIn: Bool
    /// Relaxations among the three whose forces never reached the threshold within the attempt
    /// limit ("ID: why"); empty when all three converged. The report marks such a W_ad.
    public var unconvergedRelaxations: [String] = []
    /// How the interface was built (terminations, named strains, fixed atoms, separation, bulk
    /// lattices); nil in archives written before it was recorded.
    public var construction: InterfaceConstruction? = nil
    /// The registry × separation scan whose lowest registry was relaxed; nil without a scan.
    public var scan: ScanOutcome? = nil

    /// An interface record.
    public init(name: String, filmLabel: String, substrateLabel: String, filmMiller: [Int], substrateMiller: [Int],
                filmSupercell: [[Int]], substrateSupercell: [[Int]], strainPercent: Double, atomCount: Int,
                interfaceCalculationID: String, filmCalculationID: String, substrateCalculationID: String,
                analysis: AdhesionAnalysis, corrections: [String] = [], isStandIn: Bool = false,
                construction: InterfaceConstruction? = nil, scan: ScanOutcome? = nil) {
        self.name = name
        self.filmLabel = filmLabel
        self.substrateLabel = substrateLabel
        self.filmMiller = filmMiller
        self.substrateMiller = substrateMiller
        self.filmSupercell = filmSupercell
        self.substrateSupercell = substrateSupercell
        self.strainPercent = strainPercent
        self.atomCount = atomCount
        self.interfaceCalculationID = interfaceCalculationID
        self.filmCalculationID = filmCalculationID
        self.substrateCalculationID = substrateCalculationID
        self.analysis = analysis
        self.corrections = corrections
        self.isStandIn = isStandIn
        self.construction = construction
        self.scan = scan
    }

    /// Interface area S in Å².
    public var interfaceAreaA2: Double { analysis.workOfAdhesion.interfaceAreaA2 }
}
