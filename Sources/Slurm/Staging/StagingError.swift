/// What can go wrong moving a calculation's files between this machine and a cluster's work
/// root, typed so that the caller can decide: fix the profile or the cluster (`workRoot…`,
/// `missingTool`), try again later (`transferFailed`, `timedOut`), or look at the files
/// (`integrity`).
public enum StagingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The work root's text uses a variable other than `$USER`/`$HOME`, or is not absolute after
    /// expansion.
    case invalidWorkRoot(configured: String, expected: String)
    /// A calculation folder or file name Adhere refuses to put on a command line or in a path
    /// (empty, `.`/`..`, a `/` in a name, control characters, a tab).
    case invalidName(String, expected: String)
    /// The work root does not exist on the cluster.
    case workRootMissing(host: String, path: String)
    /// The work root exists but the cluster user cannot create files in it.
    case workRootNotWritable(host: String, path: String)
    /// The file system of the work root has less room than the study needs.
    case workRootFull(host: String, path: String, availableBytes: Int64, neededBytes: Int64)
    /// A program the transfers need is missing on one side (`tar`, `gzip`, `sha256sum`).
    case missingTool(host: String, tool: String)
    /// A local file to upload could not be read.
    case unreadableLocalFile(path: String, detail: String)
    /// Files arrived but did not match what was sent (size or SHA-256): nothing was installed.
    case integrity(host: String, path: String, detail: String)
    /// A file the caller required was absent on the cluster.
    case missingRemoteFile(host: String, path: String)
    /// The transfer command stopped before it finished (lost connection, remote error).
    case transferFailed(host: String, step: String, status: Int32, detail: String)
    /// The transfer did not finish within `seconds`.
    case timedOut(host: String, step: String, seconds: Double)
    /// Local file-system trouble (scratch folder, rename).
    case localFileSystem(path: String, detail: String)
    /// The remote side answered with text Adhere does not understand.
    case unexpectedAnswer(host: String, step: String, output: String)

    public var description: String {
        switch self {
        case let .invalidWorkRoot(configured, expected):
            return "work root \(configured.debugDescription): expected \(expected)"
        case let .invalidName(name, expected):
            return "cannot transfer \(name.debugDescription): expected \(expected)"
        case let .workRootMissing(host, path):
            return "\(host): work root \(path) does not exist; create it (ssh \(host) mkdir -p \(ShellQuoting.quote(path))) or change the profile's work root"
        case let .workRootNotWritable(host, path):
            return "\(host): work root \(path) is not writable by the cluster user; pick a folder you own (e.g. /scratch/$USER/adhere)"
        case let .workRootFull(host, path, available, needed):
            return "\(host): work root \(path) has \(Self.bytes(available)) free, the study needs about \(Self.bytes(needed)); free space or pick another file system"
        case let .missingTool(host, tool):
            return "\(host): `\(tool)` not found; transfers need tar, gzip and sha256sum on both sides"
        case let .unreadableLocalFile(path, detail):
            return "cannot read \(path): \(detail)"
        case let .integrity(host, path, detail):
            return "\(host): \(path) failed its integrity check (\(detail)); not used, it will be transferred again"
        case let .missingRemoteFile(host, path):
            return "\(host): \(path) is missing in the work root"
        case let .transferFailed(host, step, status, detail):
            return "\(host): \(step) stopped with status \(status): \(detail)"
        case let .timedOut(host, step, seconds):
            return "\(host): \(step) did not finish within \(Int(seconds)) s; it is redone by the next run"
        case let .localFileSystem(path, detail):
            return "\(path): \(detail)"
        case let .unexpectedAnswer(host, step, output):
            return "\(host): \(step): unexpected answer \(String(output.prefix(300)).debugDescription)"
        }
    }

    /// True for errors after which the same transfer may simply be tried again later.
    public var isRetryable: Bool {
        switch self {
        case .transferFailed, .timedOut, .integrity: return true
        default: return false
        }
    }

    /// Bytes as a short human figure (binary units: 1 GiB = 2³⁰ B).
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(n)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(n) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
