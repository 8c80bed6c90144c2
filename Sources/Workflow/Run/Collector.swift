import Adhesion
import Archive
import Crystal
import Engines
import Foundation
import VASP

/// `adhere collect`: parses every finished run, moves it to `parsed` (or `failed` with the
/// reason, for recovery), then writes all parsed calculations and every interface whose three
/// energies are known into `STUDY/archive.h5` (one crash-safe commit), with σ from the metal's
/// slab series and the consistency guard applied to each interface's three calculations.
public struct Collector: Sendable {
    /// The study.
    public var loaded: LoadedStudy
    /// Which VASP energy enters W_ad.
    public var energyKind: EnergyKind
    /// Remote work root mode: parse a finished run only once its outputs are fetched (its last
    /// history event is `fetched`, see ``RemoteStaging``).
    public var requireFetched = false

    /// Creates a collector.
    public init(_ loaded: LoadedStudy, energyKind: EnergyKind = .default) {
        self.loaded = loaded
        self.energyKind = energyKind
    }

    /// What a collect pass did.
    public struct Report: Sendable {
        /// Newly parsed calculation ids.
        public var parsed: [String] = []
        /// Relaxations continued from CONTCAR (now `built` again).
        public var continued: [String] = []
        /// Calculations found broken: (id, reason); now `failed`.
        public var failed: [(id: String, reason: String)] = []
        /// Calculations archived in this pass (all parsed ones).
        public var archivedCalculations: [String] = []
        /// Interfaces with W_ad.
        public var interfaces: [ArchivedInterface] = []
        /// Interfaces still waiting for energies, with what they wait for.
        public var waiting: [(name: String, missing: [String])] = []
        /// Interfaces refused by the consistency guard or the analysis: (name, reason).
        public var refused: [(name: String, reason: String)] = []
        /// σ of the metal, when the series is complete.
        public var surfaceEnergy: SurfaceEnergy?
        /// Notes (non-converged relaxations, stand-in numbers).
        public var notes: [String] = []
        /// True when any archived number comes from vasp-standin.
        public var standIn = false
    }

    /// The archive path of the study.
    public var archivePath: String { loaded.directory.appendingPathComponent("archive.h5").path }

    /// Parses finished runs: finished → parsed; a truncated or electronically unconverged run →
    /// failed (for recovery); a relaxation that stopped before EDIFFG → built again from its
    /// CONTCAR while attempts remain (`continued`). `progress(done, total)` after each.
    public func parseFinished(store: StateStore, progress: ((Int, Int) -> Void)? = nil) throws
        -> (parsed: [String], failed: [(id: String, reason: String)], continued: [String])
    {
        var unused: [String: Vasprun]? = nil
        return try parseFinished(store: store, progress: progress, keeping: &unused)
    }

