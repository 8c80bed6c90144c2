import ArgumentParser
import Foundation
import Slurm

/// `adhere-bench slurm`: submitting and tracking many short jobs on the local Slurm through
/// `SlurmClient`, against the anchor `sbatch --parsable` in a bash loop (the least any tool can
/// spend per job). Prints per-job overhead and squeue calls per poll (must be 1).
struct SlurmBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Benchmark: submitting and tracking many jobs on the local Slurm.",
        discussion: "Needs the local cluster: bash cluster/local/start-slurm.sh (writes /tmp/adhere-slurm/env.sh).")

    @Option(help: "Jobs to submit, for Adhere and again for the raw sbatch anchor.")
    var count = 1000

    @Option(help: "slurm.conf of the cluster (default: SLURM_CONF, else the one in /tmp/adhere-slurm/env.sh).")
    var slurmConf: String?

    @Option(help: "Seconds between polls while tracking.")
    var pollIntervalSeconds = 1.0

    @Option(help: "Seconds to wait for all jobs to finish.")
    var waitSeconds = 900.0

    func run() async throws {
        guard let conf = slurmConf ?? Self.findSlurmConf() else {
            throw ValidationError("no slurm.conf: start the local cluster (bash cluster/local/start-slurm.sh) or pass --slurm-conf")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("adhere-bench-slurm-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let client = SlurmClient(transport: LocalTransport(environment: ["SLURM_CONF": conf]), timeoutSeconds: 60, accounting: .no)
        try await client.ping()
        print("adhere-bench slurm: \(count) jobs (`true`), cluster \(conf), output in \(work.path)")

        // Anchor: raw sbatch in a shell loop, half before and half after Adhere's run so that the
        // queue's growth and the scheduler's load weigh on both alike.
        let rawDir = work.appendingPathComponent("raw").path
        try FileManager.default.createDirectory(atPath: rawDir, withIntermediateDirectories: true)
        let local = LocalTransport(environment: ["SLURM_CONF": conf])
        func rawLoop(_ n: Int, _ tag: String) async throws -> Double {
            // The same rendered script Adhere submits, fed the same way (stdin), same options.
            let loop = "cd \(ShellQuoting.quote(rawDir)) && for i in $(seq \(n)); do sbatch --parsable --job-name=raw-\(tag)-$i --comment=raw-\(tag)-$i --chdir=. < job.sh >> ids.txt || exit 1; done"
            let t0 = Date()
            let r = try await local.run(["bash", "-c", loop], input: nil, timeoutSeconds: 3600)
            guard r.status == 0 else { throw ValidationError("raw sbatch loop failed: \(r.stderr)") }
            return Date().timeIntervalSince(t0)
        }
        let profile = ClusterProfile(name: "bench", partition: "debug", time: "00:05:00", memory: "64M", vaspCommand: "true",
                                     signalSecondsBeforeLimit: 60, slurmConf: conf, accounting: .no)
        try JobScript.render(JobSpec(calculationID: "raw", folder: rawDir, profile: profile))
            .write(toFile: rawDir + "/job.sh", atomically: true, encoding: .utf8)
        var rawSeconds = 0.0

        // Adhere: render the job template + sbatch through SlurmClient, one job after another.
        let jobsDir = work.appendingPathComponent("adhere").path
        try FileManager.default.createDirectory(atPath: jobsDir, withIntermediateDirectories: true)
        var ids: [String] = []
        ids.reserveCapacity(count)
        // Blocks of 50 alternate between the anchor and Adhere, so that both see the same
        // scheduler load (slurmctld is also starting the jobs already submitted).
        var submitSeconds = 0.0
        var submitCPUSeconds = 0.0
        var block = 0
        while ids.count < count {
            let n = min(50, count - ids.count)
            // Which goes first alternates too: the first of a pair meets the scheduler still
            // starting the previous pair's jobs.
            if block % 2 == 0 { rawSeconds += try await rawLoop(n, "\(block)") }
            let tSub0 = Date()
            let cpu0 = Self.ownCPUSeconds()
            for _ in 0..<n {
                ids.append(try await client.submit(JobSpec(calculationID: "bench-\(getpid())-\(ids.count)", folder: jobsDir, profile: profile)))
            }
            submitCPUSeconds += Self.ownCPUSeconds() - cpu0
            submitSeconds += Date().timeIntervalSince(tSub0)
            if block % 2 == 1 { rawSeconds += try await rawLoop(n, "\(block)") }
            block += 1
        }
        let rawIDs = try String(contentsOfFile: rawDir + "/ids.txt", encoding: .utf8).split(separator: "\n").map(String.init)

        // Tracking: one poll per interval until every job is finished; count squeue calls per poll.
        var polls = 0, pollSeconds = 0.0, maxPerPoll = 0
        var unfinished = Set(ids)
        let tTrack0 = Date()
        while !unfinished.isEmpty && Date().timeIntervalSince(tTrack0) < waitSeconds {
            let before = client.squeueCalls
            let t = Date()
            let result = try await client.poll(Array(unfinished))
            pollSeconds += Date().timeIntervalSince(t)
            polls += 1
            maxPerPoll = max(maxPerPoll, client.squeueCalls - before)
            for (id, snap) in result.jobs { if case .finished = snap.phase { unfinished.remove(id) } }
            for id in result.missing { unfinished.remove(id) }
            if !unfinished.isEmpty { try await Task.sleep(for: .milliseconds(Int(pollIntervalSeconds * 1000))) }
        }
        let trackSeconds = Date().timeIntervalSince(tTrack0)
        let tOut = Date()
        let finals = try await client.outcomes(ids)
        let outcomeSeconds = Date().timeIntervalSince(tOut)
        let completed = finals.values.filter { $0.outcome == .completed }.count
        try await client.cancel(Array(unfinished) + rawIDs)  // nothing left normally; cheap either way

        let perRawMS = rawSeconds / Double(count) * 1000
        let perAdhereMS = submitSeconds / Double(count) * 1000
        func f(_ x: Double, _ d: Int = 2) -> String { String(format: "%.\(d)f", x) }
        print("""
            submit   raw `sbatch < job.sh` bash loop (anchor, alternating blocks): \(f(rawSeconds)) s total, \(f(perRawMS)) ms/job
            submit   Adhere SlurmClient:                                   \(f(submitSeconds)) s total, \(f(perAdhereMS)) ms/job (render + sbatch under timeout)
            overhead Adhere − anchor:                                    \(f(perAdhereMS - perRawMS)) ms/job (\(f(perAdhereMS / perRawMS)) ×)
            track    \(polls) polls in \(f(trackSeconds)) s, mean \(f(pollSeconds / Double(max(polls, 1)) * 1000, 1)) ms/poll, squeue calls per poll: max \(maxPerPoll)
            cpu      Adhere's own CPU time while submitting (children excluded): \(f(submitCPUSeconds / Double(count) * 1000)) ms/job
            final    outcomes of \(count) jobs in one call (squeue -t all, no accounting here): \(f(outcomeSeconds * 1000, 1)) ms; COMPLETED \(completed)/\(count), unfinished \(unfinished.count)
            """)
        if maxPerPoll != 1 { throw ValidationError("squeue calls per poll was \(maxPerPoll), must be 1") }
    }

    /// User + system CPU seconds of this process (not its children).
    static func ownCPUSeconds() -> Double {
        var u = rusage()
        getrusage(0, &u)  // 0 = RUSAGE_SELF
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }

    static func findSlurmConf() -> String? {
        if let env = ProcessInfo.processInfo.environment["SLURM_CONF"], !env.isEmpty { return env }
        guard let text = try? String(contentsOfFile: "/tmp/adhere-slurm/env.sh", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("export SLURM_CONF=") }.map { String($0.dropFirst(18)) }
    }
}
