import Adhesion
import Archive
import Crystal
import Engines
import Foundation
import VASP

/// `adhere collect` (and each poll of `adhere run`): parses each newly finished output once,
/// appends the new records to `STUDY/archive.h5` in one commit, keeps each output's fingerprint
/// and summary in the state store, and recomputes the interfaces the new records touch from
/// those summaries — never from the raw files.
///
/// A finished run → `parsed` (or `failed` with the reason, for recovery; or `built` again to go
/// on from its CONTCAR when a relaxation stopped early and attempts remain).
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
        /// Every calculation id in the archive after this pass.
        public var archivedCalculations: [String] = []
        /// Interfaces (re)computed in this pass — those the new records touch.
        public var interfaces: [ArchivedInterface] = []
        /// Interfaces touched in this pass still waiting for energies, with what they wait for.
        public var waiting: [(name: String, missing: [String])] = []
        /// Interfaces touched in this pass refused by the consistency guard or the analysis.
        public var refused: [(name: String, reason: String)] = []
        /// σ of the metal, when computed in this pass.
        public var surfaceEnergy: SurfaceEnergy?
        /// Notes (relaxations that stopped early after the last attempt, σ fit problems).
        public var notes: [String] = []
        /// True when any record of this pass comes from vasp-standin.
        public var standIn = false
        /// Interfaces in the archive after this pass.
        public var archivedInterfaceCount = 0
        /// The relaxed cells of the bulks and the energies of the scan points parsed in this
        /// pass: the planner's next stages are cut from them without reading the files again.
        public var relaxed = RelaxedBulks()
    }

    /// The archive path of the study.
    public var archivePath: String { Self.archivePath(studyDirectory: loaded.directory) }

    /// Parses newly finished runs, appends them to the archive, recomputes the touched
    /// interfaces. `progress(done, total)` after each parsed output.
    public func collect(store: StateStore, progress: ((Int, Int) -> Void)? = nil) throws -> Report {
        var report = Report()
        // The inputs the stored interface outcomes must have been computed from to be reused.
        let stored = try store.interfaceStatusSummary()
        let stampBefore = try InterfaceStatusSummary.Stamp.current(studyFile: loaded.file, store: store, energyKind: energyKind)
        var finished = try store.calculations(in: [.finished])
        if requireFetched, !finished.isEmpty {
            let last = try store.lastHistoryEvents()
            finished = finished.filter { last[$0.id] == .fetched }
        }
        var engineResults: [String: EngineResult] = [:]
        var records: [ArchivedCalculation] = []
        var summaries: [CollectedCalculation] = []
        var outcomes: [(id: String, state: CalculationState, note: String)] = []
        let known = finished.isEmpty ? [:] : try store.collected(ids: Set(finished.map(\.id)))
        for (index, record) in finished.enumerated() {
            defer { progress?(index + 1, finished.count) }
            let folder = loaded.directory.appendingPathComponent(record.folder)
            let aseDriven = StudyEngine.engine(ofFolder: folder).isASEDriven
            // The ASE engines write adhere-result.jsonl instead of vasprun.xml (docs/engines.md).
            let path = aseDriven ? EngineCollect.resultPath(folder) : folder.appendingPathComponent("vasprun.xml").path
            do {
                let fingerprint = try OutputFingerprint(path: path)
                if let old = known[record.id], old.fingerprint == fingerprint {
                    // Parsed before (a crash between the archive commit and the store's): not again.
                    outcomes.append((record.id, .parsed, "output unchanged since it was collected (\(fingerprint.sha256.prefix(12)))"))
                    report.parsed.append(record.id)
                    continue
                }
                if aseDriven {
                    let result = try EngineResultReader.read(path: path)
                    switch EngineCollect.verdict(result, attemptsLeft: record.attempts < loaded.study.attemptLimit) {
                    case .failed(let reason):
                        throw CollectProblem(reason)
                    case .continueRelaxation(let reason):
                        let runner = RecoveryRunner(planner: RecoveryPlanner(policy: RecoveryPolicy()), scheduler: nil) { _ in [] }
                        let line = try runner.continueFromCONTCAR(folder: folder, attempt: record.attempts)
                        outcomes.append((record.id, .built, "relaxation not converged (\(reason)): \(line)"))
                        report.continued.append(record.id)
                    case .parsed(let note):
                        let archived = EngineCollect.archived(result, id: record.id, role: record.role, inputHash: record.inputHash,
                                                              jobID: record.slurmJobID, submittedAt: record.submittedAt,
                                                              finishedAt: record.endedAt)
                        let relaxationNote = result.converged ? nil : "relaxation not converged (\(result.final?.stoppedBy ?? "stopped"))"
                        let settings = try JSONEncoder().encode(EngineCollect.settings(result, label: record.id))
                        let energyEV = result.isComplete ? result.energyEV : nil
                        records.append(archived)
                        engineResults[record.id] = result
                        summaries.append(CollectedCalculation(
                            calculationID: record.id, sizeBytes: fingerprint.sizeBytes,
                            modifiedNanoseconds: fingerprint.modifiedNanoseconds, sha256: fingerprint.sha256,
                            freeEnergyEV: energyEV, energyWithoutEntropyEV: energyEV, energySigma0EV: energyEV,
                            settings: String(decoding: settings, as: UTF8.self), isStandIn: false,
                            relaxationNote: relaxationNote, collectedAt: Date()))
                        outcomes.append((record.id, .parsed, note))
                        report.parsed.append(record.id)
                        report.noteForPlanner(record, cell: archived.finalStructure, energySigma0EV: energyEV)
                        if let relaxationNote { report.notes.append("\(record.id): \(relaxationNote)") }
                    }
                    continue
                }
                let run = try Vasprun.parse(path: path, options: VasprunOptions(trajectory: true))
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
                    let runner = RecoveryRunner(planner: RecoveryPlanner(policy: RecoveryPolicy()), scheduler: nil) { _ in [] }
                    let line = try runner.continueFromCONTCAR(folder: folder, attempt: record.attempts)
                    outcomes.append((record.id, .built, "relaxation not converged (\(relaxed.reason)): \(line)"))
                    report.continued.append(record.id)
                    continue
                }
                let note = relaxed.done ? nil : "ionic relaxation not converged (\(relaxed.reason)) after \(record.attempts) attempts"
                let archived = Collector.archived(record, run)
                let settings = try JSONEncoder().encode(CalculationSettings(label: record.id, vasprun: run))
                records.append(archived)
                summaries.append(CollectedCalculation(
                    calculationID: record.id, sizeBytes: fingerprint.sizeBytes, modifiedNanoseconds: fingerprint.modifiedNanoseconds,
                    sha256: fingerprint.sha256, freeEnergyEV: run.energies.freeEnergyEV,
                    energyWithoutEntropyEV: run.energies.energyWithoutEntropyEV, energySigma0EV: run.energies.energySigma0EV,
                    settings: String(decoding: settings, as: UTF8.self), isStandIn: archived.isStandIn, relaxationNote: note,
                    collectedAt: Date()))
                outcomes.append((record.id, .parsed, note.map { "parsed; \($0)" } ?? "parsed \(run.ionicStepCount) ionic steps"))
                report.parsed.append(record.id)
                report.noteForPlanner(record, cell: archived.finalStructure, energySigma0EV: run.energies.energySigma0EV)
                report.standIn = report.standIn || archived.isStandIn
                if let note { report.notes.append("\(record.id): \(note)") }
            } catch {
                let reason = (error as? CollectProblem)?.message ?? "\(error)"
                outcomes.append((record.id, .failed, reason))
                report.failed.append((record.id, reason))
            }
        }

        // 1. The archive: the new records, appended in one commit (crash-safe, docs/archive.md).
        if !records.isEmpty { try ArchiveWriter(path: archivePath).commit(calculations: records, replace: true) }
        // 2. The store: states and summaries in one transaction.
        if !outcomes.isEmpty {
            let written = summaries
            let moves = outcomes
            try store.transaction { tx throws(StateStoreError) in
                for s in written { try tx.record(s) }
                for o in moves {
                    try tx.update(o.id, event: .collect, note: o.note) { r in
                        r.state = o.state
                        if o.state == .failed { r.failureReason = o.note; r.lastError = o.note }
                    }
                }
            }
        }
        // 3. The interfaces these records touch, from the summaries; their outcomes are kept in
        //    the store (InterfaceStatus), so a pass with nothing new answers from there.
        let newIDs = Set(summaries.map(\.calculationID))
        let stamp = newIDs.isEmpty ? stampBefore : try InterfaceStatusSummary.Stamp.current(studyFile: loaded.file, store: store, energyKind: energyKind)
        if newIDs.isEmpty, let stamp, let stored, stored.stamp == stamp {
            // Nothing new and the stored outcomes were computed from exactly these inputs.
            try Self.answerFromStore(&report, stored: stored, store: store)
        } else if let manifest = newIDs.isEmpty ? try? StudyManifest.read(studyDirectory: loaded.directory)
                                                 : try StudyManifest.read(studyDirectory: loaded.directory) {
            // The stored outcomes, when computed from this pass's starting inputs, need only the
            // interfaces the new records touch; otherwise (a new plan, an edited study.yaml, the
            // first pass after an upgrade) every interface is recomputed.
            let everything = stored == nil || stampBefore == nil || stored?.stamp != stampBefore
            let touched = everything ? manifest.interfaces : InterfaceResults.affected(by: newIDs, in: manifest)
            var results = InterfaceResults()
            if !touched.isEmpty {
                let needed = Set(touched.flatMap { [$0.interfaceID, $0.filmID, $0.substrateID] }.map(manifest.computed))
                    .union(InterfaceResults.surfaceEnergyInputs(manifest))
                let collected = try store.collected(ids: needed)
                // Engine identity beyond engine and model (weights checksum, dispersion, engine
                // settings) and the second model's energies live in the engine's result file: read
                // those of the needed ASE runs not read in this pass (small JSONL files).
                let candidates = needed.filter { collected[$0] != nil && engineResults[$0] == nil }
                for record in try store.calculations(ids: candidates) {
                    let folder = loaded.directory.appendingPathComponent(record.folder)
                    guard StudyEngine.engine(ofFolder: folder).isASEDriven else { continue }
                    engineResults[record.id] = try? EngineResultReader.read(path: EngineCollect.resultPath(folder))
                }
                let threshold = (try? StudyPlanner(loaded).engineProfile())?.modelDisagreementJPerM2 ?? 0.1
                results = InterfaceResults.compute(touched, manifest: manifest, collected: collected,
                                                   energyKind: energyKind, engineResults: engineResults,
                                                   modelDisagreementJPerM2: threshold)
                report.interfaces = results.interfaces
                report.waiting = results.waiting
                report.refused = results.refused
                report.surfaceEnergy = results.surfaceEnergy
                report.notes += results.notes
                if !newIDs.isEmpty, !results.interfaces.isEmpty {
                    try ArchiveWriter(path: archivePath).commit(interfaces: results.interfaces, replace: true)
                }
            } else if let stored {
                report.surfaceEnergy = stored.surfaceEnergy
            }
            // Kept after the archive commit: a crash before this leaves the old stamp, which
            // no longer matches the new summaries, so the next pass recomputes everything.
            if let stamp {
                let sigmaNotes = touched.isEmpty ? (stored?.surfaceEnergyNotes ?? []) : results.surfaceEnergyNotes
                let summary = InterfaceStatusSummary(stamp: stamp, surfaceEnergy: report.surfaceEnergy, surfaceEnergyNotes: sigmaNotes)
                try store.storeInterfaceStatuses(InterfaceStatus.rows(results), summary: summary, replacingAll: everything)
            }
            report.archivedInterfaceCount = try store.interfaceOutcomeCounts()[.computed] ?? 0
        }
        if records.isEmpty {
            // Nothing written: the store's summaries name what the archive holds (each is
            // recorded after its archive commit), so a no-op pass neither opens the archive nor
            // verifies the seal of every batch file — its cost does not grow with the archive.
            report.archivedCalculations = try store.collectedIDs()
        } else if FileManager.default.fileExists(atPath: archivePath) {
            let reader = try ArchiveReader(path: archivePath)
            report.archivedCalculations = try reader.calculationIDs()
            report.archivedInterfaceCount = try reader.interfaceNames().count
        }
        return report
    }

    /// Says what each interface waits for (and σ, notes, the archive's interface count) from the
    /// stored outcomes, reading no summary, no manifest and no archive.
    static func answerFromStore(_ report: inout Report, stored: InterfaceStatusSummary, store: StateStore) throws {
        report.surfaceEnergy = stored.surfaceEnergy
        report.notes += stored.surfaceEnergyNotes
        // One query (rows by name): this runs at every idle poll of `adhere run`.
        var computed = 0
        for row in try store.interfaceStatuses() {
            switch row.outcome {
            case .waiting: report.waiting.append((row.name, row.missing))
            case .refused: report.refused.append((row.name, row.reason ?? "refused"))
            case .computed:
                computed += 1
                report.notes += row.notes.map { "\(row.name): \($0)" }
            }
        }
        report.archivedInterfaceCount = computed
    }

    /// A collect with nothing to do, answered from the store without reading study.yaml (whose
    /// cost grows with the study): nil when a calculation is `finished` (there is work) or the
    /// stored outcomes were computed from other inputs (another study.yaml, plan or summaries) —
    /// then read the study and call ``collect(store:progress:)``. `studyFile` is the study's file.
    public static func unchangedReport(studyFile: URL, store: StateStore, energyKind: EnergyKind = .default) throws -> Report? {
        guard try store.calculations(in: [.finished]).isEmpty,
              let stored = try store.interfaceStatusSummary(),
              let stamp = try InterfaceStatusSummary.Stamp.current(studyFile: studyFile, store: store, energyKind: energyKind),
              stored.stamp == stamp else { return nil }
        var report = Report()
        try answerFromStore(&report, stored: stored, store: store)
        report.archivedCalculations = try store.collectedIDs()
        return report
    }

    /// The archive path of a study folder.
    public static func archivePath(studyDirectory: URL) -> String { studyDirectory.appendingPathComponent("archive.h5").path }

    /// The archive record of a parsed VASP (or stand-in) run.
    static func archived(_ record: CalculationRecord, _ run: Vasprun) -> ArchivedCalculation {
        let program = run.generator.program.trimmingCharacters(in: .whitespaces)
        return ArchivedCalculation(
            id: record.id, role: record.role,
            energies: IonicStepEnergies(
                freeEnergyEV: run.ionicSteps.map { $0.energies.freeEnergyEV ?? .nan },
                energyWithoutEntropyEV: run.ionicSteps.map { $0.energies.energyWithoutEntropyEV ?? .nan },
                energySigma0EV: run.ionicSteps.map { $0.energies.energySigma0EV ?? .nan }),
            finalStructure: run.finalStructure ?? run.lastStep.structure,
            forcesEVPerA: run.lastStep.forcesEVPerA.map { [$0.x, $0.y, $0.z] },
            incar: run.incar.mapValues(\.incarText),
            kpointMesh: run.kpoints.divisions,
            potcars: run.potcarTitles,
            vaspVersion: "\(program) \(run.generator.version.trimmingCharacters(in: .whitespaces))",
            inputHash: record.inputHash, slurmJobID: record.slurmJobID,
            submittedAt: record.submittedAt, finishedAt: record.endedAt, isStandIn: program != "vasp")
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
}

