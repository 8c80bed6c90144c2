import Foundation
import GRDB
import VASP

/// What collect keeps in the state store for one parsed output (table `collected`): its
/// fingerprint and the summary of its archived record that interface results are computed
/// from — never the raw file again.
public struct CollectedCalculation: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "collected"

    /// The calculation.
    public var calculationID: String
    /// Output size in bytes.
    public var sizeBytes: Int64
    /// Output modification time, ns since 1970.
    public var modifiedNanoseconds: Int64
    /// Output SHA-256 (hex).
    public var sha256: String
    /// Last ionic step's free energy TOTEN in eV.
    public var freeEnergyEV: Double?
    /// Last ionic step's energy without entropy in eV.
    public var energyWithoutEntropyEV: Double?
    /// Last ionic step's σ→0 energy in eV.
    public var energySigma0EV: Double?
    /// The settings the consistency guard compares (JSON of ``CalculationSettings``).
    public var settings: String
    /// True when the numbers come from vasp-standin.
    public var isStandIn: Bool
    /// Set when the relaxation stopped before its goal after the last attempt.
    public var relaxationNote: String?
    /// When it was collected.
    public var collectedAt: Date

    /// The fingerprint.
    public var fingerprint: OutputFingerprint {
        OutputFingerprint(sizeBytes: sizeBytes, modifiedNanoseconds: modifiedNanoseconds, sha256: sha256)
    }

    /// The typed settings.
    public func decodedSettings() throws -> CalculationSettings {
        try JSONDecoder().decode(CalculationSettings.self, from: Data(settings.utf8))
    }
}

extension StateStore {
    /// The collected summaries of these calculations (all when nil), by id.
    public func collected(ids: Set<String>? = nil) throws(StateStoreError) -> [String: CollectedCalculation] {
        try read { db in
            var request = CollectedCalculation.all()
            if let ids { request = request.filter(ids.contains(Column("calculationID"))) }
            return Dictionary(uniqueKeysWithValues: try request.fetchAll(db).map { ($0.calculationID, $0) })
        }
    }
}

extension StateStore {
    /// Ids of every collected calculation, sorted (one indexed column, no summaries decoded).
    public func collectedIDs() throws(StateStoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT calculationID FROM \(CollectedCalculation.databaseTableName) ORDER BY calculationID") }
    }
}

extension StateTransaction {
    /// Records (or replaces) a collected summary.
    public func record(_ collected: CollectedCalculation) throws(StateStoreError) {
        try run { db in try collected.save(db) }
    }
}
