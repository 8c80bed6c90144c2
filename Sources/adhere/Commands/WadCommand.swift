import Adhesion
import Archive
import ArgumentParser
import Foundation
import Report

/// `adhere wad`: Work of adhesion and contact angle from three energies.
struct WadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wad",
        abstract: "Work of adhesion and contact angle from three energies.",
        discussion: """
            W_ad = (E_film + E_substrate − E_interface) / S, printed in eV/Å² and J/m² \
            (1 eV/Å² = 16.0218 J/m²). The contact angle follows from Young–Dupré, \
            W_ad = σ(1 + cos θ): W_ad ≥ 2σ is complete wetting (θ = 0°), W_ad ≤ 0 is no adhesion \
            (θ = 180°). σ comes from you (--sigma) or from a study's archive (--archive, the \
            metal's σ as the study computed it); the output says which. Negative energies can be \
            written as --film -100.5 or --film=-100.5.
            """)

    @Option(name: .customLong("interface"), parsing: .unconditional, help: "Total energy of the interface cell (eV).")
    var interfaceEnergyEV: Double

    @Option(name: .customLong("film"), parsing: .unconditional, help: "Total energy of the isolated film slab (eV).")
    var filmEnergyEV: Double

    @Option(name: .customLong("substrate"), parsing: .unconditional, help: "Total energy of the isolated substrate slab (eV).")
    var substrateEnergyEV: Double

    @Option(name: .customLong("area"), parsing: .unconditional, help: "Interface area S of the cell (Å²).")
    var areaA2: Double

    @Option(name: .customLong("sigma"), parsing: .unconditional,
            help: "Surface energy σ of the film metal (J/m²).")
    var sigmaJPerM2: Double?

    @Option(name: .customLong("archive"), help: "Take σ from a study's archive.h5 (the metal's surface energy the study computed).")
    var archivePath: String?

    @Option(name: .customLong("energy-kind"),
            help: "Which VASP energy the three numbers are (default: sigma0). Recorded in the output.")
    var energyKind: EnergyKind = .default

    @Flag(help: "Print JSON.")
    var json = false

    /// Physical ranges (docs/input-limits.md): a DFT total energy within ±10⁷ eV, an interface
    /// area up to 10⁶ Å² (100 nm × 100 nm), a surface energy up to 100 J/m².
    static let maxEnergyMagnitudeEV = 1e7, maxAreaA2 = 1e6, maxSigmaJPerM2 = 100.0

    func validate() throws {
        for (name, v) in [("--interface", interfaceEnergyEV), ("--film", filmEnergyEV), ("--substrate", substrateEnergyEV)]
        where !(v.isFinite && abs(v) <= Self.maxEnergyMagnitudeEV) {
            throw ValidationError("\(name) must be a finite energy in eV within ±\(Self.maxEnergyMagnitudeEV), got \(v)")
        }
        guard areaA2.isFinite, areaA2 > 0, areaA2 <= Self.maxAreaA2 else {
            throw ValidationError("--area must be a positive area in Å² up to \(Self.maxAreaA2), got \(areaA2)")
        }
        switch (sigmaJPerM2, archivePath) {
        case (nil, nil): throw ValidationError("σ is needed: give --sigma J/m² or --archive STUDY/archive.h5")
        case (.some, .some): throw ValidationError("give --sigma or --archive, not both")
        default: break
        }
        if let s = sigmaJPerM2, !(s.isFinite && s > 0 && s <= Self.maxSigmaJPerM2) {
            throw ValidationError("--sigma must be a positive surface energy in J/m² up to \(Self.maxSigmaJPerM2), got \(s)")
        }
    }

    /// The `--json` document.
    struct Output: Codable {
        let workOfAdhesionEVPerA2: Double
        let workOfAdhesionJPerM2: Double
        let surfaceEnergyJPerM2: Double
        let surfaceEnergySource: String
        let contactAngleDeg: Double
        let wettingRegime: String
        let separationEnergyEV: Double
        let interfaceEnergyEV: Double
        let filmEnergyEV: Double
        let substrateEnergyEV: Double
        let interfaceAreaA2: Double
        let energyKind: String
        let energyDefinition: String
    }

    func run() throws {
        let kind = energyKind
        let sigma: Double, source: String
        if let given = sigmaJPerM2 {
            (sigma, source) = (given, "given (--sigma)")
        } else if let path = archivePath {
            let interfaces: [ArchivedInterface]
            do { interfaces = try ArchiveReader(path: path).interfaces() } catch {
                throw CommandFailure("\(error)", file: path)
            }
            guard let first = interfaces.first else {
                throw CommandFailure("the archive holds no interface with a surface energy yet: run the study's σ series, or give --sigma", file: path)
            }
            let energy = first.analysis.surfaceEnergy
            (sigma, source) = (energy.jPerM2, "archive \(path): \(energy.method)")
        } else {
            throw ValidationError("σ is needed: give --sigma J/m² or --archive STUDY/archive.h5")
        }
        let work = try WorkOfAdhesion(interfaceEnergyEV: interfaceEnergyEV, filmEnergyEV: filmEnergyEV,
                                      substrateEnergyEV: substrateEnergyEV, interfaceAreaA2: areaA2)
        let analysis = try AdhesionAnalysis(workOfAdhesion: work, surfaceEnergy: .given(jPerM2: sigma), energyKind: kind)
        let w = analysis.workOfAdhesion, theta = analysis.contactAngle
        if json {
            let output = Output(
                workOfAdhesionEVPerA2: w.eVPerA2, workOfAdhesionJPerM2: w.jPerM2, surfaceEnergyJPerM2: sigma,
                surfaceEnergySource: source, contactAngleDeg: theta.degrees, wettingRegime: theta.regime.rawValue,
                separationEnergyEV: w.separationEnergyEV, interfaceEnergyEV: interfaceEnergyEV, filmEnergyEV: filmEnergyEV,
                substrateEnergyEV: substrateEnergyEV, interfaceAreaA2: areaA2, energyKind: kind.rawValue,
                energyDefinition: kind.definition)
            print(try JSONOutput.text(output), terminator: "")
            return
        }
        let limit: String
        switch theta.regime {
        case .completeWetting: limit = " (W_ad ≥ 2σ: complete wetting)"
        case .noAdhesion: limit = " (W_ad ≤ 0: no adhesion)"
        case .partialWetting: limit = " (partial wetting)"
        }
        print("""
            E_film + E_substrate − E_interface = \(String(format: "%.6f", w.separationEnergyEV)) eV over S = \(String(format: "%.4f", areaA2)) Å²
            work of adhesion   W_ad = \(String(format: "%.6f", w.eVPerA2)) eV/Å² = \(String(format: "%.4f", w.jPerM2)) J/m²
            surface energy     σ    = \(String(format: "%.4f", sigma)) J/m² (\(source))
            contact angle      θ    = \(String(format: "%.1f", theta.degrees))°\(limit)
            energies: \(kind.rawValue) — \(kind.definition)
            """)
    }
}
