/// Everything that can go wrong talking to Slurm, typed so that callers can decide: retry later
/// (`busy`), reconcile before resubmitting (`timedOut` during sbatch), stop and tell the user
/// (`controllerUnreachable`, `transportFailed`, `submitRejected`).
public enum SlurmError: Error, Equatable, Sendable, CustomStringConvertible {
    /// slurmctld did not answer ("Unable to contact slurm controller"): the cluster is down or
    /// unreachable. Nothing was changed by the command.
    case controllerUnreachable(command: String, detail: String)
    /// The command did not finish within `seconds`. For `sbatch` the job MAY exist: find it by
    /// calculation id before submitting again.
    case timedOut(command: String, seconds: Double)
    /// The controller asked us to slow down (EAGAIN, "temporarily unable", socket timeouts):
    /// retry after a back-off.
    case busy(command: String, detail: String)
    /// A site limit on submitted jobs was reached (MaxSubmitJobs, QOS/association submit limit).
    case submitLimitReached(command: String, detail: String)
    /// sbatch refused the job (bad partition, account, QOS, memory, time, ...): do not retry as is.
    case submitRejected(detail: String)
    /// ssh could not reach or authenticate to the submit host (ssh exit status 255).
    case transportFailed(host: String, detail: String)
    /// A program could not be started at all (not installed, not on PATH).
    case launchFailed(command: String, detail: String)
    /// Any other non-zero exit.
    case commandFailed(command: String, status: Int32, stderr: String)
    /// The output did not have the expected shape.
    case unparsableOutput(command: String, expected: String, output: String)
    /// An argument Adhere refuses to send (e.g. a calculation id with a newline).
    case invalidArgument(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .controllerUnreachable(command, detail):
            return "Slurm controller unreachable (\(command)): \(detail) — is slurmctld running? (local cluster: bash cluster/local/start-slurm.sh)"
        case let .timedOut(command, seconds):
            return "\(command) did not answer within \(Self.format(seconds)) s (a submission may still have been created; Adhere reconciles by calculation id)"
        case let .busy(command, detail):
            return "Slurm is busy (\(command)): \(detail); retry later"
        case let .submitLimitReached(command, detail):
            return "site limit on submitted jobs reached (\(command)): \(detail)"
        case let .submitRejected(detail):
            return "sbatch rejected the job: \(detail)"
        case let .transportFailed(host, detail):
            return "ssh to \(host) failed: \(detail)"
        case let .launchFailed(command, detail):
            return "cannot run \(command): \(detail)"
        case let .commandFailed(command, status, stderr):
            return "\(command) exited with status \(status): \(stderr)"
        case let .unparsableOutput(command, expected, output):
            return "\(command): expected \(expected), got \(output.debugDescription)"
        case let .invalidArgument(name, value, expected):
            return "invalid \(name) \(value.debugDescription): expected \(expected)"
        }
    }

    /// True for errors after which the same call may simply be retried later.
    public var isRetryable: Bool {
        switch self {
        case .busy, .controllerUnreachable, .transportFailed: return true
        default: return false
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