    /// `parseFinished`, keeping each newly parsed run (with its trajectory) in `runs` when given,
    /// so that `collect` does not read the same vasprun.xml twice.
    func parseFinished(store: StateStore, progress: ((Int, Int) -> Void)?, keeping runs: inout [String: Vasprun]?) throws
        -> (parsed: [String], failed: [(id: String, reason: String)], continued: [String])
    {
        var parsed: [String] = [], failed: [(String, String)] = [], continued: [String] = []
        var finished = try store.calculations(in: [.finished])
        if requireFetched {
            let last = try store.lastHistoryEvents()
            finished = finished.filter { last[$0.id] == .fetched }
        }
        for (index, record) in finished.enumerated() {
            defer { progress?(index + 1, finished.count) }
            let folder = loaded.directory.appendingPathComponent(record.folder)
            if StudyEngine.engine(ofFolder: folder).isASEDriven {
                // The ASE engines' result file instead of vasprun.xml (docs/engines.md).
                let verdict: EngineCollect.Verdict
                do {
                    verdict = EngineCollect.verdict(try EngineResultReader.read(path: EngineCollect.resultPath(folder)),
                                                    attemptsLeft: record.attempts < loaded.study.attemptLimit)
                } catch { verdict = .failed(reason: "\(error)") }
                switch verdict {
                case .parsed(let note):
                    try store.update(record.id, event: .collect, note: note) { $0.state = .parsed }
                    parsed.append(record.id)
                case .continueRelaxation(let reason):
                    let runner = RecoveryRunner(planner: RecoveryPlanner(policy: RecoveryPolicy()), scheduler: nil) { _ in [] }
                    let line = try runner.continueFromCONTCAR(folder: folder, attempt: record.attempts)
                    try store.update(record.id, event: .collect, note: "relaxation not converged (\(reason)): \(line)") { $0.state = .built }
                    continued.append(record.id)
                case .failed(let reason):
                    try store.update(record.id, event: .collect, note: reason) {
                        $0.state = .failed
                        $0.failureReason = reason
                        $0.lastError = reason
                    }
                    failed.append((record.id, reason))
                }
                continue
            }
            let path = folder.appendingPathComponent("vasprun.xml").path
            do {
                let run = try Vasprun.parse(path: path, options: VasprunOptions(trajectory: runs != nil))
                if !run.complete {
                    throw CollectProblem("vasprun.xml is truncated (\(run.ionicStepCount) complete ionic steps): the run did not end cleanly")
                }
                if !run.convergedElectronic {
                    throw CollectProblem("electronic self-consistency not reached in the last ionic step")
                }
                let relaxed = Collector.relaxationDone(run)
                if !relaxed.done, record.attempts < loaded.study.attemptLimit {
                    // A relaxation that stopped early (all NSW steps used, or STOPCAR before the time
                    // limit) goes on from its CONTCAR, as the recovery does after a TIMEOUT.
                    let folder = loaded.directory.appendingPathComponent(record.folder)
                    let runner = RecoveryRunner(planner: RecoveryPlanner(policy: RecoveryPolicy()), scheduler: nil) { _ in [] }
                    let line = try runner.continueFromCONTCAR(folder: folder, attempt: record.attempts)
                    try store.update(record.id, event: .collect,
                                     note: "relaxation not converged (\(relaxed.reason)): \(line)") { $0.state = .built }
                    continued.append(record.id)
                    continue
                }
                let note = relaxed.done ? "parsed \(run.ionicStepCount) ionic steps" : "parsed; ionic relaxation not converged (\(relaxed.reason)) after \(record.attempts) attempts"
                try store.update(record.id, event: .collect, note: note) { $0.state = .parsed }
                parsed.append(record.id)
                runs?[record.id] = run
            } catch {
                let reason = (error as? CollectProblem)?.message ?? "\(error)"
                try store.update(record.id, event: .collect, note: reason) {
                    $0.state = .failed
                    $0.failureReason = reason
                    $0.lastError = reason
                }
                failed.append((record.id, reason))
            }
        }
        return (parsed, failed, continued)
    }

