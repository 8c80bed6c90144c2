import Foundation
import Testing
@testable import Engines

@Suite struct EngineProfileTests {
    @Test func profileWithoutEngineKeyIsVASP() throws {
        let p = try EngineProfile.parse("name: x\nincar:\n  ENCUT: 450\n", file: "p.yaml")
        #expect(p == .vasp)
    }

    @Test func mlipDefaultsToSevenNet() throws {
        let p = try EngineProfile.parse("engine: mlip\ndispersion: d3bj\nrelaxation:\n  force_threshold_ev_per_a: 0.05\n  max_steps: 150\n", file: "p.yaml")
        #expect(p.engine == .mlip && p.model == .sevennet0 && p.dispersion == .d3bj)
        #expect(p.forceThresholdEVPerA == 0.05 && p.maxSteps == 150)
        #expect(p.gpaw == nil)
    }

    @Test func secondModel() throws {
        let p = try EngineProfile.parse("engine: mlip\nsecond_model: chgnet\nmodel_disagreement_j_per_m2: 0.15\n", file: "p.yaml")
        #expect(p.model == .sevennet0 && p.secondModel == .chgnet && p.modelDisagreementJPerM2 == 0.15)
        #expect(EngineInput(profile: p, relax: true, bulk: false, kpoints: nil, dipoleAxis: nil).secondModel == .chgnet)
        // A bulk cell's energy enters no W_ad: no second model there.
        #expect(EngineInput(profile: p, relax: true, bulk: true, kpoints: nil, dipoleAxis: nil).secondModel == nil)
    }

    @Test func optimizerIsReadAndWrittenToEngineJSON() throws {
        #expect(try EngineProfile.parse("engine: mlip\n", file: "p.yaml").optimizer == .bfgs)
        let p = try EngineProfile.parse("engine: mlip\nrelaxation:\n  optimizer: fire\n", file: "p.yaml")
        #expect(p.optimizer == .fire)
        let json = EngineInput(profile: p, relax: true, bulk: false, kpoints: nil, dipoleAxis: nil).json()
        #expect(json.contains(#""optimizer" : "fire""#))
    }

    @Test func gpawSettings() throws {
        let p = try EngineProfile.parse("engine: gpaw\ndispersion: d3bj\ngpaw:\n  plane_wave_cutoff_ev: 450\n", file: "p.yaml")
        #expect(p.gpaw?.planeWaveCutoffEV == 450 && p.gpaw?.smearingEV == 0.1 && p.model == nil)
    }

    /// `relaxation.single_points: true` turns every kind (interface, slab, bulk) into one energy at
    /// the built geometry: engine.json says "static" and no cell relaxes.
    @Test func singlePointsMakeEveryCalculationStatic() throws {
        let p = try EngineProfile.parse("engine: gpaw\nrelaxation:\n  single_points: true\n", file: "p.yaml")
        #expect(p.singlePoints)
        for (relax, bulk) in [(true, false), (true, true), (false, false)] {
            let input = EngineInput(profile: p, relax: relax, bulk: bulk, kpoints: [3, 3, 1], dipoleAxis: 2)
            #expect(input.calculation == "static" && !input.relaxCell, "relax \(relax), bulk \(bulk)")
        }
        let relaxing = try EngineProfile.parse("engine: gpaw\nrelaxation:\n  single_points: false\n", file: "p.yaml")
        #expect(!relaxing.singlePoints)
        #expect(EngineInput(profile: relaxing, relax: true, bulk: true, kpoints: nil, dipoleAxis: nil).calculation == "relax")
        #expect(EngineInput(profile: relaxing, relax: true, bulk: true, kpoints: nil, dipoleAxis: nil).relaxCell)
    }

    @Test(arguments: [
        ("engine: castep\n", 1, "engine"),
        ("engine: gpaw\nrelaxation:\n  single_points: sometimes\n", 3, "relaxation.single_points"),
        ("engine: vasp\nrelaxation:\n  single_points: true\n", 3, "relaxation.single_points"),
        ("engine: mlip\nmodel: mace\n", 2, "model"),
        ("engine: vasp\nmodel: chgnet\n", 2, "model"),
        ("engine: vasp\ndispersion: d3bj\n", 2, "dispersion"),
        ("engine: mlip\nrelaxation:\n  max_steps: 2.5\n", 3, "relaxation.max_steps"),
        ("engine: mlip\nrelaxation:\n  fmax: 0.1\n", 3, "relaxation.fmax"),
        ("engine: mlip\ngpaw:\n  plane_wave_cutoff_ev: 400\n", 2, "gpaw"),
        ("engine: mlip\nsecond_model: sevennet-0\n", 2, "second_model"),
        ("engine: gpaw\nsecond_model: chgnet\n", 2, "second_model"),
        ("engine: mlip\nrelaxation:\n  optimizer: newton\n", 3, "relaxation.optimizer"),
        ("engine: vasp\nrelaxation:\n  optimizer: fire\n", 3, "relaxation.optimizer"),
    ])
    func mistakesNameTheLineAndKey(_ yaml: String, _ line: Int, _ key: String) {
        do {
            _ = try EngineProfile.parse(yaml, file: "p.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.hasPrefix("p.yaml:\(line): \(key)"))
        }
    }

    @Test func shippedEngineProfilesParse() throws {
        for name in ["li-interface-mlip-d3", "li-interface-gpaw-d3"] {
            let path = ResourcePaths.profile(name)
            let p = try EngineProfile.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
            #expect(p.engine.isASEDriven && p.dispersion == .d3bj, "\(name)")
        }
        let path = ResourcePaths.profile("li-gpaw-pbe-single-points")
        let p = try EngineProfile.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(p.engine == .gpaw && p.dispersion == DispersionCorrection.none && p.singlePoints)
        #expect(p.gpaw?.planeWaveCutoffEV == 400 && p.gpaw?.xc == "PBE")
    }
}

/// Paths of shipped files, found from this source file (the repository's templates/).
enum ResourcePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func profile(_ name: String) -> String { root.appendingPathComponent("templates/profiles/\(name).yaml").path }
    static func engineFile(_ name: String) -> String { root.appendingPathComponent("templates/engines/\(name)").path }
}
