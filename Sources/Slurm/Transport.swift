/// What running one command on the submit host produced.
public struct CommandResult: Sendable, Equatable {
    /// Exit status; 128 + N when killed by signal N.
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the command was stopped because it exceeded its time limit.
    public var timedOut: Bool

    public init(status: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
    }
}

/// Runs Slurm's client programs on the submit host: this machine (`LocalTransport`) or another
/// one over ssh (`SSHTransport`). Arguments are an argv array, never shell text.
public protocol Transport: Sendable {
    /// A short name for messages ("local", the ssh alias).
    var hostDescription: String { get }
    /// Runs `arguments` (program first), feeding `input` on standard input, stopping it after
    /// `timeoutSeconds`. Throws `SlurmError.launchFailed` / `.transportFailed` only when the
    /// command could not be run at all; a non-zero exit is a normal result.
    func run(_ arguments: [String], input: String?, timeoutSeconds: Double) async throws(SlurmError) -> CommandResult
}
