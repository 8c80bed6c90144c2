import Foundation
import Testing
@testable import Engines
@testable import Workflow

/// Collect's interface step (``InterfaceResults``) on ASE-engine summaries: the engine identity
/// goes through the one consistency guard, and the second model's W_ad is flagged. Energies by hand:
/// σ series E(n) = −2n + 1.2 eV on S = 10 Å² → σ = 1.2/(2·10) = 0.06 eV/Å²; W_ad =
/// (−4 − 5 + 10)/10 = 0.1 eV/Å² = 1.602 J/m²; second model (−4 − 5 + 9.5)/10 = 0.05 eV/Å² = 0.801 J/m².
@Suite struct EngineInterfaceResultsTests {
    static let manifestJSON = """
    {"format": "adhere-study-manifest", "version": 1, "study": "t", "inputProfile": "li-interface-mlip-d3",
     "metal": {"formula": "Li", "miller": [0, 0, 1], "bulkID": "Li-bulk",
               "slabs": [{"layers": 3, "id": "Li-L3", "areaA2": 10, "atoms": 3}, {"layers": 4, "id": "Li-L4", "areaA2": 10, "atoms": 4},
                         {"layers": 5, "id": "Li-L5", "areaA2": 10, "atoms": 5}]},
     "interfaces": [{"name": "LiF", "interfaceID": "LiF-interface", "filmID": "LiF-film", "substrateID": "LiF-substrate",
                     "filmMiller": [0, 0, 1], "substrateMiller": [0, 0, 1], "filmMatrix": [[1, 0], [0, 1]], "substrateMatrix": [[1, 0], [0, 1]],
                     "areaA2": 10, "vonMisesStrain": 0.01, "principalStrains": [0.01, 0.01], "interfaceAtoms": 3, "filmAtoms": 1,
                     "substrateAtoms": 2, "filmLayers": 1, "substrateLayers": 1, "explicitSupercells": false}],
     "calculations": [], "sharedWith": {}}
    """

    static func inputs(filmModel: String) throws -> (StudyManifest, [String: CollectedCalculation], [String: EngineResult]) {
        let manifest = try JSONDecoder().decode(StudyManifest.self, from: Data(manifestJSON.utf8))
        let results: [String: EngineResult] = [
            "Li-L3": EngineCollectTests.result(energy: -6 + 1.2), "Li-L4": EngineCollectTests.result(energy: -8 + 1.2),
            "Li-L5": EngineCollectTests.result(energy: -10 + 1.2),
            "LiF-interface": EngineCollectTests.result(energy: -10, second: -9.5),
            "LiF-film": EngineCollectTests.result(energy: -4, model: filmModel, second: -4.0),
            "LiF-substrate": EngineCollectTests.result(energy: -5, second: -5.0),
        ]
        var collected: [String: CollectedCalculation] = [:]
        for (id, r) in results {
            let settings = try JSONEncoder().encode(EngineCollect.settings(r, label: id))
            collected[id] = CollectedCalculation(calculationID: id, sizeBytes: 1, modifiedNanoseconds: 0, sha256: "",
                                                 freeEnergyEV: r.energyEV, energyWithoutEntropyEV: r.energyEV, energySigma0EV: r.energyEV,
                                                 settings: String(decoding: settings, as: UTF8.self), isStandIn: false,
                                                 relaxationNote: nil, collectedAt: Date(timeIntervalSince1970: 0))
        }
        return (manifest, collected, results)
    }

    @Test func sameModelGivesWorkOfAdhesionAndFlagsTheSecondModel() throws {
        let (manifest, collected, results) = try Self.inputs(filmModel: "sevennet-0")
        let out = InterfaceResults.compute(manifest.interfaces, manifest: manifest, collected: collected, energyKind: .sigma0,
                                           engineResults: results, modelDisagreementJPerM2: 0.1)
        #expect(out.refused.isEmpty, "\(out.refused)")
        let interface = try #require(out.interfaces.first)
        #expect(abs(interface.analysis.workOfAdhesion.jPerM2 - 1.60218) < 1e-3)
        #expect(interface.corrections.count == 1 && interface.corrections[0].contains("second model chgnet"))
        #expect(interface.corrections[0].contains("disagree"), "0.80 J/m² apart is above the 0.1 threshold")
    }

    @Test func aFilmFromAnotherModelIsRefused() throws {
        let (manifest, collected, results) = try Self.inputs(filmModel: "chgnet")
        let out = InterfaceResults.compute(manifest.interfaces, manifest: manifest, collected: collected, energyKind: .sigma0,
                                           engineResults: results)
        #expect(out.interfaces.isEmpty)
        let refusal = try #require(out.refused.first)
        #expect(refusal.reason.contains("model") && refusal.reason.contains("chgnet"), "\(refusal.reason)")
    }
}
