/// What happens to a calculation's folder in the remote work root once its outputs are fetched.
public enum RemoteCleanupPolicy: String, Sendable, Equatable, CaseIterable, Codable {
    /// Leave every folder (the cluster's scratch purge policy applies).
    case keep
    /// Delete the folder once its outputs are verified on this machine.
    case deleteAfterFetch = "delete-after-fetch"
    /// Delete folders of calculations that succeeded; keep failed ones for inspection.
    case keepFailed = "keep-failed"

    /// True when the remote folder of a fetched calculation should be deleted.
    /// `succeeded` is the caller's verdict on the calculation (job and VASP run both fine).
    public func deletesAfterFetch(succeeded: Bool) -> Bool {
        switch self {
        case .keep: return false
        case .deleteAfterFetch: return true
        case .keepFailed: return succeeded
        }
    }
}
