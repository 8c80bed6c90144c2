import Foundation
import GRDB

/// The study's SQLite state store (`STUDY/.adhere/state.sqlite`, WAL journal): one row per
/// calculation and an append-only history of every transition.
///
/// Every change goes through ``transaction(_:)`` (or the helpers built on it), which checks the
/// state machine of ``CalculationState`` and writes the history row in the same transaction, so a
/// crash leaves either both or neither. Only `adhere` on the submit side writes here — never a
/// compute node.
public final class StateStore: Sendable {
    /// The folder name inside the study that holds Adhere's private files.
    public static let privateFolderName = ".adhere"
    /// The database file name inside ``privateFolderName``.
    public static let databaseFileName = "state.sqlite"

    /// The study folder.
    public let studyDirectory: URL
    /// The database file.
    public let path: String
    let pool: DatabasePool

    private init(studyDirectory: URL, path: String, pool: DatabasePool) {
        self.studyDirectory = studyDirectory
        self.path = path
        self.pool = pool
    }

    /// The database path a study folder uses.
    public static func databasePath(studyDirectory: URL) -> String {
        studyDirectory.appendingPathComponent(privateFolderName).appendingPathComponent(databaseFileName).path
    }

    /// True when the study already has a state store.
    public static func exists(studyDirectory: URL) -> Bool {
        FileManager.default.fileExists(atPath: databasePath(studyDirectory: studyDirectory))
    }

    /// Opens (creating and migrating if needed) the state store of a study folder.
    public static func open(studyDirectory: URL) throws(StateStoreError) -> StateStore {
        let dir = studyDirectory.appendingPathComponent(privateFolderName)
        let path = databasePath(studyDirectory: studyDirectory)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create \(dir.path): \(error.localizedDescription)")
        }
        var config = Configuration()
        config.busyMode = .timeout(15)
        config.prepareDatabase { db in
            // FULL: an intent written before sbatch must survive a power cut, not only a kill.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try StateStoreSchema.migrator.migrate(pool)
            return StateStore(studyDirectory: studyDirectory, path: path, pool: pool)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    // MARK: Registration

    /// What ``register(calculation:)`` did.
    public enum Registration: Sendable, Equatable {
        /// A new calculation, now `built`.
        case added
        /// Already known with the same inputs: nothing changed.
        case unchanged
        /// Known, settled or never submitted, and rebuilt with other inputs: back to `built`.
        case inputsChanged
    }

    /// Registers a calculation built by `adhere build` (idempotent: registering the same spec
    /// again changes nothing).
    @discardableResult
    public func register(calculation spec: CalculationSpec) throws(StateStoreError) -> Registration {
        guard Self.isValidCalculationID(spec.id) else { throw .invalidCalculationID(spec.id) }
        return try transaction { tx throws(StateStoreError) -> Registration in
            try tx.register(spec)
        }
    }

    /// Letters, digits, `.`, `_`, `-`; 1 to 100 characters (safe as a Slurm job name and comment).
    public static func isValidCalculationID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100
            && id.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0) }
    }

    // MARK: Reading

    /// One calculation, or nil.
    public func calculation(id: String) throws(StateStoreError) -> CalculationRecord? {
        try read { db in try CalculationRecord.fetchOne(db, key: id) }
    }

    /// All calculations (optionally only those in `states` and with one of `ids`), ordered by
    /// interface then id; one query.
    public func calculations(in states: Set<CalculationState>? = nil, ids: Set<String>? = nil) throws(StateStoreError) -> [CalculationRecord] {
        try read { db in
            var request = CalculationRecord.order(CalculationRecord.Columns.interface, CalculationRecord.Columns.id)
            if let states { request = request.filter(states.map(\.rawValue).contains(CalculationRecord.Columns.state)) }
            if let ids { request = request.filter(ids.contains(CalculationRecord.Columns.id)) }
            return try request.fetchAll(db)
        }
    }

    /// The history, oldest first (of one calculation, or of all).
    public func history(calculationID: String? = nil) throws(StateStoreError) -> [TransitionRecord] {
        try read { db in
            var request = TransitionRecord.order(Column("id"))
            if let calculationID { request = request.filter(Column("calculationID") == calculationID) }
            return try request.fetchAll(db)
        }
    }

    /// The latest history event of every calculation (one query).
    public func lastHistoryEvents() throws(StateStoreError) -> [String: HistoryEvent] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT calculationID, event FROM transition
                WHERE id IN (SELECT MAX(id) FROM transition GROUP BY calculationID)
                """)
            var out: [String: HistoryEvent] = [:]
            for row in rows { out[row["calculationID"]] = HistoryEvent(rawValue: row["event"]) ?? .unrecognised }
            return out
        }
    }

    /// A study-wide setting (`attemptLimit`, …), or nil.
    public func setting(_ key: String) throws(StateStoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Sets a study-wide setting.
    public func setSetting(_ key: String, _ value: String) throws(StateStoreError) {
        try transaction { tx throws(StateStoreError) in try tx.setSetting(key, value) }
    }

    /// Parent calculations by calculation id (see ``setParents(of:_:)``).
    public func parents() throws(StateStoreError) -> [String: [String]] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT calculationID, parentID FROM dependency ORDER BY calculationID, parentID")
            var out: [String: [String]] = [:]
            for row in rows { out[row["calculationID"], default: []].append(row["parentID"]) }
            return out
        }
    }

    // MARK: Writing

    /// Records which calculations' outputs `id`'s inputs are made from (replacing what was recorded).
    public func setParents(of id: String, _ parents: [String]) throws(StateStoreError) {
        try transaction { tx throws(StateStoreError) in
            try tx.run { db in
                try db.execute(sql: "DELETE FROM dependency WHERE calculationID = ?", arguments: [id])
                for parent in parents {
                    try db.execute(sql: "INSERT INTO dependency(calculationID, parentID) VALUES (?, ?)", arguments: [id, parent])
                }
            }
        }
    }

    /// Runs `body` in one write transaction: all of its changes and history rows are committed
    /// together, or none if it throws.
    public func transaction<T>(_ body: (StateTransaction) throws(StateStoreError) -> T) throws(StateStoreError) -> T {
        var failure: StateStoreError?
        var result: T?
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let tx = StateTransaction(db: db, path: path)
                    do {
                        result = try body(tx)
                        return .commit
                    } catch {
                        failure = (error as? StateStoreError) ?? .database(path: path, reason: "\(error)")
                        return .rollback
                    }
                }
            }
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
        if let failure { throw failure }
        return result!
    }

    /// Changes one calculation in its own transaction; see ``StateTransaction/update(_:event:note:_:)``.
    @discardableResult
    public func update(_ id: String, event: HistoryEvent, note: String? = nil, fix: String? = nil,
                       _ change: (inout CalculationRecord) -> Void) throws(StateStoreError) -> CalculationRecord {
        try transaction { tx throws(StateStoreError) in try tx.update(id, event: event, note: note, fix: fix, change) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StateStoreError) -> T {
        do { return try pool.read(body) } catch { throw .database(path: path, reason: "\(error)") }
    }
}
