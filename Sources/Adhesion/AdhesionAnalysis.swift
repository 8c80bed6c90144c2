/// Everything the paper reports for one interface: W_ad, σ, θ and the regime, with the energy
/// definition that was used.
public struct AdhesionAnalysis: Equatable, Sendable, Codable {
    /// The work of adhesion and its inputs.
    public let workOfAdhesion: WorkOfAdhesion
    /// The metal's surface energy and how it was obtained.
    public let surfaceEnergy: SurfaceEnergy
    /// θ and the wetting regime from Young–Dupré.
    public let contactAngle: ContactAngle
    /// Which VASP energy the three totals are (σ→0 unless chosen otherwise).
    public let energyKind: EnergyKind

    /// Computes W_ad from the three energies, then θ from W_ad and σ.
    public init(workOfAdhesion: WorkOfAdhesion, surfaceEnergy: SurfaceEnergy,
                energyKind: EnergyKind = .default) throws(AdhesionError) {
        self.workOfAdhesion = workOfAdhesion
        self.surfaceEnergy = surfaceEnergy
        self.energyKind = energyKind
        self.contactAngle = try ContactAngle(workOfAdhesionJPerM2: workOfAdhesion.jPerM2,
                                             surfaceEnergyJPerM2: surfaceEnergy.jPerM2)
    }
}
