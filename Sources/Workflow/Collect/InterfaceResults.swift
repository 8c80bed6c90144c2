import Adhesion
import Archive
import Engines
import Foundation
import VASP

/// Interface results from collected summaries: σ of the metal from its slab series, then for
/// each interface the consistency guard, W_ad, θ and the wetting regime. Pure: summaries in,
/// results out; no file is read.
public struct InterfaceResults: Sendable {
    /// Interfaces with W_ad.
    public var interfaces: [ArchivedInterface] = []
    /// Interfaces still waiting for energies, with what they wait for.
    public var waiting: [(name: String, missing: [String])] = []
    /// Interfaces refused by the consistency guard or the analysis: (name, reason).
    public var refused: [(name: String, reason: String)] = []
    /// σ of the metal, when its series is complete.
    public var surfaceEnergy: SurfaceEnergy?
    /// Notes (σ fit problems, then each interface's, prefixed by its name).
    public var notes: [String] = []
    /// The notes about σ alone.
    public var surfaceEnergyNotes: [String] = []
    /// Each interface's notes, unprefixed (a second model that disagrees).
    public var notesByInterface: [String: [String]] = [:]

    /// The ids (as computed, shared ones resolved) whose energies σ depends on.
    public static func surfaceEnergyInputs(_ manifest: StudyManifest) -> Set<String> {
        Set(manifest.metal.slabs.map { manifest.computed($0.id) })
    }

    /// The interfaces that depend on any of `ids` (all of them when σ's inputs are among `ids`).
    public static func affected(by ids: Set<String>, in manifest: StudyManifest) -> [InterfacePlan] {
        if !surfaceEnergyInputs(manifest).isDisjoint(with: ids) { return manifest.interfaces }
        return manifest.interfaces.filter { i in
            !Set([i.interfaceID, i.filmID, i.substrateID].map(manifest.computed)).isDisjoint(with: ids)
        }
    }

    /// Computes σ and the results of `interfaces` from `collected` (summaries by computed id).
    public static func compute(_ interfaces: [InterfacePlan], manifest: StudyManifest,
                               collected: [String: CollectedCalculation], energyKind: EnergyKind,
                               guard consistency: ConsistencyGuard = .collect,
                               engineResults: [String: EngineResult] = [:],
                               modelDisagreementJPerM2: Double = 0.1) -> InterfaceResults {
        var out = InterfaceResults()
        func energy(_ id: String) -> Double? {
            guard let c = collected[manifest.computed(id)] else { return nil }
            switch energyKind {
            case .sigma0: return c.energySigma0EV
            case .free: return c.freeEnergyEV
            case .withoutEntropy: return c.energyWithoutEntropyEV
            }
        }
        let points = manifest.metal.slabs.compactMap { s in energy(s.id).map { SlabEnergyPoint(size: s.layers, energyEV: $0) } }
        // σ from an ASE engine: the whole series from one engine, model and settings (EngineCollect.check).
        let slabIDs = manifest.metal.slabs.map { manifest.computed($0.id) }
        let slabEngineRuns = slabIDs.compactMap { id in engineResults[id].map { (label: id, result: $0) } }
        var sigmaRefused = false
        if points.count == manifest.metal.slabs.count, !slabEngineRuns.isEmpty {
            do { try EngineCollect.check(slabEngineRuns, vaspLabels: slabIDs.filter { engineResults[$0] == nil }) } catch {
                out.surfaceEnergyNotes.append("surface energy \(error)")
                sigmaRefused = true
            }
        }
        if !sigmaRefused, points.count == manifest.metal.slabs.count, let area = manifest.metal.slabs.first?.areaA2 {
            do {
                let fit = try FiorentiniMethfesselFit(points: points, surfaceAreaA2: area)
                out.surfaceEnergy = .fiorentiniMethfessel(fit)
                if let message = SurfaceEnergySeries.convergence(fit).message { out.surfaceEnergyNotes.append(message) }
            } catch {
                out.surfaceEnergyNotes.append("surface energy: \(error)")
            }
        }
        out.notes = out.surfaceEnergyNotes
        for i in interfaces {
            let ids = [i.interfaceID, i.filmID, i.substrateID]
            let missing = ids.filter { energy($0) == nil }
            guard missing.isEmpty, let sigma = out.surfaceEnergy else {
                out.waiting.append((i.name, missing + (out.surfaceEnergy == nil ? ["σ series"] : [])))
                continue
            }
            do {
                let settings = try ids.map { id in
                    var s = try collected[manifest.computed(id)]!.decodedSettings()
                    s.label = id
                    return s
                }
                // Engine and model go through the one guard for every run; ASE runs are also
                // compared by their full engine identity, with the σ series whose σ enters θ.
                try consistency.check(settings)
                let engineMembers = ids.compactMap { id in engineResults[manifest.computed(id)].map { (label: id, result: $0) } }
                if !engineMembers.isEmpty {
                    try EngineCollect.check(engineMembers, vaspLabels: ids.filter { engineResults[manifest.computed($0)] == nil },
                                            sameEngineAs: slabEngineRuns.prefix(1).map { (label: "σ series (\($0.label))", result: $0.result) })
                }
                let wad = try WorkOfAdhesion(interfaceEnergyEV: energy(i.interfaceID)!, filmEnergyEV: energy(i.filmID)!,
                                             substrateEnergyEV: energy(i.substrateID)!, interfaceAreaA2: i.areaA2)
                let analysis = try AdhesionAnalysis(workOfAdhesion: wad, surfaceEnergy: sigma, energyKind: energyKind)
                var corrections: [String] = []
                // Each note once, in the words both a computing pass and an idle one (from the
                // stored rows, InterfaceStatus) print: "NAME: line".
                func note(_ line: String) {
                    out.notes.append("\(i.name): \(line)")
                    out.notesByInterface[i.name, default: []].append(line)
                }
                if engineMembers.count == 3,
                   let second = EngineCollect.secondModel(engineMembers.map(\.result), areaA2: i.areaA2, firstJPerM2: wad.jPerM2,
                                                         thresholdJPerM2: modelDisagreementJPerM2) {
                    corrections.append(second.line)
                    note(second.line)
                }
                let standIn = ids.contains { collected[manifest.computed($0)]?.isStandIn ?? false }
                let unconverged = ids.compactMap { id in collected[manifest.computed(id)]?.relaxationNote.map { "\(id): \($0)" } }
                for line in unconverged { note("W_ad from an unconverged relaxation: \(line)") }
                var archived = ArchivedInterface(
                    name: i.name, filmLabel: "\(manifest.metal.formula)(\(i.filmMiller.map(String.init).joined()))",
                    substrateLabel: "\(i.name)(\(i.substrateMiller.map(String.init).joined()))",
                    filmMiller: i.filmMiller, substrateMiller: i.substrateMiller,
                    filmSupercell: embed(i.filmMatrix), substrateSupercell: embed(i.substrateMatrix),
                    strainPercent: i.vonMisesStrain * 100, atomCount: i.interfaceAtoms,
                    interfaceCalculationID: manifest.computed(i.interfaceID), filmCalculationID: manifest.computed(i.filmID),
                    substrateCalculationID: manifest.computed(i.substrateID), analysis: analysis, corrections: corrections,
                    isStandIn: standIn, construction: i.construction, scan: i.scan)
                archived.unconvergedRelaxations = unconverged
                out.interfaces.append(archived)
            } catch {
                out.refused.append((i.name, "\(error)"))
            }
        }
        return out
    }

    static func embed(_ m: [[Int]]) -> [[Int]] { [m[0] + [0], m[1] + [0], [0, 0, 1]] }
}
