import Logging
import Synchronization

/// Talks to one cluster's Slurm through a `Transport`: submit, poll, find, final states, cancel,
/// site limits. Every call has a time limit; failures are `SlurmError`s, never crashes.
///
/// Polling costs one `squeue` call whatever the number of jobs (`poll(_:)`); `squeueCalls`
/// counts them for the benchmark.
public final class SlurmClient: Sendable {
    public let transport: any Transport
    /// Seconds any one command may take (the profile's `commandTimeoutSeconds`).
    public let timeoutSeconds: Double
    /// Seconds allowed for the liveness check (`ping`), short so an outage is reported fast.
    public let pingTimeoutSeconds: Double
    /// Where final states come from.
    public let accounting: ClusterProfile.Accounting
    private let counters = Mutex(Counters())
    private let logger = Logger(label: "adhere.slurm")

    private struct Counters { var squeue = 0, sbatch = 0, other = 0, siteLimits: SiteLimits? }

    public init(transport: any Transport, timeoutSeconds: Double = 30, pingTimeoutSeconds: Double = 5,
                accounting: ClusterProfile.Accounting = .auto)
    {
        self.transport = transport
        self.timeoutSeconds = timeoutSeconds
        self.pingTimeoutSeconds = pingTimeoutSeconds
        self.accounting = accounting
    }

    /// A client for a profile's host, timeouts and accounting setting.
    public convenience init(profile: ClusterProfile) {
        self.init(transport: profile.makeTransport(), timeoutSeconds: profile.commandTimeoutSeconds,
                  accounting: profile.accounting)
    }

    /// Number of `squeue` invocations so far.
    public var squeueCalls: Int { counters.withLock { $0.squeue } }
    /// Number of `sbatch` invocations so far.
    public var sbatchCalls: Int { counters.withLock { $0.sbatch } }
    /// Number of other Slurm commands so far (`scontrol`, `sacct`, `scancel`, …).
    public var otherCalls: Int { counters.withLock { $0.other } }

    // MARK: Running commands

    /// Runs a Slurm command and turns failures into typed errors. `allowFailure` lets the caller
    /// read a non-zero result whose stderr was not recognised as an outage.
    func execute(_ arguments: [String], input: String? = nil, timeout: Double? = nil) async throws(SlurmError) -> CommandResult {
        let program = arguments[0]
        counters.withLock {
            switch program {
            case "squeue": $0.squeue += 1
            case "sbatch": $0.sbatch += 1
            default: $0.other += 1
            }
        }
        let limit = timeout ?? timeoutSeconds
        logger.debug("run", metadata: ["command": .string(ShellQuoting.commandLine(arguments))])
        let result = try await transport.run(arguments, input: input, timeoutSeconds: limit)
        if result.timedOut { throw .timedOut(command: program, seconds: limit) }
        if result.status != 0, let error = Self.classify(program: program, result: result) { throw error }
        return result
    }

    /// Recognises outages, overload and site limits in a failed command's stderr; nil for other failures.
    public static func classify(program: String, result: CommandResult) -> SlurmError? {
        let text = result.stderr
        let detail = text.split(separator: "\n").last.map { String($0).trimmed } ?? ""
        let lower = text.lowercased()
        if lower.contains("unable to contact slurm controller") || lower.contains("connection refused")
            && lower.contains("slurm") || lower.contains("unable to establish controller")
        {
            return .controllerUnreachable(command: program, detail: detail)
        }
        if lower.contains("resource temporarily unavailable") || lower.contains("temporarily unable")
            || lower.contains("socket timed out") || lower.contains("try again later")
            || lower.contains("slurmctld is busy") || lower.contains("rpc rate limit")
        {
            return .busy(command: program, detail: detail)
        }
        if lower.contains("job submit limit") || lower.contains("maxsubmitjobs") || lower.contains("submitjobslimit")
            || lower.contains("submit limit")
        {
            return .submitLimitReached(command: program, detail: detail)
        }
        return nil
    }