    /// Parses finished runs, then archives everything that is ready.
    public func collect(store: StateStore, progress: ((Int, Int) -> Void)? = nil) throws -> Report {
        var report = Report()
        var newlyParsed: [String: Vasprun]? = [:]
        (report.parsed, report.failed, report.continued) = try parseFinished(store: store, progress: progress, keeping: &newlyParsed)
        let manifest = try StudyManifest.read(studyDirectory: loaded.directory)
        let records = Dictionary(uniqueKeysWithValues: try store.calculations().map { ($0.id, $0) })

        // Every parsed calculation, with its trajectory, for the archive (those parsed just now are not read again).
        var runs: [String: Vasprun] = [:]
        var engineRuns: [String: EngineResult] = [:]
        var archived: [ArchivedCalculation] = []
        for record in records.values.sorted(by: { $0.id < $1.id }) where record.state == .parsed {
            let folder = loaded.directory.appendingPathComponent(record.folder)
            if StudyEngine.engine(ofFolder: folder).isASEDriven {
                let result = try EngineResultReader.read(path: EngineCollect.resultPath(folder))
                engineRuns[record.id] = result
                if !result.converged { report.notes.append("\(record.id): relaxation not converged (\(result.final?.stoppedBy ?? "stopped"))") }
                archived.append(EngineCollect.archived(result, id: record.id, role: record.role, inputHash: record.inputHash,
                                                       jobID: record.slurmJobID, submittedAt: record.submittedAt, finishedAt: record.endedAt))
                continue
            }
            let path = loaded.directory.appendingPathComponent(record.folder).appendingPathComponent("vasprun.xml").path
            let run = try newlyParsed?[record.id] ?? Vasprun.parse(path: path, options: VasprunOptions(trajectory: true))
            runs[record.id] = run
            let relaxed = Collector.relaxationDone(run)
            if !relaxed.done { report.notes.append("\(record.id): ionic relaxation not converged (\(relaxed.reason))") }
            let standIn = run.generator.program.trimmingCharacters(in: .whitespaces) != "vasp"
            report.standIn = report.standIn || standIn
            archived.append(ArchivedCalculation(
                id: record.id, role: record.role,
                energies: IonicStepEnergies(
                    freeEnergyEV: run.ionicSteps.map { $0.energies.freeEnergyEV ?? .nan },
                    energyWithoutEntropyEV: run.ionicSteps.map { $0.energies.energyWithoutEntropyEV ?? .nan },
                    energySigma0EV: run.ionicSteps.map { $0.energies.energySigma0EV ?? .nan }),
                finalStructure: run.finalStructure ?? run.lastStep.structure,
                forcesEVPerA: run.lastStep.forcesEVPerA.map { [$0.x, $0.y, $0.z] },
                incar: run.incar.mapValues(Collector.text),
                kpointMesh: run.kpoints.divisions,
                potcars: run.potcarTitles,
                vaspVersion: "\(run.generator.program.trimmingCharacters(in: .whitespaces)) \(run.generator.version.trimmingCharacters(in: .whitespaces))",
                inputHash: record.inputHash, slurmJobID: record.slurmJobID,
                submittedAt: record.submittedAt, finishedAt: record.endedAt, isStandIn: standIn))
        }
        report.archivedCalculations = archived.map(\.id)

        // σ from the slab series.
        func energy(_ id: String) -> Double? {
            if let result = engineRuns[manifest.computed(id)] { return result.isComplete ? result.energyEV : nil }
            guard let run = runs[manifest.computed(id)] else { return nil }
            switch energyKind {
            case .sigma0: return run.energies.energySigma0EV
            case .free: return run.energies.freeEnergyEV
            case .withoutEntropy: return run.energies.energyWithoutEntropyEV
            }
        }
        let points = manifest.metal.slabs.compactMap { s in energy(s.id).map { SlabEnergyPoint(size: s.layers, energyEV: $0) } }
        let slabIDs = manifest.metal.slabs.map { manifest.computed($0.id) }
        let slabEngineRuns = slabIDs.compactMap { id in engineRuns[id].map { (label: id, result: $0) } }
        var sigmaRefused = false
        if points.count == manifest.metal.slabs.count, !slabEngineRuns.isEmpty {
            do { try EngineCollect.check(slabEngineRuns, vaspLabels: slabIDs.filter { engineRuns[$0] == nil }) } catch {
                report.notes.append("surface energy \(error)")
                sigmaRefused = true
            }
        }
        if !sigmaRefused, points.count == manifest.metal.slabs.count, let area = manifest.metal.slabs.first?.areaA2 {
            do { report.surfaceEnergy = .fiorentiniMethfessel(try FiorentiniMethfesselFit(points: points, surfaceAreaA2: area)) } catch {
                report.notes.append("surface energy: \(error)")
            }
        }

        // Interfaces.
        for i in manifest.interfaces {
            let ids = [i.interfaceID, i.filmID, i.substrateID]
            let missing = ids.filter { energy($0) == nil }
            guard missing.isEmpty, let sigma = report.surfaceEnergy else {
                report.waiting.append((i.name, missing + (report.surfaceEnergy == nil ? ["σ series"] : [])))
                continue
            }
            do {
                let engineMembers = ids.compactMap { id in engineRuns[manifest.computed(id)].map { (label: id, result: $0) } }
                if engineMembers.isEmpty {
                    try CollectConsistencyGuard().check(ids.map { settings(label: $0, run: runs[manifest.computed($0)]!) })
                } else {
                    // θ combines this W_ad with σ: the σ series must come from the same engine and model.
                    try EngineCollect.check(engineMembers, vaspLabels: ids.filter { engineRuns[manifest.computed($0)] == nil },
                                            sameEngineAs: slabEngineRuns.prefix(1).map { (label: "σ series (\($0.label))", result: $0.result) })
                }
                let wad = try WorkOfAdhesion(interfaceEnergyEV: energy(i.interfaceID)!, filmEnergyEV: energy(i.filmID)!,
                                             substrateEnergyEV: energy(i.substrateID)!, interfaceAreaA2: i.areaA2)
                let analysis = try AdhesionAnalysis(workOfAdhesion: wad, surfaceEnergy: sigma, energyKind: energyKind)
                var corrections: [String] = []
                if engineMembers.count == 3,
                   let second = EngineCollect.secondModel(engineMembers.map(\.result), areaA2: i.areaA2, firstJPerM2: wad.jPerM2,
                                                         thresholdJPerM2: (try? StudyPlanner(loaded).engineProfile())?.modelDisagreementJPerM2 ?? 0.1) {
                    corrections.append(second.line)
                    report.notes.append("\(i.name): \(second.line)")
                }
                let standIn = ids.contains { id in archived.first { $0.id == manifest.computed(id) }?.isStandIn ?? false }
                report.interfaces.append(ArchivedInterface(
                    name: i.name, filmLabel: "\(manifest.metal.formula)(\(i.filmMiller.map(String.init).joined()))",
                    substrateLabel: "\(i.name)(\(i.substrateMiller.map(String.init).joined()))",
                    filmMiller: i.filmMiller, substrateMiller: i.substrateMiller,
                    filmSupercell: embed(i.filmMatrix), substrateSupercell: embed(i.substrateMatrix),
                    strainPercent: i.vonMisesStrain * 100, atomCount: i.interfaceAtoms,
                    interfaceCalculationID: manifest.computed(i.interfaceID), filmCalculationID: manifest.computed(i.filmID),
                    substrateCalculationID: manifest.computed(i.substrateID), analysis: analysis, corrections: corrections,
                    isStandIn: standIn))
            } catch {
                report.refused.append((i.name, "\(error)"))
            }
        }
        if !archived.isEmpty || !report.interfaces.isEmpty {
            try ArchiveWriter(path: archivePath).commit(calculations: archived, interfaces: report.interfaces, replace: true)
        }
        return report
    }

