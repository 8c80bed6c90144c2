/// Errors of the state store, each naming the database file and what was expected.
public enum StateStoreError: Error, Equatable, CustomStringConvertible {
    /// The database cannot be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// No calculation with this id.
    case unknownCalculation(id: String, path: String)
    /// A transition the state machine forbids.
    case illegalTransition(id: String, from: CalculationState, to: CalculationState)
    /// A calculation id with characters that cannot tag a Slurm job.
    case invalidCalculationID(String)
    /// Re-registering a calculation under a different interface, role or folder, or with new
    /// inputs while Slurm holds a job for it.
    case conflictingRegistration(id: String, reason: String)
    /// Any other SQLite error.
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open the state store: \(reason)"
        case .unknownCalculation(let id, let path): return "\(path): no calculation '\(id)' in the study"
        case .illegalTransition(let id, let from, let to):
            return "calculation '\(id)' cannot go from \(from.rawValue) to \(to.rawValue)"
        case .invalidCalculationID(let id):
            return "calculation id '\(id)' must be 1–100 characters among letters, digits, '.', '_', '-'"
        case .conflictingRegistration(let id, let reason): return "calculation '\(id)': \(reason)"
        case .database(let path, let reason): return "\(path): \(reason)"
        }
    }
}
