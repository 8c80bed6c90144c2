/// What the cluster says about a work root: the answer of `StagingScripts.probe`, parsed. The
/// decision (`problems(neededBytes:)`) is separate from the command (`WorkRootCheck.run`).
public struct WorkRootStatus: Sendable, Equatable {
    /// Whether the root exists and the cluster user can create files in it.
    public enum Access: String, Sendable, Equatable { case missing, writable, readonly }

    /// The expanded absolute path on the cluster.
    public var path: String
    public var access: Access
    /// Free space of the root's file system for the cluster user (`df -Pk` "Available"), bytes.
    public var availableBytes: Int64?
    /// Programs found on the cluster (`tar`, `gzip`, `sha256sum`, `flock`, `rsync`).
    public var tools: Set<String>
    /// Required programs that were not found.
    public var missingTools: [String]

    /// Parses the probe's tab-separated answer.
    public static func parse(_ output: String, path: String) -> WorkRootStatus? {
        var status = WorkRootStatus(path: path, access: .missing, availableBytes: nil, tools: [], missingTools: [])
        var sawRoot = false
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2 else { continue }
            switch fields[0] {
            case "tool": status.tools.insert(fields[1])
            case "missing": status.missingTools.append(fields[1])
            case "root":
                guard let access = Access(rawValue: fields[1]) else { return nil }
                status.access = access
                sawRoot = true
            case "availableKiB": status.availableBytes = Int64(fields[1]).map { $0 * 1024 }
            default: continue
            }
        }
        return sawRoot ? status : nil
    }

    /// Everything that stops a study from using this root, first the one to fix first; empty
    /// when it is usable for `neededBytes` more bytes.
    public func problems(host: String, neededBytes: Int64) -> [StagingError] {
        var found: [StagingError] = missingTools.map { .missingTool(host: host, tool: $0) }
        switch access {
        case .missing: found.append(.workRootMissing(host: host, path: path))
        case .readonly: found.append(.workRootNotWritable(host: host, path: path))
        case .writable:
            if let available = availableBytes, available < neededBytes {
                found.append(.workRootFull(host: host, path: path, availableBytes: available, neededBytes: neededBytes))
            }
        }
        return found
    }
}

/// The check `adhere plan` makes before anything is uploaded: the root exists, is writable, has
/// room, and the cluster has the transfer tools. One remote command after the `$USER`/`$HOME`
/// lookup.
public enum WorkRootCheck {
    /// Resolves `root` on the cluster and probes it.
    public static func run(_ root: RemoteWorkRoot, over transport: any Transport,
                           timeoutSeconds: Double = 30) async throws -> WorkRootStatus {
        let path = try await root.resolve(over: transport, timeoutSeconds: timeoutSeconds)
        let answer = try await transport.run(["sh", "-c", StagingScripts.probe, "sh", path], input: nil,
                                             timeoutSeconds: timeoutSeconds)
        guard answer.status == 0, let status = WorkRootStatus.parse(answer.stdout, path: path) else {
            throw StagingError.unexpectedAnswer(host: transport.hostDescription, step: "checking the work root",
                                                output: answer.stdout + answer.stderr)
        }
        return status
    }

    /// `run`, then throws the first problem for `neededBytes` (see `WorkRootStatus.problems`).
    @discardableResult
    public static func require(_ root: RemoteWorkRoot, over transport: any Transport, neededBytes: Int64,
                               timeoutSeconds: Double = 30) async throws -> WorkRootStatus {
        let status = try await run(root, over: transport, timeoutSeconds: timeoutSeconds)
        if let first = status.problems(host: transport.hostDescription, neededBytes: neededBytes).first { throw first }
        return status
    }
}
