import Foundation

/// Applies ``RecoveryPlanner``'s actions: edits the calculation folders, re-arms calculations
/// (`failed → built`), and writes every step into the history.
public struct RecoveryRunner: Sendable {
    /// The planner.
    public var planner: RecoveryPlanner
    /// The scheduler, to cancel live siblings before an energy-changing rerun.
    public var scheduler: (any SchedulerClient)?
    /// Finds VASP failure kinds in a calculation folder, in the order they appear.
    public var detectFailures: @Sendable (URL) -> [String]

    /// Creates a runner.
    public init(planner: RecoveryPlanner, scheduler: (any SchedulerClient)?,
                detectFailures: @escaping @Sendable (URL) -> [String]) {
        self.planner = planner
        self.scheduler = scheduler
        self.detectFailures = detectFailures
    }

    /// One decision taken.
    public struct Step: Sendable, Equatable {
        /// The failed calculation.
        public var calculationID: String
        /// What was decided.
        public var action: RecoveryAction
        /// What was done (files changed, calculations re-armed), one line each.
        public var done: [String]
    }

    /// Handles every failed calculation not handled yet, except `waiting` ones (remote work
    /// root: outputs not fetched yet); returns what was decided.
    public func run(_ store: StateStore, waiting: Set<String> = []) async throws -> [Step] {
        var steps: [Step] = []
        let failed = try store.calculations(in: [.failed])
        if failed.isEmpty { return steps }
        let lastEvents = try store.lastHistoryEvents()
        for record in failed where lastEvents[record.id] != .recoveryGaveUp && !waiting.contains(record.id) {
            // Re-read: an interface-wide fix earlier in this loop may have re-armed it.
            guard let current = try store.calculation(id: record.id), current.state == .failed else { continue }
            let history = try store.history(calculationID: record.id)
            let folder = store.studyDirectory.appendingPathComponent(current.folder)
            let tried = Set(history.compactMap(\.fix))
            let action = planner.action(for: current, vaspFailures: detectFailures(folder), triedFixes: tried)
            steps.append(try await apply(action, to: current, folder: folder, store: store))
        }
        return steps
    }

    func apply(_ action: RecoveryAction, to record: CalculationRecord, folder: URL, store: StateStore) async throws -> Step {
        var done: [String] = []
        switch action {
        case .report(let message):
            try store.update(record.id, event: .recoveryGaveUp, note: message) { $0.lastError = message }
        case .resubmit(let reason):
            try store.update(record.id, event: .recovery, note: "resubmit: \(reason)") { $0.state = .built }
            done.append("\(record.id): resubmitted unchanged")
        case .continueFromCONTCAR(let reason):
            let line = try continueFromCONTCAR(folder: folder, attempt: record.attempts)
            done.append("\(record.id): \(line)")
            try store.update(record.id, event: .recovery, note: "\(reason): \(line)") { $0.state = .built }
        case .moreResources(let overrides, let reason):
            try store.update(record.id, event: .recovery, note: reason) {
                $0.overrides = overrides
                $0.state = .built
            }
            done.append("\(record.id): \(reason)")
        case .applyFix(let kind, let fix):
            let lines = try applyFix(fix, folder: folder, attempt: record.attempts)
            done += lines.map { "\(record.id): \($0)" }
            let id = VASPFixTable.fixID(kind, fix)
            try store.update(record.id, event: .recovery, note: "fix \(id): \(fix.explanation); \(lines.joined(separator: "; "))", fix: id) {
                $0.state = .built
            }
        case .applyFixToInterface(let kind, let fix, let interface):
            let siblings = try store.calculations().filter { $0.interface == interface }
            let liveJobs = siblings.filter { $0.state.isLive }.compactMap(\.slurmJobID)
            if !liveJobs.isEmpty, let scheduler { try await scheduler.cancel(jobIDs: liveJobs) }
            var edits: [String: [String]] = [:]
            for sibling in siblings {
                let dir = store.studyDirectory.appendingPathComponent(sibling.folder)
                edits[sibling.id] = try applyFix(fix, folder: dir, attempt: sibling.attempts)
            }
            let id = VASPFixTable.fixID(kind, fix)
            let note = "fix \(id): energy-changing, applied to all \(siblings.count) calculations of \(interface) after \(record.id) failed (\(fix.explanation))"
            try store.transaction { tx throws(StateStoreError) in
                for sibling in siblings {
                    let lines = (edits[sibling.id] ?? []).joined(separator: "; ")
                    if sibling.state.isLive {
                        try tx.update(sibling.id, event: .recovery, note: "cancelled for an interface-wide rerun") {
                            $0.state = .cancelled
                        }
                    }
                    try tx.update(sibling.id, event: .recovery, note: note + "; " + lines, fix: id) { $0.state = .built }
                }
            }
            done += siblings.map { "\($0.id): \(edits[$0.id]?.joined(separator: "; ") ?? "")" }
        }
        return Step(calculationID: record.id, action: action, done: done)
    }

