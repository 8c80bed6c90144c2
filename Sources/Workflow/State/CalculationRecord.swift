import Foundation
import GRDB

/// What `adhere build` knows about a calculation when it registers it in the store.
public struct CalculationSpec: Sendable, Equatable {
    /// Adhere's own id, unique in the study, also used as the Slurm job tag
    /// (letters, digits, `.`, `_`, `-`).
    public var id: String
    /// The calculation's role in its interface, e.g. `interface`, `slab-a`, `slab-b`, `bulk`.
    public var role: String
    /// The interface the calculation belongs to (its three calculations share this).
    public var interface: String
    /// The calculation folder, relative to the study folder.
    public var folder: String
    /// A hash of the input files (INCAR, KPOINTS, POSCAR, POTCAR names) as built.
    public var inputHash: String

    /// Creates a spec.
    public init(id: String, role: String, interface: String, folder: String, inputHash: String) {
        self.id = id
        self.role = role
        self.interface = interface
        self.folder = folder
        self.inputHash = inputHash
    }
}

/// Resource changes recovery asked for (more memory, fewer tasks per node, more time).
public struct ResourceOverrides: Codable, Sendable, Equatable {
    /// Memory per node in MB, replacing the cluster profile's.
    public var memoryMB: Int?
    /// Tasks per node, replacing the cluster profile's.
    public var tasksPerNode: Int?

    /// Creates overrides.
    public init(memoryMB: Int? = nil, tasksPerNode: Int? = nil) {
        self.memoryMB = memoryMB
        self.tasksPerNode = tasksPerNode
    }

    /// True when nothing is overridden.
    public var isEmpty: Bool { memoryMB == nil && tasksPerNode == nil }
}

/// One row of the `calculation` table.
public struct CalculationRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "calculation"

    /// Adhere's calculation id.
    public var id: String
    /// Role in the interface (`interface`, `slab-a`, …).
    public var role: String
    /// Interface id shared by the three calculations of an interface.
    public var interface: String
    /// Folder relative to the study folder.
    public var folder: String
    /// Hash of the inputs as built.
    public var inputHash: String
    /// Current state.
    public var state: CalculationState
    /// Why the calculation failed (set with `.failed`).
    public var failureReason: String?
    /// The Slurm job id of the current attempt (nil before `sbatch` answered).
    public var slurmJobID: String?
    /// The number of submissions so far (the current attempt's number once submitted).
    public var attempts: Int
    /// The last Slurm state seen (`PENDING`, `TIMEOUT`, …), verbatim.
    public var schedulerState: String?
    /// The last error message (from sbatch, Slurm, VASP or recovery).
    public var lastError: String?
    /// Resources recovery changed, applied at the next submission.
    public var overrides: ResourceOverrides
    /// When the calculation was registered.
    public var createdAt: Date
    /// When the row last changed.
    public var updatedAt: Date
    /// When the current attempt's intent was written.
    public var submittedAt: Date?
    /// When the current attempt ended.
    public var endedAt: Date?

    /// True when this row is an intent: handed to sbatch but no job id recorded.
    public var isIntent: Bool { state == .submitted && slurmJobID == nil }

    /// Column names for queries.
    public enum Columns {
        static let id = Column("id")
        static let interface = Column("interface")
        static let state = Column("state")
        static let slurmJobID = Column("slurmJobID")
    }
}

extension ResourceOverrides: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        let data = (try? JSONEncoder().encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).databaseValue
    }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> ResourceOverrides? {
        guard let text = String.fromDatabaseValue(dbValue) else { return nil }
        return try? JSONDecoder().decode(ResourceOverrides.self, from: Data(text.utf8))
    }
}
