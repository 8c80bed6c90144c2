/// Why `adhere submit` (or a reconciliation) stopped.
public enum SubmissionError: Error, Equatable, CustomStringConvertible {
    /// Another adhere process is working on the study.
    case busy(path: String, detail: String)
    /// The scheduler failed; the store is unchanged by the failing step.
    case scheduler(SchedulerError)
    /// The store failed.
    case store(StateStoreError)

    public var description: String {
        switch self {
        case .busy(let path, let detail): return "\(path): the study is busy (\(detail))"
        case .scheduler(let e): return e.description
        case .store(let e): return e.description
        }
    }
}
