/// The study's recovery settings (stored in the state store's `setting` table).
public struct RecoveryPolicy: Sendable, Equatable {
    /// What to do with an energy-changing fix.
    public enum EnergyChangingFixes: String, Sendable, Codable {
        /// Apply it to all three calculations of the interface and rerun them.
        case applyToInterface = "apply"
        /// Refuse it and tell the user.
        case refuse
    }

    /// Submissions allowed per calculation, the first included (default 4).
    public var attemptLimit: Int
    /// Energy-changing fixes: applied to the whole interface (default) or refused.
    public var energyChangingFixes: EnergyChangingFixes

    /// Creates a policy.
    public init(attemptLimit: Int = 4, energyChangingFixes: EnergyChangingFixes = .applyToInterface) {
        self.attemptLimit = attemptLimit
        self.energyChangingFixes = energyChangingFixes
    }

    /// Setting keys in the store.
    public static let attemptLimitKey = "recovery.attemptLimit"
    public static let energyChangingKey = "recovery.energyChangingFixes"

    /// Reads the policy from the store (defaults where unset).
    public static func load(from store: StateStore) throws(StateStoreError) -> RecoveryPolicy {
        var policy = RecoveryPolicy()
        if let text = try store.setting(attemptLimitKey), let n = Int(text), n > 0 { policy.attemptLimit = n }
        if let text = try store.setting(energyChangingKey), let e = EnergyChangingFixes(rawValue: text) {
            policy.energyChangingFixes = e
        }
        return policy
    }

    /// Saves the policy into the store.
    public func save(to store: StateStore) throws(StateStoreError) {
        try store.setSetting(Self.attemptLimitKey, String(attemptLimit))
        try store.setSetting(Self.energyChangingKey, energyChangingFixes.rawValue)
    }
}

/// The resources the cluster profile gives a job, as recovery needs them for OUT_OF_MEMORY.
public struct ResourceBaseline: Sendable, Equatable {
    /// Memory per node in MB, if the profile sets one.
    public var memoryMB: Int?
    /// Tasks per node, if the profile sets them.
    public var tasksPerNode: Int?
    /// The most memory a node can give, if known.
    public var maximumMemoryMB: Int?

    /// Creates a baseline.
    public init(memoryMB: Int? = nil, tasksPerNode: Int? = nil, maximumMemoryMB: Int? = nil) {
        self.memoryMB = memoryMB
        self.tasksPerNode = tasksPerNode
        self.maximumMemoryMB = maximumMemoryMB
    }
}
