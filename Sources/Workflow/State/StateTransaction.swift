import Foundation
import GRDB

/// The changes one write transaction of the ``StateStore`` may make. Each change writes its
/// history row; illegal transitions throw and roll the whole transaction back.
public struct StateTransaction {
    let db: Database
    let path: String

    /// One calculation, or nil.
    public func calculation(id: String) throws(StateStoreError) -> CalculationRecord? {
        try run { db in try CalculationRecord.fetchOne(db, key: id) }
    }

    /// All calculations, ordered by interface then id.
    public func calculations() throws(StateStoreError) -> [CalculationRecord] {
        try run { db in
            try CalculationRecord.order(CalculationRecord.Columns.interface, CalculationRecord.Columns.id).fetchAll(db)
        }
    }

    /// Changes one calculation: `change` edits a copy; the transition `old.state → new.state` is
    /// checked, `updatedAt` set, and a history row written with `event`, `note` and the `fix`
    /// the recovery applied (if any).
    @discardableResult
    public func update(_ id: String, event: HistoryEvent, note: String? = nil, fix: String? = nil,
                       _ change: (inout CalculationRecord) -> Void) throws(StateStoreError) -> CalculationRecord {
        guard let old = try calculation(id: id) else { throw .unknownCalculation(id: id, path: path) }
        var new = old
        change(&new)
        guard old.state.canMove(to: new.state) else {
            throw .illegalTransition(id: id, from: old.state, to: new.state)
        }
        let now = Date()
        new.updatedAt = now
        if new.state != .failed { new.failureReason = nil }
        let record = new
        try run { db in
            try record.update(db)
            var history = TransitionRecord(calculationID: id, fromState: old.state, toState: record.state, event: event,
                                           attempt: record.attempts, slurmJobID: record.slurmJobID, note: note, fix: fix, at: now)
            try history.insert(db)
        }
        return record
    }

    /// Adds a history row without changing the calculation (e.g. a reported unknown Slurm state).
    public func note(_ id: String, event: HistoryEvent, note: String) throws(StateStoreError) {
        guard let record = try calculation(id: id) else { throw .unknownCalculation(id: id, path: path) }
        try run { db in
            var history = TransitionRecord(calculationID: id, fromState: record.state, toState: record.state, event: event,
                                           attempt: record.attempts, slurmJobID: record.slurmJobID, note: note, at: Date())
            try history.insert(db)
        }
    }

    /// Sets a study-wide setting (see ``StateStore/setSetting(_:_:)``).
    public func setSetting(_ key: String, _ value: String) throws(StateStoreError) {
        try run { db in
            try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    func register(_ spec: CalculationSpec) throws(StateStoreError) -> StateStore.Registration {
        let now = Date()
        if var existing = try calculation(id: spec.id) {
            if existing.interface != spec.interface || existing.role != spec.role || existing.folder != spec.folder {
                throw .conflictingRegistration(
                    id: spec.id,
                    reason: "already registered as \(existing.role) of \(existing.interface) in \(existing.folder), not \(spec.role) of \(spec.interface) in \(spec.folder)")
            }
            if existing.inputHash == spec.inputHash { return .unchanged }
            if existing.state.isLive {
                throw .conflictingRegistration(
                    id: spec.id,
                    reason: "inputs changed while Slurm holds job \(existing.slurmJobID ?? "(being submitted)"); cancel it first (adhere cancel)")
            }
            let from = existing.state
            existing.inputHash = spec.inputHash
            existing.state = .built
            existing.slurmJobID = nil
            existing.schedulerState = nil
            existing.updatedAt = now
            let record = existing
            try run { db in
                try record.update(db)
                var history = TransitionRecord(calculationID: spec.id, fromState: from, toState: .built, event: .build,
                                               attempt: record.attempts, slurmJobID: nil,
                                               note: "inputs rebuilt (hash \(spec.inputHash))", at: now)
                try history.insert(db)
            }
            return .inputsChanged
        }
        let record = CalculationRecord(
            id: spec.id, role: spec.role, interface: spec.interface, folder: spec.folder, inputHash: spec.inputHash,
            state: .built, failureReason: nil, slurmJobID: nil, attempts: 0, schedulerState: nil, lastError: nil,
            overrides: ResourceOverrides(), createdAt: now, updatedAt: now, submittedAt: nil, endedAt: nil)
        try run { db in
            try record.insert(db)
            var history = TransitionRecord(calculationID: spec.id, fromState: .built, toState: .built, event: .build,
                                           attempt: 0, slurmJobID: nil, note: "registered", at: now)
            try history.insert(db)
        }
        return .added
    }

    func run<T>(_ body: (Database) throws -> T) throws(StateStoreError) -> T {
        do { return try body(db) } catch { throw .database(path: path, reason: "\(error)") }
    }
}
