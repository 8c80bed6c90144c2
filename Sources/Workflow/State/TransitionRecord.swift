import Foundation
import GRDB

/// One row of the `transition` table: every change of a calculation, in order, never updated.
public struct TransitionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "transition"

    /// Row id (increasing).
    public var id: Int64?
    /// The calculation.
    public var calculationID: String
    /// State before.
    public var fromState: CalculationState
    /// State after (may equal `fromState` for events such as "job id recorded").
    public var toState: CalculationState
    /// What happened.
    public var event: HistoryEvent
    /// The attempt number at the time.
    public var attempt: Int
    /// The Slurm job id involved, if any.
    public var slurmJobID: String?
    /// A sentence for the user (reason, fix applied, error). Code never reads it.
    public var note: String?
    /// The fix the recovery applied in this change (`zbrent/ibrion-1`: the failure's key in
    /// ``VASPFixTable`` and the fix's name), so that it is not tried twice; nil otherwise.
    public var fix: String?
    /// When.
    public var at: Date

    /// Creates a transition (the id is assigned on insert).
    public init(calculationID: String, fromState: CalculationState, toState: CalculationState, event: HistoryEvent,
                attempt: Int, slurmJobID: String?, note: String?, fix: String? = nil, at: Date) {
        self.calculationID = calculationID
        self.fromState = fromState
        self.toState = toState
        self.event = event
        self.attempt = attempt
        self.slurmJobID = slurmJobID
        self.note = note
        self.fix = fix
        self.at = at
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
