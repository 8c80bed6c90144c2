import Foundation
import Resources
import Yams
import YAMLSettings

/// How to reach a cluster and what to ask it for: one `cluster/NAME.yaml` file.
///
/// `host` is `local` (Slurm's commands on this machine) or an ssh destination (a host alias from
/// ~/.ssh/config). The resource fields become `#SBATCH` lines of the job script. `vasp_command` is
/// shell text written by the profile's author (e.g. `srun vasp_std`) and is used as is. Keys are
/// snake_case, as in every YAML file a user edits (docs/slurm.md lists them).
public struct ClusterProfile: Sendable, Equatable {
    /// The profile's name (file name without `.yaml`).
    public var name: String
    /// `local` or an ssh destination.
    public var host: String
    public var partition: String?
    public var account: String?
    public var qos: String?
    public var nodes: Int
    /// MPI ranks (`--ntasks`).
    public var ntasks: Int
    public var cpusPerTask: Int
    /// Wall time limit in Slurm syntax (`MM`, `HH:MM:SS`, `D-HH:MM:SS`).
    public var time: String
    /// Memory per node in Slurm syntax (`4G`, `1500M`); nil leaves the site default.
    public var memory: String?
    /// Environment modules loaded before running VASP (`module load NAME`).
    public var modules: [String]
    /// The command that runs VASP in the calculation folder (e.g. `srun vasp_std`).
    public var vaspCommand: String
    /// Adhere never keeps more than this many of its jobs queued or running.
    public var maxQueuedJobs: Int
    /// Seconds before the time limit at which Slurm sends USR1 to the job script, which then
    /// asks VASP to stop cleanly (STOPCAR). Slurm's resolution is about a minute.
    public var signalSecondsBeforeLimit: Int
    /// Seconds any one Slurm command may take before Adhere gives up on it.
    public var commandTimeoutSeconds: Double
    /// `SLURM_CONF` for Slurm's commands (the local test cluster); nil uses the host's default.
    public var slurmConf: String?
    /// Extra options for ssh (before the destination), e.g. `["-p", "2222"]`.
    public var sshOptions: [String]
    /// Final states from `sacct` (`yes`), from `scontrol show job` (`no`), or as the cluster's
    /// AccountingStorageType says (`auto`).
    public var accounting: Accounting

    /// The cluster's own folder for calculations (`work_dir`, e.g. `/scratch/$USER/adhere`,
    /// `$USER`/`$HOME` expanded on the cluster). Set: inputs are uploaded to
    /// `WORK/<study>/<calculation>/` before sbatch and outputs fetched back (docs/real-cluster.md).
    /// Nil: the study folder is shared with the compute nodes at the same path.
    public var workDir: RemoteWorkRoot?
    /// What happens to a fetched calculation's folder under `workDir` (`remote_cleanup`).
    public var remoteCleanup: RemoteCleanupPolicy = .keep

    /// Where final job states come from.
    public enum Accounting: String, Sendable, Equatable, Codable { case auto, yes, no }

    /// True when commands run on this machine.
    public var isLocal: Bool { host == "local" }

    /// `memory` in MB (`512M`, `4G`, `2000` = MB, `1T`); nil when unset.
    public var memoryMB: Int? {
        guard let text = memory?.trimmingCharacters(in: .whitespaces).uppercased(), let last = text.last else { return nil }
        if last.isNumber { return Int(text) }
        guard let n = Double(text.dropLast()) else { return nil }
        switch last {
        case "K": return Int(n / 1024)
        case "M": return Int(n)
        case "G": return Int(n * 1024)
        case "T": return Int(n * 1024 * 1024)
        default: return nil
        }
    }

    public init(name: String, host: String = "local", partition: String? = nil, account: String? = nil,
                qos: String? = nil, nodes: Int = 1, ntasks: Int = 1, cpusPerTask: Int = 1, time: String = "01:00:00",
                memory: String? = nil, modules: [String] = [], vaspCommand: String, maxQueuedJobs: Int = 100,
                signalSecondsBeforeLimit: Int = 300, commandTimeoutSeconds: Double = 30, slurmConf: String? = nil,
                sshOptions: [String] = [], accounting: Accounting = .auto)
    {
        self.name = name; self.host = host; self.partition = partition; self.account = account; self.qos = qos
        self.nodes = nodes; self.ntasks = ntasks; self.cpusPerTask = cpusPerTask; self.time = time
        self.memory = memory; self.modules = modules; self.vaspCommand = vaspCommand
        self.maxQueuedJobs = maxQueuedJobs; self.signalSecondsBeforeLimit = signalSecondsBeforeLimit
        self.commandTimeoutSeconds = commandTimeoutSeconds; self.slurmConf = slurmConf
        self.sshOptions = sshOptions; self.accounting = accounting
    }

