/// What recovery does with one failed calculation.
public enum RecoveryAction: Sendable, Equatable, CustomStringConvertible {
    /// Submit again unchanged (NODE_FAIL, PREEMPTED).
    case resubmit(reason: String)
    /// Continue from CONTCAR if it validates, else rerun from the POSCAR (TIMEOUT).
    case continueFromCONTCAR(reason: String)
    /// Submit again with these resources (OUT_OF_MEMORY).
    case moreResources(ResourceOverrides, reason: String)
    /// Apply an energy-neutral fix to this calculation.
    case applyFix(kind: String, fix: VASPFix)
    /// Apply an energy-changing fix to every calculation of the interface and rerun them all.
    case applyFixToInterface(kind: String, fix: VASPFix, interface: String)
    /// Nothing automatic: the calculation stays failed and the message is shown.
    case report(String)

    public var description: String {
        switch self {
        case .resubmit(let r): return "resubmit: \(r)"
        case .continueFromCONTCAR(let r): return "continue from CONTCAR: \(r)"
        case .moreResources(let o, let r):
            return "resubmit with " + [o.memoryMB.map { "--mem=\($0)M" }, o.tasksPerNode.map { "--ntasks-per-node=\($0)" }]
                .compactMap { $0 }.joined(separator: " ") + ": \(r)"
        case .applyFix(let k, let f):
            return "fix \(k) (\(f.fixClass.rawValue)) \(f.name): " + f.changes.map(\.description).joined(separator: ", ")
        case .applyFixToInterface(let k, let f, let i):
            return "fix \(k) (\(f.fixClass.rawValue)) \(f.name) on all of interface \(i): " + f.changes.map(\.description).joined(separator: ", ")
        case .report(let m): return m
        }
    }
}