    /// Validates CONTCAR; if good, keeps the old POSCAR as `POSCAR.attempt-N` and makes CONTCAR
    /// the new POSCAR. Returns a sentence for the history.
    func continueFromCONTCAR(folder: URL, attempt: Int) throws -> String {
        let fm = FileManager.default
        let poscar = folder.appendingPathComponent("POSCAR"), contcar = folder.appendingPathComponent("CONTCAR")
        // A STOPCAR left by the job's time-limit trap would stop the next run after one step.
        try? fm.removeItem(at: folder.appendingPathComponent("STOPCAR"))
        do {
            _ = try ContcarValidation.validate(contcarPath: contcar.path, poscarPath: poscar.path)
        } catch {
            return "CONTCAR not used (\(error.description)); rerunning from POSCAR"
        }
        let kept = folder.appendingPathComponent("POSCAR.attempt-\(attempt)")
        try? fm.removeItem(at: kept)
        try fm.copyItem(at: poscar, to: kept)
        let data = try Data(contentsOf: contcar)
        try data.write(to: poscar, options: .atomic)
        return "continuing from the validated CONTCAR (old POSCAR kept as \(kept.lastPathComponent))"
    }

    /// Edits INCAR (old one kept as `INCAR.attempt-N`), continues from CONTCAR and moves
    /// WAVECAR/CHGCAR aside when the fix asks. Returns one line per change.
    func applyFix(_ fix: VASPFix, folder: URL, attempt: Int) throws -> [String] {
        let fm = FileManager.default
        var lines: [String] = []
        let incar = folder.appendingPathComponent("INCAR")
        let text = (try? String(contentsOf: incar, encoding: .utf8)) ?? ""
        var current: [String: String] = [:]
        if let nbands = Self.outcarValue("NBANDS=", folder: folder) { current["NBANDS"] = nbands }
        var changes = fix.changes
        if fix.startFromScratch { changes += [.set("ISTART", "0"), .set("ICHARG", "2")] }
        let edited = IncarEditor.apply(changes, to: text, current: current)
        if !changes.isEmpty {
            let kept = folder.appendingPathComponent("INCAR.attempt-\(attempt)")
            if fm.fileExists(atPath: incar.path), !fm.fileExists(atPath: kept.path) { try fm.copyItem(at: incar, to: kept) }
            try Data(edited.text.utf8).write(to: incar, options: .atomic)
            lines += edited.log
        }
        if fix.startFromScratch {
            for name in ["WAVECAR", "CHGCAR"] where fm.fileExists(atPath: folder.appendingPathComponent(name).path) {
                let aside = folder.appendingPathComponent("\(name).attempt-\(attempt)")
                try? fm.removeItem(at: aside)
                try fm.moveItem(at: folder.appendingPathComponent(name), to: aside)
                lines.append("\(name) moved aside")
            }
        }
        if fix.continueFromCONTCAR { lines.append(try continueFromCONTCAR(folder: folder, attempt: attempt)) }
        return lines
    }

    /// The first integer after `key` in the folder's OUTCAR (e.g. `NBANDS=`), if any.
    static func outcarValue(_ key: String, folder: URL) -> String? {
        guard let handle = FileHandle(forReadingAtPath: folder.appendingPathComponent("OUTCAR").path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 200_000), as: UTF8.self)
        guard let range = head.range(of: key) else { return nil }
        let digits = head[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}
