import Adhesion

/// Why an interface's adhesion numbers were not produced at collect time.
public enum InterfaceCollectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The three calculations differ in settings that shift total energies (the list says which).
    case inconsistent(interface: String, InconsistentCalculationsError)
    /// A calculation has no ionic step with the chosen energy.
    case missingEnergy(calculation: String, kind: EnergyKind)
    /// W_ad, σ or θ could not be computed (bad area, σ ≤ 0, ...).
    case adhesion(interface: String, AdhesionError)

    public var description: String {
        switch self {
        case let .inconsistent(name, error): return "interface '\(name)': \(error)"
        case let .missingEnergy(calc, kind): return "calculation '\(calc)' has no \(kind.vasprunTag) energy (no complete ionic step)"
        case let .adhesion(name, error): return "interface '\(name)': \(error)"
        }
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

/// The geometry of an interface as built (what the archive keeps beside the numbers).
public struct InterfaceGeometry: Equatable, Sendable {
    public var filmLabel: String
    public var substrateLabel: String
    public var filmMiller: [Int]
    public var substrateMiller: [Int]
    public var filmSupercell: [[Int]]
    public var substrateSupercell: [[Int]]
    /// Interface area S of the cell in Å².
    public var interfaceAreaA2: Double
    public var strainPercent: Double
    public var atomCount: Int

    /// The geometry of one interface.
    public init(filmLabel: String, substrateLabel: String, filmMiller: [Int], substrateMiller: [Int],
                filmSupercell: [[Int]], substrateSupercell: [[Int]], interfaceAreaA2: Double,
                strainPercent: Double, atomCount: Int) {
        self.filmLabel = filmLabel
        self.substrateLabel = substrateLabel
        self.filmMiller = filmMiller
        self.substrateMiller = substrateMiller
        self.filmSupercell = filmSupercell
        self.substrateSupercell = substrateSupercell
        self.interfaceAreaA2 = interfaceAreaA2
        self.strainPercent = strainPercent
        self.atomCount = atomCount
    }
}

extension ArchivedInterface {
    /// What `adhere collect` does for one interface once its three runs are parsed: refuse
    /// when the runs' settings differ (`CollectConsistencyGuard`, `settings` in the order
    /// interface, film, substrate), take the chosen energy of each run's last ionic step,
    /// compute W_ad, θ and the regime, and flag the record when any run is the stand-in's.
    public static func collect(name: String, geometry: InterfaceGeometry, interface: ArchivedCalculation,
                               film: ArchivedCalculation, substrate: ArchivedCalculation,
                               settings: [CalculationSettings], surfaceEnergy: SurfaceEnergy,
                               energyKind: EnergyKind = .default, corrections: [String] = [],
                               guard consistency: CollectConsistencyGuard = CollectConsistencyGuard())
        throws(InterfaceCollectionError) -> ArchivedInterface
    {
        do {
            try consistency.check(settings)
        } catch {
            throw .inconsistent(interface: name, error)
        }
        func energy(_ c: ArchivedCalculation) throws(InterfaceCollectionError) -> Double {
            guard let e = c.finalEnergyEV(energyKind) else { throw .missingEnergy(calculation: c.id, kind: energyKind) }
            return e
        }
        let analysis: AdhesionAnalysis
        do {
            let w = try WorkOfAdhesion(interfaceEnergyEV: try energy(interface), filmEnergyEV: try energy(film),
                                       substrateEnergyEV: try energy(substrate), interfaceAreaA2: geometry.interfaceAreaA2)
            analysis = try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: surfaceEnergy, energyKind: energyKind)
        } catch let error as InterfaceCollectionError {
            throw error
        } catch let error as AdhesionError {
            throw .adhesion(interface: name, error)
        } catch {
            throw .adhesion(interface: name, .notFinite(name: "\(error)", value: .nan))
        }
        return ArchivedInterface(
            name: name, filmLabel: geometry.filmLabel, substrateLabel: geometry.substrateLabel,
            filmMiller: geometry.filmMiller, substrateMiller: geometry.substrateMiller,
            filmSupercell: geometry.filmSupercell, substrateSupercell: geometry.substrateSupercell,
            strainPercent: geometry.strainPercent, atomCount: geometry.atomCount,
            interfaceCalculationID: interface.id, filmCalculationID: film.id, substrateCalculationID: substrate.id,
            analysis: analysis, corrections: corrections,
            isStandIn: interface.isStandIn || film.isStandIn || substrate.isStandIn)
    }
}
