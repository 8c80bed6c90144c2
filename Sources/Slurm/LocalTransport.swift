import Subprocess
#if canImport(Glibc)
import Glibc
#endif
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs commands on this machine through swift-subprocess, each under coreutils `timeout` so that
/// a hung client cannot hang Adhere (exit 124 = timed out).
public struct LocalTransport: Transport {
    /// Variables added to the inherited environment (e.g. `SLURM_CONF`).
    public var environment: [String: String]
    /// Largest standard output kept, in bytes.
    public var outputLimitBytes: Int

    public init(environment: [String: String] = [:], outputLimitBytes: Int = 64 << 20) {
        self.environment = environment
        self.outputLimitBytes = outputLimitBytes
    }

    public var hostDescription: String { "local" }

    public func run(_ arguments: [String], input: String?, timeoutSeconds: Double) async throws(SlurmError) -> CommandResult {
        guard let program = arguments.first else {
            throw .invalidArgument(name: "command", value: "", expected: "a program name")
        }
        // A client that exits before reading its input (ssh losing its link) must give an
        // error here, not kill Adhere with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let limit = timeoutArgument(timeoutSeconds)
        let argv = ["--kill-after=2", limit] + arguments
        var env: [Environment.Key: String?] = [:]
        for (k, v) in environment { env[Environment.Key(stringLiteral: k)] = v }
        do {
            // Standard input comes from a file, never a pipe: swift-subprocess traps ("FileDescriptor
            // was not closed") when a child exits before reading a piped input (its issue #367).
            let inputFile = try input.map { try Self.temporaryInputFile(holding: $0) }
            defer { if let inputFile { try? inputFile.path.close(); unlink(inputFile.name) } }
            let result = try await Subprocess.run(
                .path(FilePath("/usr/bin/timeout")), arguments: Arguments(argv),
                environment: .inherit.updating(env),
                input: inputFile.map { .fileDescriptor($0.path, closeAfterSpawningProcess: false) } ?? .fileDescriptor(try Self.devNull(), closeAfterSpawningProcess: true),
                output: .string(limit: outputLimitBytes), error: .string(limit: 1 << 20))
            let status: Int32
            switch result.terminationStatus {
            case let .exited(code): status = Int32(code)
            case let .signaled(signal): status = 128 + Int32(signal)
            }
            let stderr = result.standardError
            if status == 127 || status == 126, stderr.contains("timeout:") {
                throw SlurmError.launchFailed(command: program, detail: stderr.trimmed)
            }
            return CommandResult(status: status, stdout: result.standardOutput, stderr: stderr,
                                 timedOut: status == 124 || status == 137)
        } catch let error as SlurmError {
            throw error
        } catch {
            throw .launchFailed(command: program, detail: "\(error)")
        }
    }
}

extension LocalTransport {
    /// A file opened for reading that holds `text`, and its name (unlinked by the caller):
    /// created exclusively, mode 0600, under a random name in /tmp (swift-system's calls).
    static func temporaryInputFile(holding text: String) throws -> (path: FileDescriptor, name: String) {
        let name = "/tmp/adhere-stdin-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        do {
            let fd = try FileDescriptor.open(FilePath(name), .readWrite, options: [.create, .exclusiveCreate],
                                             permissions: [.ownerRead, .ownerWrite])
            do {
                _ = try fd.writeAll(Array(text.utf8))
                _ = try fd.seek(offset: 0, from: .start)
            } catch {
                try? fd.close()
                unlink(name)
                throw error
            }
            return (fd, name)
        } catch {
            throw SlurmError.launchFailed(command: "write \(name)", detail: "cannot create the standard-input file: \(error)")
        }
    }

    /// /dev/null opened for reading: commands that take no input get an immediate end of file.
    static func devNull() throws -> FileDescriptor {
        try FileDescriptor.open("/dev/null", .readOnly)
    }
}

/// Seconds as `timeout` accepts them ("5", "2.5").
func timeoutArgument(_ seconds: Double) -> String {
    let s = max(seconds, 0.1)
    return s == s.rounded() ? String(Int(s)) : String(s)
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
