import Adhesion
import Archive
import Crystal
import Engines
import Foundation
import VASP

/// What collect does with the result of an ASE-driven engine (docs/engines.md): the same
/// decisions as for a vasprun.xml, made on `EngineResult`.
enum EngineCollect {
    /// The result file of a calculation folder.
    static func resultPath(_ folder: URL) -> String { folder.appendingPathComponent(EngineInput.resultFileName).path }

    /// What a finished engine run means for its calculation.
    enum Verdict: Equatable {
        /// Use it.
        case parsed(note: String)
        /// Relaxation stopped before the force threshold: go on from CONTCAR while attempts remain.
        case continueRelaxation(reason: String)
        /// Broken: failed, with the reason (recovery reruns it).
        case failed(reason: String)
    }

    /// Decides from a read result (no I/O).
    static func verdict(_ result: EngineResult, attemptsLeft: Bool) -> Verdict {
        if let failure = result.failure {
            let scf = failure.scfConverged == false ? " (electronic self-consistency not reached)" : ""
            return .failed(reason: "engine error at \(failure.stage)\(scf): \(failure.message)")
        }
        if let damage = result.damage {
            return .failed(reason: "engine result damaged at \(damage) after \(result.steps.count) valid steps: not used")
        }
        guard let final = result.final else {
            return .failed(reason: "engine result has no final record (\(result.steps.count) steps): the run did not end cleanly")
        }
        if !final.converged {
            let reason = String(format: "largest free force %.4f eV/Å above %g after %d steps (%@)", final.maxForceEVPerA,
                                result.provenance.forceThresholdEVPerA, final.steps, final.stoppedBy ?? "stopped")
            return attemptsLeft ? .continueRelaxation(reason: reason) : .parsed(note: "parsed; relaxation not converged (\(reason))")
        }
        return .parsed(note: "parsed \(final.steps) steps (\(EngineIdentity(result.provenance)))")
    }

    /// The structure of an engine run's last step (cell, Cartesian positions, the species it
    /// reports), nil when the result has no step or its species do not match its positions.
    static func finalStructure(_ result: EngineResult) -> Structure? {
        guard let last = result.lastStep, last.latticeA.count == 3 else { return nil }
        let elements = result.provenance.symbols.compactMap(Element.init(symbol:))
        guard elements.count == last.positionsA.count, elements.count == result.provenance.symbols.count else { return nil }
        let lattice = Lattice(last.latticeA)
        return Structure(lattice: lattice, elements: elements,
                         fractional: last.positionsA.map { lattice.fractional(fromCartesian: Vector3($0[0], $0[1], $0[2])) })
    }

    /// The archive record of an engine run. Engine, model, weights checksum and dispersion
    /// go into the archive's engine attributes; there is no INCAR or POTCAR.
    static func archived(_ result: EngineResult, id: String, role: String, inputHash: String, jobID: String?,
                         submittedAt: Date?, finishedAt: Date?) -> ArchivedCalculation {
        let p = result.provenance
        let energies = result.steps.map(\.energyEV)
        let structure = finalStructure(result)
        var settings: [String: String] = ["ENGINE": p.engine.rawValue, "MODEL": p.model ?? "", "DISPERSION": p.dispersion.rawValue,
                                          "FORCE_THRESHOLD_EV_PER_A": "\(p.forceThresholdEVPerA)", "MAX_STEPS": "\(p.maxSteps)",
                                          "ASE_VERSION": p.aseVersion]
        if let x = p.modelSHA256 { settings["MODEL_SHA256"] = x }
        if let x = p.dispersionVersion { settings["DISPERSION_VERSION"] = x }
        if let x = p.planeWaveCutoffEV { settings["PLANE_WAVE_CUTOFF_EV"] = "\(x)" }
        if let x = p.smearingEV { settings["SMEARING_EV"] = "\(x)" }
        if let d = result.dispersionEnergyEV { settings["FINAL_DISPERSION_ENERGY_EV"] = "\(d)" }
        return ArchivedCalculation(
            id: id, role: role,
            energies: IonicStepEnergies(freeEnergyEV: result.steps.map { $0.freeEnergyEV ?? $0.energyEV },
                                        energyWithoutEntropyEV: energies, energySigma0EV: energies),
            finalStructure: structure, forcesEVPerA: result.lastStep?.forcesEVPerA ?? [], incar: settings,
            kpointMesh: p.kpoints, potcars: [],
            vaspVersion: "\(p.enginePackage ?? p.engine.rawValue) \(p.engineVersion ?? "?")",
            inputHash: inputHash, slurmJobID: jobID, submittedAt: submittedAt, finishedAt: finishedAt,
            isStandIn: false, engine: p.engine.rawValue, model: p.model ?? "")
    }

