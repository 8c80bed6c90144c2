import Adhesion
import Archive
import Crystal
import Foundation

/// Records with hand-chosen numbers for the archive tests.
enum ArchiveSamples {
    static let date0 = Date(timeIntervalSince1970: 1_764_000_000) // 2025-11-24T16:00:00Z, whole seconds

    static func structure() -> Structure {
        Structure(lattice: Lattice([[3.44, 0, 0], [0, 3.44, 0], [0, 0, 20.0]]),
                  elements: [Element(symbol: "Li")!, Element(symbol: "Li")!, Element(symbol: "O")!],
                  fractional: [Vector3(0, 0, 0.1), Vector3(0.5, 0.5, 0.2), Vector3(0.25, 0.75, 0.3)],
                  comment: "Li2O test cell")
    }

    static func calculation(_ id: String, role: String, sigma0: [Double]) -> ArchivedCalculation {
        ArchivedCalculation(
            id: id, role: role,
            energies: IonicStepEnergies(freeEnergyEV: sigma0.map { $0 - 0.001 },
                                        energyWithoutEntropyEV: sigma0.map { $0 + 0.0005 }, energySigma0EV: sigma0),
            finalStructure: structure(),
            forcesEVPerA: [[0.01, -0.02, 0.03], [0, 0, 0], [-0.01, 0.02, -0.03]],
            incar: ["ENCUT": "520", "GGA": "PE", "ISMEAR": "0", "SIGMA": "0.05", "IDIPOL": "3", "LDIPOL": ".TRUE."],
            kpointMesh: [4, 4, 1], potcars: ["PAW_PBE Li_sv 10Feb1998", "PAW_PBE O 08Apr2002"],
            vaspVersion: "6.4.2 18Apr23", inputHash: "sha256:0123abcd", slurmJobID: "4242",
            submittedAt: date0, startedAt: date0.addingTimeInterval(60), finishedAt: date0.addingTimeInterval(3600),
            collectedAt: date0.addingTimeInterval(7200), isStandIn: false)
    }

    /// Li|Li2CO3-like numbers: ΔE = −100 − 200 + 300.5 = 0.5 eV over 50 Å² → 0.01 eV/Å²
    /// = 0.1602176634 J/m²; σ given 0.4245 J/m².
    static func interface(_ name: String = "Li001_Li2CO3_001") throws -> ArchivedInterface {
        let w = try WorkOfAdhesion(interfaceEnergyEV: -300.5, filmEnergyEV: -100, substrateEnergyEV: -200, interfaceAreaA2: 50)
        return ArchivedInterface(
            name: name, filmLabel: "Li(001)", substrateLabel: "Li2CO3(001)", filmMiller: [0, 0, 1], substrateMiller: [0, 0, 1],
            filmSupercell: [[3, 0, 0], [0, 2, 0], [0, 0, 1]], substrateSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            strainPercent: 1.25, atomCount: 312, interfaceCalculationID: "iface", filmCalculationID: "film",
            substrateCalculationID: "sub",
            analysis: try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .given(jPerM2: 0.4245)),
            corrections: ["dipole correction IDIPOL=3"])
    }
}