/// A problem found in a finished run's output.
struct CollectProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension Collector.Report {
    /// Folds a later pass into this one (`adhere run` collects at every poll): lists grow,
    /// interfaces are replaced by name, the archive counts and σ are the later pass's.
    public mutating func merge(_ later: Collector.Report) {
        parsed += later.parsed
        continued += later.continued
        failed += later.failed
        let replaced = Set(later.interfaces.map(\.name))
        interfaces = interfaces.filter { !replaced.contains($0.name) } + later.interfaces
        let settled = Set(later.interfaces.map(\.name) + later.refused.map(\.name))
        waiting = waiting.filter { w in !settled.contains(w.name) && !later.waiting.contains { $0.name == w.name } } + later.waiting
        refused = refused.filter { r in !replaced.contains(r.name) && !later.refused.contains { $0.name == r.name } } + later.refused
        surfaceEnergy = later.surfaceEnergy ?? surfaceEnergy
        notes += later.notes.filter { !notes.contains($0) }  // an idle pass repeats its σ and interface notes
        standIn = standIn || later.standIn
        if !later.archivedCalculations.isEmpty { archivedCalculations = later.archivedCalculations }
        archivedInterfaceCount = max(archivedInterfaceCount, later.archivedInterfaceCount)
        relaxed.merge(later.relaxed)
    }

    /// Keeps what the planner needs of a newly parsed calculation: a bulk's relaxed cell, a scan
    /// point's energy (σ → 0).
    mutating func noteForPlanner(_ record: CalculationRecord, cell: Structure?, energySigma0EV: Double?) {
        relaxed.take(record.id, role: record.role, cell: cell, energySigma0EV: energySigma0EV)
    }
}
