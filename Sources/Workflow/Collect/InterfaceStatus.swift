import Adhesion
import Foundation
import GRDB

/// What collect last found for one interface (table `interfaceStatus`): W_ad computed, waiting
/// for energies, or refused. Collect rewrites the rows of the interfaces a pass touches, so a
/// pass with nothing new answers from these rows instead of recomputing every interface.
public struct InterfaceStatus: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "interfaceStatus"

    /// The three outcomes of an interface.
    public enum Outcome: String, Codable, Sendable {
        /// W_ad computed (and archived).
        case computed
        /// Some of its energies (or σ) are still missing.
        case waiting
        /// Refused by the consistency guard or the analysis.
        case refused
    }

    /// The interlayer's name.
    public var name: String
    /// The outcome.
    public var outcome: Outcome
    /// What it waits for (calculation ids or "σ series") when waiting, else empty. Stored as a
    /// JSON array in its text column (GRDB's Codable record encoding).
    public var missing: [String]
    /// Why it was refused, when refused.
    public var reason: String?
    /// Notes of its computation (a second model that disagrees …), else empty; a JSON array.
    public var notes: [String]

    /// Creates a row.
    public init(name: String, outcome: Outcome, missing: [String] = [], reason: String? = nil, notes: [String] = []) {
        self.name = name
        self.outcome = outcome
        self.missing = missing
        self.reason = reason
        self.notes = notes
    }

    /// The rows of one computation of `results` over `interfaces`.
    static func rows(_ results: InterfaceResults) -> [InterfaceStatus] {
        results.interfaces.map { InterfaceStatus(name: $0.name, outcome: .computed, notes: results.notesByInterface[$0.name] ?? []) }
            + results.waiting.map { InterfaceStatus(name: $0.name, outcome: .waiting, missing: $0.missing) }
            + results.refused.map { InterfaceStatus(name: $0.name, outcome: .refused, reason: $0.reason) }
    }
}

/// The study-wide part of the last interface computation (setting `collect.interfaces`): σ, its
/// notes, and the stamp of the inputs the `interfaceStatus` rows were computed from. When the
/// stamp no longer matches (the plan was rebuilt, study.yaml edited, a summary removed or
/// replaced outside a collect pass, the energy kind changed), the next pass recomputes every
/// interface instead of trusting the rows.
public struct InterfaceStatusSummary: Codable, Sendable, Equatable {
    static let settingKey = "collect.interfaces"

    /// The inputs' stamp.
    public var stamp: Stamp
    /// σ of the metal, when known.
    public var surfaceEnergy: SurfaceEnergy?
    /// Notes about σ (fit problems, a refused engine series).
    public var surfaceEnergyNotes: [String]

    /// What the stored interface results depend on, each cheap to read (no file is parsed).
    public struct Stamp: Codable, Sendable, Equatable {
        /// calculations/manifest.json: size and modification time (ns).
        public var manifestSizeBytes: Int64
        public var manifestModifiedNanoseconds: Int64
        /// study.yaml: size and modification time (ns) — the engine profile's threshold and the
        /// study's settings come from it.
        public var studyFileSizeBytes: Int64
        public var studyFileModifiedNanoseconds: Int64
        /// The energy that enters W_ad.
        public var energyKind: String
        /// Rows in `collected`, and the latest `collectedAt` among them.
        public var collectedCount: Int
        public var latestCollectedAt: String?

        /// The stamp of a study now; nil when the study is not built (no manifest).
        static func current(studyFile: URL, store: StateStore, energyKind: EnergyKind) throws -> Stamp? {
            let directory = studyFile.deletingLastPathComponent()
            guard let manifest = FileStamp(StudyManifest.url(studyDirectory: directory).path) else { return nil }
            let study = FileStamp(studyFile.path) ?? FileStamp(sizeBytes: -1, modifiedNanoseconds: -1)
            let collected = try store.collectedCountAndLatest()
            return Stamp(manifestSizeBytes: manifest.sizeBytes, manifestModifiedNanoseconds: manifest.modifiedNanoseconds,
                         studyFileSizeBytes: study.sizeBytes, studyFileModifiedNanoseconds: study.modifiedNanoseconds,
                         energyKind: energyKind.rawValue, collectedCount: collected.count, latestCollectedAt: collected.latest)
        }
    }

    /// Size and modification time of a file (one `stat`).
    struct FileStamp {
        var sizeBytes: Int64
        var modifiedNanoseconds: Int64

        init(sizeBytes: Int64, modifiedNanoseconds: Int64) {
            self.sizeBytes = sizeBytes
            self.modifiedNanoseconds = modifiedNanoseconds
        }

        init?(_ path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            sizeBytes = Int64(info.st_size)
            modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        }
    }
}

extension StateStore {
    /// Rows in `collected` and the latest `collectedAt` (as stored), in one query.
    func collectedCountAndLatest() throws(StateStoreError) -> (count: Int, latest: String?) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MAX(collectedAt) AS latest FROM \(CollectedCalculation.databaseTableName)")
            return (row?["n"] ?? 0, row?["latest"])
        }
    }

    /// The stored study-wide interface summary, or nil (never computed, or unreadable).
    public func interfaceStatusSummary() throws(StateStoreError) -> InterfaceStatusSummary? {
        guard let text = try setting(InterfaceStatusSummary.settingKey) else { return nil }
        return try? JSONDecoder().decode(InterfaceStatusSummary.self, from: Data(text.utf8))
    }

    /// Stored interface rows, all or only those with one of `outcomes`.
    public func interfaceStatuses(_ outcomes: Set<InterfaceStatus.Outcome>? = nil) throws(StateStoreError) -> [InterfaceStatus] {
        try read { db in
            var request = InterfaceStatus.order(Column("name"))
            if let outcomes { request = request.filter(outcomes.map(\.rawValue).contains(Column("outcome"))) }
            return try request.fetchAll(db)
        }
    }

    /// How many stored interfaces have each outcome.
    public func interfaceOutcomeCounts() throws(StateStoreError) -> [InterfaceStatus.Outcome: Int] {
        try read { db in
            var out: [InterfaceStatus.Outcome: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS n FROM \(InterfaceStatus.databaseTableName) GROUP BY outcome") {
                if let outcome = InterfaceStatus.Outcome(rawValue: row["outcome"]) { out[outcome] = row["n"] }
            }
            return out
        }
    }

    /// Replaces the rows of `rows`' interfaces (all rows when `replacingAll`) and the summary, in
    /// one transaction.
    func storeInterfaceStatuses(_ rows: [InterfaceStatus], summary: InterfaceStatusSummary, replacingAll: Bool) throws(StateStoreError) {
        let text = String(decoding: (try? JSONEncoder().encode(summary)) ?? Data(), as: UTF8.self)
        try transaction { tx throws(StateStoreError) in
            try tx.run { db in
                if replacingAll { try InterfaceStatus.deleteAll(db) }
                for row in rows { try row.save(db) }
            }
            try tx.setSetting(InterfaceStatusSummary.settingKey, text)
        }
    }
}
