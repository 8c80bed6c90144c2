import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
/// Runs commands on a remote submit host with the system `ssh` (keys and host aliases from the
/// user's ssh configuration), non-interactively (`BatchMode=yes`) and over one shared connection
/// (`ControlMaster=auto`, `ControlPersist`), so that a poll costs no new handshake.
/// The remote command is one line of single-quoted words (`ShellQuoting`).
public struct SSHTransport: Transport {
    /// The ssh destination: a host alias from ~/.ssh/config, or `user@host`.
    public var host: String
    /// Extra ssh options placed before the destination (e.g. `["-p", "2222", "-i", key]`).
    public var options: [String]
    /// Variables set for the remote command (`env NAME=value ...`), e.g. `SLURM_CONF`.
    public var remoteEnvironment: [String: String]
    /// Folder for the control sockets (created 0700 when missing).
    public var controlDirectory: String
    /// Seconds the shared connection stays open after the last command.
    public var controlPersistSeconds: Int
    /// Seconds allowed for the TCP connection.
    public var connectTimeoutSeconds: Int
    /// How `ssh` itself is started (local environment, timeouts).
    var local: LocalTransport

    public init(host: String, options: [String] = [], remoteEnvironment: [String: String] = [:],
                controlDirectory: String? = nil, controlPersistSeconds: Int = 300, connectTimeoutSeconds: Int = 10)
    {
        self.host = host
        self.options = options
        self.remoteEnvironment = remoteEnvironment
        self.controlDirectory = controlDirectory ?? "/tmp/adhere-ssh-\(getuid())"
        self.controlPersistSeconds = controlPersistSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.local = LocalTransport()
    }

    public var hostDescription: String { host }

    /// The full `ssh` argv for a remote command (exposed for tests and `--dry-run`).
    public func sshArguments(for arguments: [String]) -> [String] {
        var remote: [String] = []
        if !remoteEnvironment.isEmpty {
            remote.append("env")
            for key in remoteEnvironment.keys.sorted() { remote.append("\(key)=\(remoteEnvironment[key]!)") }
        }
        remote += arguments
        return ["ssh", "-o", "BatchMode=yes", "-o", "ControlMaster=auto",
                "-o", "ControlPath=\(controlDirectory)/%C", "-o", "ControlPersist=\(controlPersistSeconds)",
                "-o", "ConnectTimeout=\(connectTimeoutSeconds)", "-o", "ServerAliveInterval=15"]
            + options + ["--", host, ShellQuoting.commandLine(remote)]
    }

    public func run(_ arguments: [String], input: String?, timeoutSeconds: Double) async throws(SlurmError) -> CommandResult {
        try ensureControlDirectory()
        let result = try await local.run(sshArguments(for: arguments), input: input,
                                         timeoutSeconds: timeoutSeconds + Double(connectTimeoutSeconds))
        if result.status == 255 && !result.timedOut {
            throw .transportFailed(host: host, detail: result.stderr.trimmed)
        }
        return result
    }

    private func ensureControlDirectory() throws(SlurmError) {
        if !Self.makePrivateDirectory(controlDirectory) {
            throw .launchFailed(command: "ssh", detail: "cannot create control socket folder \(controlDirectory)")
        }
    }
}

extension SSHTransport {
    /// Creates `path` with mode 0700 if missing; true when it is a directory afterwards.
    static func makePrivateDirectory(_ path: String) -> Bool {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false,
                                                 attributes: [.posixPermissions: 0o700])
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