    /// The transport for `host`: `LocalTransport` for `local`, else `SSHTransport`.
    public func makeTransport() -> any Transport {
        let env = slurmConf.map { ["SLURM_CONF": $0] } ?? [:]
        if isLocal { return LocalTransport(environment: env) }
        return SSHTransport(host: host, options: sshOptions, remoteEnvironment: env)
    }

    /// `cluster/NAME.yaml` from Adhere's resources (see `ResourceLocator`).
    public static func named(_ name: String) throws(ClusterProfileError) -> ClusterProfile {
        try load(path: path(named: name))
    }

    /// The path of `cluster/NAME.yaml` in Adhere's resources.
    public static func path(named name: String) -> String { ResourceLocator.cluster("\(name).yaml").path }

    /// True when `choice` names a file (has a `/` or ends in `.yaml`/`.yml`) rather than a profile NAME.
    public static func isPath(_ choice: String) -> Bool {
        choice.hasSuffix(".yaml") || choice.hasSuffix(".yml") || choice.contains("/")
    }

    /// Reads a profile file; the name is the file name without extension.
    public static func load(path: String) throws(ClusterProfileError) -> ClusterProfile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(file: path, detail: error.localizedDescription)
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(yaml: text, name: name, file: path)
    }

    /// Parses profile YAML. Unknown keys, wrong types and impossible values are errors naming the
    /// file, the line and what was expected.
    public static func parse(yaml: String, name: String, file: String = "<profile>") throws(ClusterProfileError) -> ClusterProfile {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw .invalidYAML(file: file, detail: "\(error)")
        }
        guard let mapping = root?.mapping else {
            throw .wrongType(file: file, line: root.map(line) ?? 1, key: "(top level)", expected: "a mapping of settings")
        }
        var p = ClusterProfile(name: name, vaspCommand: "")
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw .wrongType(file: file, line: line(keyNode), key: "(key)", expected: "a text key")
            }
            guard seen.insert(key).inserted else {
                throw .invalidValue(file: file, line: line(keyNode), key: key, value: key, expected: "each key once")
            }
            let at = line(value)
            func text() throws(ClusterProfileError) -> String {
                guard let s = value.scalar?.string else { throw .wrongType(file: file, line: at, key: key, expected: "text") }
                return s
            }
            func optionalText() throws(ClusterProfileError) -> String? {
                if value.scalar != nil, value.null != nil { return nil }
                let s = try text()
                return s.isEmpty ? nil : s
            }
            func positive() throws(ClusterProfileError) -> Int {
                guard let n = value.int, (1...1_000_000).contains(n) else {
                    throw .wrongType(file: file, line: at, key: key, expected: "a whole number in 1…1000000")
                }
                return n
            }
            func list() throws(ClusterProfileError) -> [String] {
                if value.null != nil { return [] }
                guard let seq = value.sequence else { throw .wrongType(file: file, line: at, key: key, expected: "a list of text") }
                var out: [String] = []
                for item in seq {
                    guard let s = item.scalar?.string else { throw .wrongType(file: file, line: line(item), key: key, expected: "text items") }
                    out.append(s)
                }
                return out
            }
            switch key {
            case "host": p.host = try text()
            case "partition": p.partition = try optionalText()
            case "account": p.account = try optionalText()
            case "qos": p.qos = try optionalText()
            case "nodes": p.nodes = try positive()
            case "ntasks": p.ntasks = try positive()
            case "cpus_per_task": p.cpusPerTask = try positive()
            case "time": p.time = try text()
            case "memory": p.memory = try optionalText()
            case "modules": p.modules = try list()
            case "vasp_command": p.vaspCommand = try text()
            case "max_queued_jobs": p.maxQueuedJobs = try positive()
            case "signal_seconds_before_limit": p.signalSecondsBeforeLimit = try positive()
            case "command_timeout_seconds":
                guard let d = value.float, d.isFinite, d > 0, d <= 3600 else {
                    throw .wrongType(file: file, line: at, key: key, expected: "seconds in (0, 3600]")
                }
                p.commandTimeoutSeconds = d
            case "slurm_conf": p.slurmConf = try optionalText()
            case "ssh_options": p.sshOptions = try list()
            case "work_dir":
                p.workDir = try optionalText().map(RemoteWorkRoot.init)
                if let root = p.workDir {
                    // The cluster's $USER/$HOME are not known yet: check the form with placeholders.
                    do { _ = try root.expanded(user: "u", home: "/h") } catch {
                        throw .invalidValue(file: file, line: at, key: key, value: root.configured,
                                            expected: "an absolute path on the cluster; only $USER, $HOME and a leading ~ are expanded")
                    }
                }
            case "remote_cleanup":
                let s = try text()
                guard let policy = RemoteCleanupPolicy(rawValue: s) else {
                    throw .invalidValue(file: file, line: at, key: key, value: s,
                                        expected: RemoteCleanupPolicy.allCases.map(\.rawValue).joined(separator: ", "))
                }
                p.remoteCleanup = policy
            case "accounting":
                let s = value.scalar?.string ?? ""
                // YAML 1.1 readers turn yes/no into booleans; accept both spellings.
                switch s.lowercased() {
                case "auto": p.accounting = .auto
                case "yes", "true": p.accounting = .yes
                case "no", "false": p.accounting = .no
                default: throw .wrongType(file: file, line: at, key: key, expected: "auto, yes or no")
                }
            default:
                throw .unknownKey(file: file, line: line(keyNode), key: key, known: knownKeys)
            }
            try p.check(key: key, file: file, line: at)
        }
        for required in ["host", "vasp_command", "time"] where !seen.contains(required) {
            throw .missingKey(file: file, key: required)
        }
        return p
    }

    /// The keys a profile file may have.
    public static let knownKeys = [
        "host", "partition", "account", "qos", "nodes", "ntasks", "cpus_per_task", "time", "memory", "modules",
        "vasp_command", "max_queued_jobs", "signal_seconds_before_limit", "command_timeout_seconds", "slurm_conf",
        "ssh_options", "accounting", "work_dir", "remote_cleanup",
    ]

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }  // Yams marks are 1-based

    /// Value checks for one key, after it was read.
    private func check(key: String, file: String, line: Int) throws(ClusterProfileError) {
        func bad(_ value: String, _ expected: String) -> ClusterProfileError {
            .invalidValue(file: file, line: line, key: key, value: value, expected: expected)
        }
        switch key {
        case "host":
            if host.isEmpty || host.hasPrefix("-") || host.contains(where: { $0.isWhitespace }) {
                throw bad(host, "`local` or an ssh host alias (no spaces, not starting with -)")
            }
        case "partition", "account", "qos":
            let v = [("partition", partition), ("account", account), ("qos", qos)].first { $0.0 == key }!.1
            if let v, !Self.isSlurmName(v) { throw bad(v, "a Slurm name (letters, digits, _ . -)") }
        case "time":
            if !Self.isSlurmTime(time) { throw bad(time, "a Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS") }
        case "memory":
            if let m = memory, !Self.isSlurmMemory(m) { throw bad(m, "a size like 4G, 1500M or 2T") }
        case "modules":
            if let m = modules.first(where: { $0.isEmpty || $0.contains("\n") }) { throw bad(m, "module names on one line") }
        case "vasp_command":
            if vaspCommand.trimmed.isEmpty { throw bad(vaspCommand, "a command, e.g. `srun vasp_std`") }
        default: break
        }
    }

    static func isSlurmName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ($0.properties.isASCIIHexDigit || $0.properties.isAlphabetic && $0.isASCII) || "_.-0123456789".unicodeScalars.contains($0) }
    }

    static func isSlurmTime(_ s: String) -> Bool {
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        let dayParts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard dayParts.count <= 2 else { return false }
        if dayParts.count == 2 {
            guard digits(dayParts[0]) else { return false }
            let rest = dayParts[1].split(separator: ":", omittingEmptySubsequences: false)
            return (1...3).contains(rest.count) && rest.allSatisfy(digits)
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        return (1...3).contains(parts.count) && parts.allSatisfy(digits)
    }

    static func isSlurmMemory(_ s: String) -> Bool {
        var body = Substring(s)
        if let last = body.last, "KMGTkmgt".contains(last) { body = body.dropLast() }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// Problems in a cluster profile file.
public enum ClusterProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, detail: String)
    case invalidYAML(file: String, detail: String)
    case unknownKey(file: String, line: Int, key: String, known: [String])
    case missingKey(file: String, key: String)
    case wrongType(file: String, line: Int, key: String, expected: String)
    case invalidValue(file: String, line: Int, key: String, value: String, expected: String)

    public var description: String { "\(location): \(message)" }

    /// `file:line` (or `file`) of the problem.
    public var location: String {
        switch self {
        case let .unreadable(file, _), let .invalidYAML(file, _), let .missingKey(file, _): return file
        case let .unknownKey(file, line, _, _), let .wrongType(file, line, _, _), let .invalidValue(file, line, _, _, _):
            return "\(file):\(line)"
        }
    }

    /// The problem without its location (and without an `error:` prefix).
    public var message: String {
        switch self {
        case let .unreadable(_, detail): return "cannot read cluster profile: \(detail)"
        case let .invalidYAML(_, detail): return "not valid YAML: \(detail)"
        case let .unknownKey(_, _, key, known): return "unknown key `\(key)`" + KeySuggestion.hint(for: key, in: known)
        case let .missingKey(_, key): return "missing key `\(key)`"
        case let .wrongType(_, _, key, expected): return "`\(key)`: expected \(expected)"
        case let .invalidValue(_, _, key, value, expected): return "`\(key)` is \(value.debugDescription); expected \(expected)"
        }
    }
}