    /// The summary settings of an engine run for the state store's `collected` table: engine and
    /// model (what ``ConsistencyGuard`` compares for every run) and the k-mesh. The in-plane cells
    /// and the rest of the engine identity are compared by ``check(_:vaspLabels:sameEngineAs:)``.
    static func settings(_ result: EngineResult, label: String) -> CalculationSettings {
        CalculationSettings(label: label, engine: result.provenance.engine.rawValue, modelID: result.provenance.model,
                            kMesh: result.provenance.kpoints)
    }

    /// Refuses an interface (or σ series) whose runs mix engines, models or engine settings, or
    /// whose cells differ in plane; `runs` maps calculation labels to engine results, and
    /// `vaspLabels` names members that were run by VASP or the stand-in. `sameEngineAs` adds runs
    /// compared by engine identity only (the σ series whose σ enters θ with this W_ad).
    static func check(_ runs: [(label: String, result: EngineResult)], vaspLabels: [String],
                      sameEngineAs others: [(label: String, result: EngineResult)] = []) throws(EngineMixRefusal) {
        let members = (runs + others).map { ($0.label, EngineIdentity($0.result.provenance)) }
            + vaspLabels.map { ($0, EngineIdentity(engine: .vasp)) }
        var lines = EngineIdentity.differences(members).map { d in
            "\(d.setting): " + d.values.map { "\($0.label) \($0.value)" }.joined(separator: ", ")
        }
        let geometry = runs.map { r in CalculationSettings(label: r.label, latticeRowsA: r.result.lastStep?.latticeA) }
        lines += ConsistencyGuard(settings: [.inPlaneLattice]).differences(geometry).map(\.description)
        if !lines.isEmpty { throw EngineMixRefusal(differences: lines) }
    }
}

extension EngineCollect {
    /// The second model's W_ad on the same geometries (interface, film, substrate results), and
    /// a line saying whether it differs from the first model's by more than `thresholdJPerM2`.
    static func secondModel(_ runs: [EngineResult], areaA2: Double, firstJPerM2: Double, thresholdJPerM2: Double)
        -> (line: String, flagged: Bool)?
    {
        guard runs.count == 3, let model = runs[0].secondModel?.model else { return nil }
        let energies = runs.compactMap { $0.secondModel?.model == model ? $0.secondModel?.energyEV : nil }
        guard energies.count == 3,
              let wad = try? WorkOfAdhesion(interfaceEnergyEV: energies[0], filmEnergyEV: energies[1],
                                            substrateEnergyEV: energies[2], interfaceAreaA2: areaA2)
        else { return ("second model \(model): no W_ad (a single point failed or is missing)", true) }
        let delta = wad.jPerM2 - firstJPerM2
        let flagged = abs(delta) > thresholdJPerM2
        let line = String(format: "second model %@ on the same geometries: W_ad %.3f J/m² (%+.3f against %@)%@", model, wad.jPerM2, delta,
                          runs[0].provenance.model ?? "the first model",
                          flagged ? String(format: " — the models disagree by more than %.2f J/m²: treat this W_ad with caution", thresholdJPerM2) : "")
        return (line, flagged)
    }
}

/// A W_ad or σ refused because its energies come from different engines, models or settings.
struct EngineMixRefusal: Error, CustomStringConvertible {
    /// One line per setting that differs, with each calculation's value.
    var differences: [String]

    var description: String {
        "refused: the energies come from different engines, models or settings; W_ad would compare unlike energies. Differences:\n"
            + differences.map { "  - \($0)" }.joined(separator: "\n")
    }
}
