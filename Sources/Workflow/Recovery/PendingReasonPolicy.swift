import Foundation

/// Slurm pending reasons that never resolve by waiting: the job must be cancelled and the
/// problem shown to the user.
public enum PendingReasonPolicy {
    /// The reasons, each with what the user should do.
    public static let neverResolvingReasons: [String: String] = [
        "PartitionTimeLimit": "the requested time exceeds the partition's limit; lower the profile's time or choose another partition",
        "PartitionNodeLimit": "the requested nodes exceed the partition's limit; lower the profile's nodes",
        "PartitionConfig": "the request cannot fit the partition (CPUs, memory or nodes); fix the cluster profile",
        "DependencyNeverSatisfied": "a job this one depends on failed; the dependency can never be met",
        "InvalidAccount": "the account is invalid; fix the profile's account",
        "InvalidQOS": "the QOS is invalid; fix the profile's qos",
        "AccountNotAllowed": "the account may not use this partition",
        "QOSNotAllowed": "the QOS may not be used in this partition",
        "BadConstraints": "the constraints cannot be satisfied by any node",
        "PartitionInactive": "the partition is inactive",
    ]

    /// What to tell the user when `reason` never resolves; nil when waiting may help.
    public static func neverResolving(_ reason: String?) -> String? {
        guard let reason else { return nil }
        let key = reason.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == " " || $0 == "," }).first.map(String.init) ?? ""
        return neverResolvingReasons[key]
    }
}
