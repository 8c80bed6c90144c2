import Subprocess
#if canImport(Glibc)
import Glibc
#endif
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Where transfer commands run: the argv that runs `arguments` on the cluster's login node —
/// through the same ssh ControlMaster socket as the scheduler commands (`SSHTransport`), or on
/// this machine (`LocalTransport`, a work root that is only another folder).
public protocol StagingChannel: Sendable {
    /// A short name for messages (the ssh alias, "local").
    var hostDescription: String { get }
    /// The local argv that runs `arguments` (program first) on the cluster side.
    func channelArguments(for arguments: [String]) throws(SlurmError) -> [String]
    /// True when exit status 255 means the connection failed (ssh), not the command.
    var statusMeansConnectionLost: Int32? { get }
}

extension SSHTransport: StagingChannel {
    public func channelArguments(for arguments: [String]) throws(SlurmError) -> [String] {
        if !Self.makePrivateDirectory(controlDirectory) {
            throw .launchFailed(command: "ssh", detail: "cannot create control socket folder \(controlDirectory)")
        }
        return sshArguments(for: arguments)
    }

    public var statusMeansConnectionLost: Int32? { 255 }
}

extension LocalTransport: StagingChannel {
    public func channelArguments(for arguments: [String]) throws(SlurmError) -> [String] { arguments }
    public var statusMeansConnectionLost: Int32? { nil }
}

/// Runs one command with standard input read from a file and standard output written to a
/// file (byte streams such as tar archives never pass through a Swift `String`), under coreutils
/// `timeout` so that a stalled connection cannot hang Adhere.
enum StreamingCommand {
    struct Outcome {
        /// Exit status; 128 + N when killed by signal N; 124 or 137 after the time limit.
        var status: Int32
        var stderr: String
        var timedOut: Bool { status == 124 || status == 137 }
    }

    /// Runs `arguments`; `inputPath` nil reads /dev/null, `outputPath` nil discards the output.
    static func run(_ arguments: [String], inputPath: String?, outputPath: String?,
                    timeoutSeconds: Double) async throws(StagingError) -> Outcome {
        signal(SIGPIPE, SIG_IGN)
        let argv = ["--kill-after=2", timeoutArgument(timeoutSeconds)] + arguments
        do {
            let input = try FileDescriptor.open(FilePath(inputPath ?? "/dev/null"), .readOnly)
            defer { try? input.close() }
            let output = try FileDescriptor.open(FilePath(outputPath ?? "/dev/null"), .writeOnly,
                                                 options: [.create, .truncate], permissions: [.ownerReadWrite])
            defer { try? output.close() }
            let result = try await Subprocess.run(
                .path(FilePath("/usr/bin/timeout")), arguments: Arguments(argv),
                input: .fileDescriptor(input, closeAfterSpawningProcess: false),
                output: .fileDescriptor(output, closeAfterSpawningProcess: false),
                error: .string(limit: 1 << 20))
            let status: Int32
            switch result.terminationStatus {
            case let .exited(code): status = Int32(code)
            case let .signaled(signal): status = 128 + Int32(signal)
            }
            return Outcome(status: status, stderr: result.standardError)
        } catch {
            throw .localFileSystem(path: arguments.first ?? "", detail: "cannot run: \(error)")
        }
    }
}
