import Units

/// The work of adhesion W_ad = (E_film + E_substrate − E_interface) / S.
///
/// S is the interface area of the cell (one interface per cell: the film and substrate slabs
/// are computed in the same in-plane cell as the interface). Positive W_ad means the interface
/// is bound.
public struct WorkOfAdhesion: Equatable, Sendable, Codable {
    /// Total energy of the interface cell in eV.
    public let interfaceEnergyEV: Double
    /// Total energy of the isolated film slab in eV.
    public let filmEnergyEV: Double
    /// Total energy of the isolated substrate slab in eV.
    public let substrateEnergyEV: Double
    /// Interface area S in Å².
    public let interfaceAreaA2: Double

    /// Validates the inputs: energies finite, area positive.
    public init(interfaceEnergyEV: Double, filmEnergyEV: Double, substrateEnergyEV: Double,
                interfaceAreaA2: Double) throws(AdhesionError) {
        try AdhesionError.requireFinite(interfaceEnergyEV, "the interface energy (eV)")
        try AdhesionError.requireFinite(filmEnergyEV, "the film energy (eV)")
        try AdhesionError.requireFinite(substrateEnergyEV, "the substrate energy (eV)")
        try AdhesionError.requireArea(interfaceAreaA2, "the interface area")
        self.interfaceEnergyEV = interfaceEnergyEV
        self.filmEnergyEV = filmEnergyEV
        self.substrateEnergyEV = substrateEnergyEV
        self.interfaceAreaA2 = interfaceAreaA2
    }

    /// E_film + E_substrate − E_interface in eV: the energy gained by joining the two slabs.
    public var separationEnergyEV: Double { filmEnergyEV + substrateEnergyEV - interfaceEnergyEV }

    /// W_ad in eV/Å².
    public var eVPerA2: Double { separationEnergyEV / interfaceAreaA2 }

    /// W_ad in J/m² (1 eV/Å² = 16.0218 J/m²).
    public var jPerM2: Double { UnitConversion.jPerM2(fromEVPerA2: eVPerA2) }
}
