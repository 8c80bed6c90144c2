import Foundation
import Testing
@testable import Engines
@testable import Workflow

/// collect's decisions on ASE-engine results (docs/engines.md), on results made here by hand.
@Suite struct EngineCollectTests {
    static func provenance(model: String = "sevennet-0", sha: String = "aaaa", dispersion: DispersionCorrection = .d3bj) -> EngineProvenance {
        EngineProvenance(format: "adhere-engine-result/1", engine: .mlip, enginePackage: "sevenn", engineVersion: "0.13.0",
                         model: model, modelFile: nil, modelSHA256: sha, dispersion: dispersion, dispersionVersion: "1.2.1",
                         aseVersion: "3.29.0", calculation: "relax", relaxCell: false, forceThresholdEVPerA: 0.05, maxSteps: 200,
                         kpoints: nil, planeWaveCutoffEV: nil, smearingEV: nil, atoms: 1, symbols: ["Li"])
    }

    static func result(energy: Double, converged: Bool = true, model: String = "sevennet-0", sha: String = "aaaa",
                       lattice: [[Double]] = [[3, 0, 0], [0, 3, 0], [0, 0, 20]], second: Double? = nil) -> EngineResult {
        let step = EngineStep(index: 0, energyEV: energy, dispersionEnergyEV: -0.1, freeEnergyEV: nil, maxForceEVPerA: converged ? 0.01 : 0.2,
                              forcesEVPerA: [[0, 0, 0]], latticeA: lattice, positionsA: [[0, 0, 0]], stressEVPerA3: nil)
        let final = EngineFinal(converged: converged, stoppedBy: converged ? nil : "step limit", steps: 1, energyEV: energy,
                                dispersionEnergyEV: -0.1, maxForceEVPerA: step.maxForceEVPerA, wallSeconds: 1)
        return EngineResult(provenance: provenance(model: model, sha: sha), steps: [step], final: final,
                            secondModel: second.map { EngineSecondModel(model: "chgnet", modelSHA256: "bbbb", energyEV: $0) },
                            failure: nil, damage: nil)
    }

    @Test func verdicts() {
        #expect(EngineCollect.verdict(Self.result(energy: -1), attemptsLeft: true) == .parsed(note: "parsed 1 steps (mlip sevennet-0 + d3bj)"))
        guard case .continueRelaxation = EngineCollect.verdict(Self.result(energy: -1, converged: false), attemptsLeft: true) else {
            Issue.record("an unconverged relaxation with attempts left goes on from CONTCAR"); return
        }
        guard case .parsed = EngineCollect.verdict(Self.result(energy: -1, converged: false), attemptsLeft: false) else {
            Issue.record("without attempts left it is kept, with a note"); return
        }
        var damaged = Self.result(energy: -1)
        damaged.damage = EngineResultDamage(line: 3, reason: "partial last line")
        guard case .failed(let reason) = EngineCollect.verdict(damaged, attemptsLeft: true) else { Issue.record("damage fails"); return }
        #expect(reason.contains("line 3"))
        var partial = Self.result(energy: -1)
        partial.final = nil
        guard case .failed = EngineCollect.verdict(partial, attemptsLeft: true) else { Issue.record("no final record fails"); return }
    }

    @Test func mixedModelsAreRefusedWithTheirNames() {
        let runs = [(label: "LiF-interface", result: Self.result(energy: -10)),
                    (label: "LiF-film", result: Self.result(energy: -4, model: "chgnet", sha: "bbbb")),
                    (label: "LiF-substrate", result: Self.result(energy: -5))]
        #expect(throws: EngineMixRefusal.self) { try EngineCollect.check(runs, vaspLabels: []) }
        do { try EngineCollect.check(runs, vaspLabels: []) } catch {
            #expect(error.description.contains("model: LiF-interface sevennet-0, LiF-film chgnet, LiF-substrate sevennet-0"))
        }
    }

    @Test func engineMixedWithVASPIsRefused() throws {
        let runs = [(label: "LiF-interface", result: Self.result(energy: -10)), (label: "LiF-film", result: Self.result(energy: -4))]
        do { try EngineCollect.check(runs, vaspLabels: ["LiF-substrate"]); Issue.record("accepted a VASP energy next to mlip ones") } catch {
            #expect(error.description.contains("engine: LiF-interface mlip, LiF-film mlip, LiF-substrate vasp"))
        }
        try EngineCollect.check(runs, vaspLabels: [])
    }

    @Test func sigmaFromAnotherModelIsRefused() {
        let runs = [(label: "LiF-interface", result: Self.result(energy: -10)), (label: "LiF-film", result: Self.result(energy: -4))]
        let sigma = [(label: "σ series (Li-001-L3)", result: Self.result(energy: -5, model: "chgnet", sha: "bbbb",
                                                                          lattice: [[3.44, 0, 0], [0, 3.44, 0], [0, 0, 25]]))]
        do { try EngineCollect.check(runs, vaspLabels: [], sameEngineAs: sigma); Issue.record("θ from a σ of another model") } catch {
            #expect(error.description.contains("σ series (Li-001-L3) chgnet"))
            #expect(!error.description.contains("in-plane lattice"), "the slab's own cell is not compared with the interface's")
        }
    }

    @Test func differentInPlaneCellsAreRefused() {
        let runs = [(label: "a", result: Self.result(energy: -10)),
                    (label: "b", result: Self.result(energy: -4, lattice: [[3.1, 0, 0], [0, 3, 0], [0, 0, 20]]))]
        #expect(throws: EngineMixRefusal.self) { try EngineCollect.check(runs, vaspLabels: []) }
    }

    /// W_ad by hand: (E_film + E_substrate − E_interface)/S; second model (−4.0 − 5.0 + 9.5)/10 eV/Å² =
    /// 0.05 eV/Å² = 0.801 J/m²; first (−4 − 5 + 10)/10 = 0.1 eV/Å² = 1.602 J/m², so they differ by 0.80.
    @Test func secondModelDisagreementIsFlagged() throws {
        let runs = [Self.result(energy: -10, second: -9.5), Self.result(energy: -4, second: -4.0), Self.result(energy: -5, second: -5.0)]
        let out = try #require(EngineCollect.secondModel(runs, areaA2: 10, firstJPerM2: 1.60218, thresholdJPerM2: 0.1))
        #expect(out.flagged)
        #expect(out.line.contains("W_ad 0.801 J/m²"))
        let close = try #require(EngineCollect.secondModel(runs, areaA2: 10, firstJPerM2: 0.85, thresholdJPerM2: 0.1))
        #expect(!close.flagged)
    }
}
