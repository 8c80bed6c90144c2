import Adhesion
import Crystal

/// One line of the paper's table: an interface with its geometry and adhesion numbers.
public struct ReportRow: Equatable, Sendable, Codable {
    /// Interface name (archive group name).
    public var interface: String
    /// Film and substrate labels, e.g. "Li(001)" and "Li2CO3(001)".
    public var film: String
    public var substrate: String
    /// In-plane supercell matrices (3×3 rows) of film and substrate.
    public var filmSupercell: [[Int]]
    public var substrateSupercell: [[Int]]
    /// Atoms in the interface cell.
    public var atomCount: Int
    /// Interface area in Å².
    public var interfaceAreaA2: Double
    /// Film strain in percent.
    public var strainPercent: Double
    /// W_ad in J/m² and eV/Å².
    public var workOfAdhesionJPerM2: Double
    public var workOfAdhesionEVPerA2: Double
    /// σ of the film metal in J/m².
    public var surfaceEnergyJPerM2: Double
    /// θ in degrees and the wetting regime ("complete wetting", "partial wetting", "no adhesion").
    public var contactAngleDeg: Double
    public var wettingRegime: String
    /// Which VASP energy was used ("sigma0", "free", "withoutEntropy").
    public var energyKind: String
    /// True when the numbers come from the VASP stand-in.
    public var isStandIn: Bool
    /// How σ was obtained ("given", "Fiorentini–Methfessel fit over 4 slabs", ...).
    public var surfaceEnergyMethod: String
    /// The Fiorentini–Methfessel fit shown as text (slope, intercept, residuals), when σ came from one.
    public var surfaceEnergyFit: String?
    /// Wood's notation of the film and substrate supercells, when they have one (else the matrix is shown).
    public var filmSupercellWood: WoodNotation?
    public var substrateSupercellWood: WoodNotation?
    /// The film's named strains, when the archive records them (shown as extra columns).
    public var filmStrain: NamedStrains?
    /// The engine that made the energies (e.g. "VASP 6.4.2") and the model (e.g. "PBE+D3(zero), PAW"), when known.
    public var engine: String?
    public var model: String?
    /// How the interface was built (terminations, strains, fixed atoms, separation, bulk
    /// lattices), when the archive records it; in `--format json` rows.
    public var construction: InterfaceConstruction?
    /// Relaxations of this W_ad that did not converge ("ID: why"); the table marks the W_ad with ‡.
    public var unconvergedRelaxations: [String] = []

    /// A row.
    public init(interface: String, film: String, substrate: String, filmSupercell: [[Int]], substrateSupercell: [[Int]],
                atomCount: Int, interfaceAreaA2: Double, strainPercent: Double, workOfAdhesionJPerM2: Double,
                workOfAdhesionEVPerA2: Double, surfaceEnergyJPerM2: Double, contactAngleDeg: Double,
                wettingRegime: String, energyKind: String, isStandIn: Bool, surfaceEnergyMethod: String = "given",
                surfaceEnergyFit: String? = nil) {
        self.interface = interface
        self.film = film
        self.substrate = substrate
        self.filmSupercell = filmSupercell
        self.substrateSupercell = substrateSupercell
        self.atomCount = atomCount
        self.interfaceAreaA2 = interfaceAreaA2
        self.strainPercent = strainPercent
        self.workOfAdhesionJPerM2 = workOfAdhesionJPerM2
        self.workOfAdhesionEVPerA2 = workOfAdhesionEVPerA2
        self.surfaceEnergyJPerM2 = surfaceEnergyJPerM2
        self.contactAngleDeg = contactAngleDeg
        self.wettingRegime = wettingRegime
        self.energyKind = energyKind
        self.isStandIn = isStandIn
        self.surfaceEnergyMethod = surfaceEnergyMethod
        self.surfaceEnergyFit = surfaceEnergyFit
    }
}

extension ReportRow {
    /// How papers write the film supercell: Wood's notation or the in-plane 2×2 matrix.
    public var filmSupercellNotation: SupercellNotation { Self.notation(filmSupercell, filmSupercellWood) }
    /// How papers write the substrate supercell.
    public var substrateSupercellNotation: SupercellNotation { Self.notation(substrateSupercell, substrateSupercellWood) }

    static func notation(_ m: [[Int]], _ wood: WoodNotation?) -> SupercellNotation {
        if let wood { return .wood(wood) }
        guard m.count >= 2, m[0].count >= 2, m[1].count >= 2 else { return .matrix(IntMatrix2(0, 0, 0, 0)) }
        return SupercellNotation(IntMatrix2(m[0][0], m[0][1], m[1][0], m[1][1]), cell: nil)
    }

    /// A row whose adhesion numbers (W_ad in both units, σ, θ, regime, energy kind) and area
    /// come from an analysis.
    public init(interface: String, film: String, substrate: String, filmSupercell: [[Int]], substrateSupercell: [[Int]],
                atomCount: Int, strainPercent: Double, analysis: AdhesionAnalysis, isStandIn: Bool) {
        self.init(interface: interface, film: film, substrate: substrate, filmSupercell: filmSupercell,
                  substrateSupercell: substrateSupercell, atomCount: atomCount,
                  interfaceAreaA2: analysis.workOfAdhesion.interfaceAreaA2, strainPercent: strainPercent,
                  workOfAdhesionJPerM2: analysis.workOfAdhesion.jPerM2, workOfAdhesionEVPerA2: analysis.workOfAdhesion.eVPerA2,
                  surfaceEnergyJPerM2: analysis.surfaceEnergy.jPerM2, contactAngleDeg: analysis.contactAngle.degrees,
                  wettingRegime: analysis.contactAngle.regime.rawValue, energyKind: analysis.energyKind.rawValue,
                  isStandIn: isStandIn, surfaceEnergyMethod: analysis.surfaceEnergy.method,
                  surfaceEnergyFit: Self.fitSummary(analysis.surfaceEnergy))
    }

    static func fitSummary(_ sigma: SurfaceEnergy) -> String? {
        if case let .fiorentiniMethfessel(fit) = sigma { return fit.summary }
        return nil
    }
}
