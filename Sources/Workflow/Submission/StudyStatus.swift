import Foundation

/// Where a study's calculations stand: what `adhere status` prints (`--json` encodes this).
public struct StudyStatus: Codable, Sendable, Equatable {
    /// One calculation.
    public struct Calculation: Codable, Sendable, Equatable {
        public var id: String
        public var role: String
        public var interface: String
        public var folder: String
        public var state: String
        public var slurmJobID: String?
        public var schedulerState: String?
        public var attempts: Int
        public var failureReason: String?
        public var lastError: String?
        public var updatedAt: Date
        /// Remote work root only: `uploading`, `staged`, `downloading`, `awaiting-download`,
        /// `fetched`, from the history (nil in shared-path mode or when no transfer is due).
        public var transferStep: String?
    }

    /// One history row.
    public struct Event: Codable, Sendable, Equatable {
        public var calculationID: String
        public var event: String
        public var fromState: String
        public var toState: String
        public var attempt: Int
        public var slurmJobID: String?
        public var note: String?
        public var at: Date
    }

    /// The study folder.
    public var study: String
    /// Number of calculations per state (every state listed, zeros included).
    public var counts: [String: Int]
    /// Every calculation, by interface then id.
    public var calculations: [Calculation]
    /// Recovery steps and errors, newest last (the last 50).
    public var recoveryEvents: [Event]
    /// True when the store was reconciled with Slurm for this status (false: nothing was live).
    public var reconciled: Bool
    /// Intents whose sbatch may still be in flight.
    public var inFlight: [String]
    /// Slurm states Adhere does not know (`id: STATE`), reported.
    public var unknownStates: [String]
    /// True when no calculation is live.
    public var settled: Bool
    /// The transfer a run is doing now (or one that was cut off; the next run redoes it).
    public var transferInFlight: TransferInFlight?

    /// Builds the status from the store.
    public static func make(store: StateStore, reconciliation: Reconciler.Report?) throws(StateStoreError) -> StudyStatus {
        let records = try store.calculations()
        var counts: [String: Int] = [:]
        for s in CalculationState.allCases { counts[s.rawValue] = 0 }
        for r in records { counts[r.state.rawValue, default: 0] += 1 }
        let shown: Set<HistoryEvent> = [.recovery, .recoveryGaveUp, .retry, .cancel, .blockedInQueue]
        let history = try store.history()
        let events = history.filter { shown.contains($0.event) }.suffix(50)
        let last = try store.lastHistoryEvents()
        func step(_ r: CalculationRecord) -> String? {
            switch last[r.id] {
            case .stageIntent?: return "uploading"
            case .staged? where r.state == .built: return "staged"
            case .fetchIntent?: return "downloading"
            case .fetched?: return "fetched"
            default:
                let staging = history.contains { $0.calculationID == r.id && $0.event == .staged }
                return staging && RemoteStaging.awaitsFetch(r, lastEvent: last[r.id]) ? "awaiting-download" : nil
            }
        }
        return StudyStatus(
            study: store.studyDirectory.path,
            counts: counts,
            calculations: records.map {
                Calculation(id: $0.id, role: $0.role, interface: $0.interface, folder: $0.folder, state: $0.state.rawValue,
                            slurmJobID: $0.slurmJobID, schedulerState: $0.schedulerState, attempts: $0.attempts,
                            failureReason: $0.failureReason, lastError: $0.lastError, updatedAt: $0.updatedAt,
                            transferStep: step($0))
            },
            recoveryEvents: events.map {
                Event(calculationID: $0.calculationID, event: $0.event.rawValue, fromState: $0.fromState.rawValue, toState: $0.toState.rawValue,
                      attempt: $0.attempt, slurmJobID: $0.slurmJobID, note: $0.note, at: $0.at)
            },
            reconciled: reconciliation != nil,
            inFlight: reconciliation?.inFlight ?? [],
            unknownStates: reconciliation?.unknownStates ?? [],
            settled: !records.contains { $0.state.isLive },
            transferInFlight: TransferInFlight.load(studyDirectory: store.studyDirectory))
    }
}