    /// Fails fast with `controllerUnreachable` when slurmctld does not answer within
    /// `pingTimeoutSeconds` (Slurm's own clients wait about 10 s before they give up).
    public func ping() async throws(SlurmError) {
        var result = CommandResult(status: 0, stdout: "", stderr: "")
        do {
            result = try await execute(["scontrol", "ping"], timeout: pingTimeoutSeconds)
        } catch {
            if case .timedOut = error {
                throw .controllerUnreachable(command: "scontrol ping", detail: "no answer within \(timeoutArgument(pingTimeoutSeconds)) s")
            }
            throw error
        }
        if result.status != 0 || result.stdout.contains("DOWN") {
            throw .controllerUnreachable(command: "scontrol ping", detail: (result.stdout + result.stderr).trimmed)
        }
    }

    // MARK: Submitting

    /// Submits a rendered job script (fed to `sbatch` on standard input) with the calculation id
    /// as job name and comment, running in `folder`. Returns Slurm's job id.
    /// Throws `.busy` / `.submitLimitReached` (retry later), `.timedOut` (the job may exist:
    /// reconcile with `jobs(calculationIDs:)` first), `.submitRejected` (fix the request).
    public func submit(script: String, calculationID: String, folder: String,
                       extraArguments: [String] = []) async throws(SlurmError) -> String
    {
        if calculationID.isEmpty || calculationID.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidArgument(name: "calculation id", value: calculationID, expected: "non-empty text without control characters")
        }
        let args = ["sbatch", "--parsable", "--job-name=\(calculationID)", "--comment=\(calculationID)", "--chdir=\(folder)"]
            + extraArguments
        let result = try await execute(args, input: script)
        guard result.status == 0 else {
            let lines = result.stderr.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }
            throw .submitRejected(detail: lines.joined(separator: "; "))
        }
        // --parsable prints `ID` or `ID;CLUSTER`.
        let first = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let id = first.split(separator: ";").first.map { String($0).trimmed } ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw .unparsableOutput(command: "sbatch --parsable", expected: "a job id", output: result.stdout)
        }
        return id
    }

    /// Renders the job script for `spec` and submits it, retrying with `backoff` while Slurm
    /// says it is busy. Never retries a timeout (the job may exist).
    public func submit(_ spec: JobSpec, templatePath: String = JobScript.defaultTemplatePath,
                       backoff: Backoff = Backoff()) async throws -> String
    {
        let script = try JobScript.render(spec, templatePath: templatePath)
        var retry = 0
        while true {
            do {
                return try await submit(script: script, calculationID: spec.calculationID, folder: spec.folder)
            } catch {
                guard Self.isBusy(error), retry < backoff.maxRetries else { throw error }
                retry += 1
                let wait = backoff.delaySeconds(beforeRetry: retry)
                logger.notice("slurm busy, retrying", metadata: ["retry": "\(retry)", "seconds": "\(wait)"])
                try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
            }
        }
    }

    private static func isBusy(_ error: SlurmError) -> Bool {
        if case .busy = error { return true }
        return false
    }

    // MARK: Watching

    /// What one poll learned: snapshots by job id, and the ids squeue no longer knows (finished
    /// and purged after MinJobAge, or never existed).
    public struct PollResult: Sendable, Equatable {
        public var jobs: [String: JobSnapshot]
        public var missing: [String]
    }

    /// The state of all `jobIDs` in ONE `squeue` call (`-t all`, so recently finished jobs are
    /// included). No call when `jobIDs` is empty.
    public func poll(_ jobIDs: [String]) async throws(SlurmError) -> PollResult {
        let ids = Array(Set(jobIDs)).sorted()
        if ids.isEmpty { return PollResult(jobs: [:], missing: []) }
        for id in ids where id.isEmpty || !id.allSatisfy({ $0.isNumber || $0 == "_" }) {
            throw .invalidArgument(name: "job id", value: id, expected: "digits (or ID_TASK)")
        }
        let result = try await execute(["squeue", "-h", "-t", "all", "-j", ids.joined(separator: ","), "-O", SlurmParsing.squeueFormat])
        var jobs: [String: JobSnapshot] = [:]
        if result.status != 0 {
            // With exactly one id that slurmctld no longer knows, squeue exits 1 ("Invalid job id
            // specified"); with two or more it leaves the unknown ones out and exits 0.
            guard result.stderr.contains("Invalid job id") else {
                throw .commandFailed(command: "squeue", status: result.status, stderr: result.stderr.trimmed)
            }
        } else {
            for s in try SlurmParsing.snapshots(squeueOutput: result.stdout) { jobs[s.jobID] = s }
        }
        return PollResult(jobs: jobs, missing: ids.filter { jobs[$0] == nil })
    }

    /// This user's queue in one listing: the jobs carrying one of `calculationIDs` as comment or
    /// name, and the user's load (for the submission budget).
    public struct Listing: Sendable, Equatable {
        /// Jobs carrying one of the ids, live or finished (sorted by job id).
        public var matching: [JobSnapshot]
        /// The user's jobs that may still run (all of them, not only Adhere's).
        public var userLiveJobs: Int
        /// The user's job records slurmctld holds, finished ones included.
        public var userJobRecords: Int
    }

    /// This user's jobs that carry one of `calculationIDs`, live or finished but still in
    /// slurmctld's memory (one `squeue` call), plus — where accounting exists — finished ones
    /// from `sacct` since `sacctSince` (Slurm time, e.g. `now-7days`).
    public func listing(calculationIDs: Set<String>, sacctSince: String = "now-14days") async throws(SlurmError) -> Listing {
        let result = try await execute(["squeue", "--me", "-h", "-t", "all", "-O", SlurmParsing.squeueFormat])
        guard result.status == 0 else {
            throw .commandFailed(command: "squeue", status: result.status, stderr: result.stderr.trimmed)
        }
        let all = try SlurmParsing.snapshots(squeueOutput: result.stdout)
        var found = all.filter { calculationIDs.contains($0.comment) || calculationIDs.contains($0.name) }
        if !calculationIDs.isEmpty, try await usesSacct() {
            let fields = "JobIDRaw,State,ExitCode,Reason,JobName,Comment"
            let r = try await execute(["sacct", "-X", "-n", "-P", "--delimiter=\(SlurmParsing.separator)", "-S", sacctSince,
                                       "-o", fields])
            if r.status == 0 {
                let known = Set(found.map(\.jobID))
                let more = try SlurmParsing.snapshots(squeueOutput: r.stdout)
                    .filter { !known.contains($0.jobID) && (calculationIDs.contains($0.comment) || calculationIDs.contains($0.name)) }
                found += more
            }
        }
        found.sort { ($0.jobID.count, $0.jobID) < ($1.jobID.count, $1.jobID) }
        return Listing(matching: found, userLiveJobs: all.filter { $0.phase.isLive }.count, userJobRecords: all.count)
    }

    /// The jobs of ``listing(calculationIDs:sacctSince:)``; none (and no call) for no ids.
    public func jobs(calculationIDs: Set<String>, sacctSince: String = "now-14days") async throws(SlurmError) -> [JobSnapshot] {
        if calculationIDs.isEmpty { return [] }
        return try await listing(calculationIDs: calculationIDs, sacctSince: sacctSince).matching
    }

    /// Records of these jobs in one call: `sacct` where accounting exists, else slurmctld's memory
    /// through `squeue -t all` (jobs stay there MinJobAge seconds after their end). Live jobs are
    /// included (`rawState` PENDING/RUNNING…, `isFinished` false, `outcome` `.unknown(state)`);
    /// ids Slurm no longer knows are absent ("finished, outcome unknown").
    public func outcomes(_ jobIDs: [String]) async throws(SlurmError) -> [String: JobFinalState] {
        let ids = Array(Set(jobIDs)).sorted()
        if ids.isEmpty { return [:] }
        var out: [String: JobFinalState] = [:]
        if try await usesSacct() {
            let r = try await execute(["sacct", "-X", "-n", "-P", "--delimiter=\(SlurmParsing.separator)",
                                       "-o", SlurmParsing.sacctFields, "-j", ids.joined(separator: ",")])
            guard r.status == 0 else { throw .commandFailed(command: "sacct", status: r.status, stderr: r.stderr.trimmed) }
            for f in try SlurmParsing.finalStates(sacctOutput: r.stdout) { out[f.jobID] = f }
        } else {
            // squeue -t all reads the same slurmctld record as `scontrol show job` (kept MinJobAge
            // seconds after the end) but filtered to these ids and with the exit status: one call.
            let poll = try await poll(ids)
            for (id, snap) in poll.jobs {
                let (e, sig) = snap.exitCodeAndSignal
                out[id] = JobFinalState(jobID: id, rawState: snap.state, reason: snap.reason, exitCode: e, signal: sig)
            }
        }
        return out
    }

    /// One job's record from `scontrol -o show job ID` (slurmctld's memory, MinJobAge seconds
    /// after the end); nil when slurmctld no longer knows the id.
    public func scontrolRecord(_ jobID: String) async throws(SlurmError) -> JobFinalState? {
        guard !jobID.isEmpty, jobID.allSatisfy({ $0.isNumber || $0 == "_" }) else {
            throw .invalidArgument(name: "job id", value: jobID, expected: "digits (or ID_TASK)")
        }
        let r = try await execute(["scontrol", "-o", "show", "job", jobID])
        if r.status != 0 {
            if r.stderr.contains("Invalid job id") { return nil }
            throw .commandFailed(command: "scontrol show job", status: r.status, stderr: r.stderr.trimmed)
        }
        return SlurmParsing.finalStates(scontrolOutput: r.stdout).first { $0.jobID == jobID }
    }

    /// Cancels jobs (one `scancel` call). Unknown or finished ids are not an error.
    public func cancel(_ jobIDs: [String]) async throws(SlurmError) {
        let ids = Array(Set(jobIDs)).sorted()
        if ids.isEmpty { return }
        for id in ids where id.isEmpty || !id.allSatisfy({ $0.isNumber || $0 == "_" }) {
            throw .invalidArgument(name: "job id", value: id, expected: "digits (or ID_TASK)")
        }
        let r = try await execute(["scancel"] + ids)
        if r.status != 0 { throw .commandFailed(command: "scancel", status: r.status, stderr: r.stderr.trimmed) }
    }

    // MARK: Site

    /// True when final states should come from sacct (profile says so, or the cluster has
    /// AccountingStorageType other than none). Asked once, then remembered.
    public func usesSacct() async throws(SlurmError) -> Bool {
        switch accounting {
        case .yes: return true
        case .no: return false
        case .auto:
            return try await siteLimits().accountingEnabled
        }
    }

    /// Limits that bound how much Adhere may submit: from `scontrol show config` and the user's
    /// association and QOS (`sacctmgr`, where accounting exists). Asked once per client, then
    /// remembered (the user's load comes from each ``listing(calculationIDs:sacctSince:)``).
    public func siteLimits(qos: String? = nil) async throws(SlurmError) -> SiteLimits {
        if let known = counters.withLock({ $0.siteLimits }) { return known }
        let r = try await execute(["scontrol", "show", "config"])
        guard r.status == 0 else { throw .commandFailed(command: "scontrol show config", status: r.status, stderr: r.stderr.trimmed) }
        var limits = SiteLimits(config: SlurmParsing.config(r.stdout))
        if limits.accountingEnabled {
            let who = try? await execute(["id", "-un"])
            let user = who?.stdout.trimmed ?? ""
            let a = user.isEmpty ? nil : try? await execute(["sacctmgr", "-n", "-P", "show", "assoc", "where", "user=\(user)",
                                                              "format=MaxSubmit,MaxJobs"])
            if let a, a.status == 0, let line = a.stdout.split(separator: "\n").first {
                let f = line.split(separator: "|", omittingEmptySubsequences: false)
                limits.maxSubmitJobsPerUser = f.first.flatMap { Int($0) }
                limits.maxRunningJobsPerUser = f.count > 1 ? Int(f[1]) : nil
            }
            if let qos {
                let b = try? await execute(["sacctmgr", "-n", "-P", "show", "qos", qos, "format=MaxSubmitPU,MaxJobsPU"])
                if let b, b.status == 0, let line = b.stdout.split(separator: "\n").first {
                    let f = line.split(separator: "|", omittingEmptySubsequences: false)
                    if let n = f.first.flatMap({ Int($0) }) { limits.maxSubmitJobsPerUser = min(n, limits.maxSubmitJobsPerUser ?? n) }
                }
            }
        }
        let found = limits
        counters.withLock { $0.siteLimits = found }
        return limits
    }
}