    /// Whether a relaxation reached its goal. Stricter than `Vasprun.convergedIonic`, which takes
    /// any relaxation that stopped before NSW as converged: a run stopped by STOPCAR (Slurm's
    /// USR1 before the time limit) stops early too. With EDIFFG < 0 the last step's largest free
    /// force must be below |EDIFFG|; otherwise the parser's verdict stands.
    static func relaxationDone(_ run: Vasprun) -> (done: Bool, reason: String) {
        func value(_ key: String) -> ParameterValue? { run.parameters[key] ?? run.incar[key] }
        let ibrion = value("IBRION")?.intValue ?? -1, nsw = value("NSW")?.intValue ?? 0
        let ediffg = value("EDIFFG")?.doubleValue ?? 0
        guard run.complete, (1...3).contains(ibrion), nsw > 1, ediffg < 0, let force = run.maxForceEVPerA else {
            return (run.convergedIonic, run.convergence.ionicReason)
        }
        if force < -ediffg + 1e-6 {
            return (true, "largest free force \(force) eV/Å is below |EDIFFG|=\(-ediffg)")
        }
        return (false, String(format: "largest free force %.4f eV/Å is above |EDIFFG|=%g after %d of NSW=%d steps", force, -ediffg, run.ionicStepCount, nsw))
    }

    func embed(_ m: [[Int]]) -> [[Int]] { [m[0] + [0], m[1] + [0], [0, 0, 1]] }

    /// The settings the collect-time guard compares, read from what VASP actually ran
    /// (`<parameters>` overridden by `<incar>`), the k-mesh, the cell and the POTCAR titles.
    func settings(label: String, run: Vasprun) -> CalculationSettings {
        var tags = run.parameters.mapValues(Collector.text)
        for (k, v) in run.incar { tags[k] = Collector.text(v) }
        if tags["ENCUT"] == nil, let enmax = run.parameters["ENMAX"] { tags["ENCUT"] = Collector.text(enmax) }
        let lattice = (run.finalStructure ?? run.initialStructure)?.lattice
        var potcars: [String: String] = [:]
        let species = run.atomSpecies.reduce(into: [Element]()) { if !$0.contains($1) { $0.append($1) } }
        for (e, title) in zip(species, run.potcarTitles) { potcars[e.symbol] = title.trimmingCharacters(in: .whitespaces) }
        return CalculationSettings(label: label, incar: tags, kpointMesh: run.kpoints.divisions,
                                   latticeRowsA: lattice?.matrix.arrays, potcarIdentityByElement: potcars)
    }

    /// A vasprun value as INCAR text.
    static func text(_ v: ParameterValue) -> String {
        func real(_ d: Double?) -> String { d.map { "\($0)" } ?? "*****" }
        func logical(_ b: Bool?) -> String { b.map { $0 ? ".TRUE." : ".FALSE." } ?? "*****" }
        switch v {
        case .int(let i): return i.map(String.init) ?? "*****"
        case .real(let d): return real(d)
        case .logical(let b): return logical(b)
        case .string(let s): return s
        case .ints(let a): return a.map { $0.map(String.init) ?? "*****" }.joined(separator: " ")
        case .reals(let a): return a.map(real).joined(separator: " ")
        case .logicals(let a): return a.map(logical).joined(separator: " ")
        }
    }
}

/// A problem found in a finished run's output.
struct CollectProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
