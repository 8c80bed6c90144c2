/// A JobState as squeue, sacct or scontrol print it, reduced to Slurm's long name: short codes
/// (`PD`, `CG`, `OOM`, `BF`), `CANCELLED by 0`, and sacct's truncated `OUT_OF_ME+` all map to
/// the name in Slurm's JOB STATE CODES table (`man squeue`). The one place that reads state text.
public struct SlurmStateName: Sendable, Equatable, Hashable {
    /// The long name (`PENDING`, `OUT_OF_MEMORY`, …), or the first word verbatim when unknown.
    public let name: String

    /// Reads state text.
    public init(_ text: String) {
        var word = text.trimmed.split(separator: " ").first.map(String.init)?.uppercased() ?? ""
        if word.hasSuffix("+") { word.removeLast() }
        if let long = Self.shortCodes[word] { name = long; return }
        // sacct without -P cuts long names to 10 characters and appends `+`.
        if let full = Self.finalNames.union(Self.liveNames).first(where: { $0 == word || (word.count >= 9 && $0.hasPrefix(word)) }) {
            name = full
        } else {
            name = word
        }
    }

    /// True for the states after which the job never runs again (Slurm's "job is over").
    public var isFinal: Bool { Self.finalNames.contains(name) }

    /// Short codes of `squeue -t` / `%t`, from Slurm's JOB STATE CODES.
    static let shortCodes: [String: String] = [
        "BF": "BOOT_FAIL", "CA": "CANCELLED", "CD": "COMPLETED", "CF": "CONFIGURING", "CG": "COMPLETING",
        "DL": "DEADLINE", "F": "FAILED", "NF": "NODE_FAIL", "OOM": "OUT_OF_MEMORY", "PD": "PENDING",
        "PR": "PREEMPTED", "R": "RUNNING", "RD": "RESV_DEL_HOLD", "RF": "REQUEUE_FED", "RH": "REQUEUE_HOLD",
        "RQ": "REQUEUED", "RS": "RESIZING", "RV": "REVOKED", "SI": "SIGNALING", "SE": "SPECIAL_EXIT",
        "SO": "STAGE_OUT", "ST": "STOPPED", "S": "SUSPENDED", "TO": "TIMEOUT",
    ]

    /// States after which the job is over.
    public static let finalNames: Set<String> = [
        "BOOT_FAIL", "CANCELLED", "COMPLETED", "DEADLINE", "FAILED", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED",
        "REVOKED", "SPECIAL_EXIT", "TIMEOUT",
    ]

    /// States of a job that may still run.
    public static let liveNames: Set<String> = [
        "PENDING", "RUNNING", "CONFIGURING", "RESIZING", "COMPLETING", "STAGE_OUT", "SIGNALING", "SUSPENDED",
        "STOPPED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD",
    ]
}
