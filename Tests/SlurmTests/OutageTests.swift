import Foundation
import Testing
import TestSupport
@testable import Slurm

/// Controller outage on a second, private cluster (own root, ports 6837/6838, no cgroups) so
/// that stopping its slurmctld disturbs nobody else's jobs. Started and stopped with the
/// project's own cluster/local scripts.
@Suite(.serialized, .exclusiveCluster, .enabled(if: LocalSlurm.reachable, Comment(rawValue: LocalSlurm.missingMessage)))
struct OutageTests {
    static let root = "/tmp/adhere-slurm-outage"
    static let env = ["ADHERE_SLURM_ROOT": root, "ADHERE_SLURM_CTLD_PORT": "6837", "ADHERE_SLURM_SLURMD_PORT": "6838",
                      "ADHERE_SLURM_PROCTRACK": "linuxproc", "ADHERE_SLURM_CPUS": "2"]

    static func script(_ name: String, _ args: [String] = []) -> (status: Int32, stdout: String, stderr: String) {
        Fixtures.run("/bin/bash", [Fixtures.project("cluster/local/\(name)")] + args, environment: env)
    }

    @Test func controllerDownFailsFastWithTypedErrorAndJobsAreFoundAfterRestart() async throws {
        let start = Self.script("start-slurm.sh")
        try #require(start.status == 0, "second cluster did not start: \(start.stderr)")
        defer { _ = Self.script("stop-slurm.sh", ["--purge"]) }
        let conf = Self.root + "/etc/slurm.conf"
        let client = SlurmClient(transport: LocalTransport(environment: ["SLURM_CONF": conf]), timeoutSeconds: 20,
                                 pingTimeoutSeconds: 3, accounting: .no)
        try await client.ping()
        let dir = try Fixtures.temporaryDirectory("slurm-outage")
        var profile = Cluster.profile("sleep 30")
        profile.slurmConf = conf
        let calc = Cluster.calcID("outage")
        let id = try await client.submit(JobSpec(calculationID: calc, folder: dir.path, profile: profile))

        // Stop slurmctld (only ours: pid file under the private root).
        let pid = try #require(Int32(String(contentsOfFile: Self.root + "/run/slurmctld.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGTERM)
        // slurmctld saves its state before it exits: give a loaded machine time for that.
        let stopped = try await Poll.until(seconds: 60) { kill(pid, 0) != 0 }
        try #require(stopped, "slurmctld (pid \(pid)) did not stop")

        let t0 = Date()
        do {
            try await client.ping()
            Issue.record("ping succeeded with slurmctld stopped")
        } catch {
            guard case .controllerUnreachable = error else { Issue.record("expected controllerUnreachable, got \(error)"); return }
            #expect(error.description.contains("slurmctld"))
        }
        print("outage: ping failed after \(String(format: "%.1f", Date().timeIntervalSince(t0))) s (pingTimeoutSeconds 3)")
        do {
            _ = try await client.poll([id])
            Issue.record("poll succeeded with slurmctld stopped")
        } catch {
            guard case .controllerUnreachable = error else { Issue.record("poll: expected controllerUnreachable, got \(error)"); return }
        }
        do {
            _ = try await client.submit(script: "#!/bin/bash\ntrue\n", calculationID: Cluster.calcID("outage2"), folder: dir.path)
            Issue.record("sbatch succeeded with slurmctld stopped")
        } catch {
            guard case .controllerUnreachable = error else { Issue.record("sbatch: expected controllerUnreachable, got \(error)"); return }
        }

        // Restart: the job submitted before the outage is still there, found by id and by calculation id.
        let again = Self.script("start-slurm.sh")
        try #require(again.status == 0, "restart failed: \(again.stderr)")
        try await client.ping()
        let poll = try await client.poll([id])
        #expect(poll.jobs[id] != nil)
        #expect(try await client.jobs(calculationIDs: [calc]).map(\.jobID) == [id])
        try await client.cancel([id])
    }

    @Test func nodeDownEndsNodeFailForANonRequeueableJob() async throws {
        let start = Self.script("start-slurm.sh")
        try #require(start.status == 0, "second cluster did not start: \(start.stderr)")
        defer { _ = Self.script("stop-slurm.sh", ["--purge"]) }
        let conf = Self.root + "/etc/slurm.conf"
        let client = SlurmClient(transport: LocalTransport(environment: ["SLURM_CONF": conf]), timeoutSeconds: 20, accounting: .no)
        let dir = try Fixtures.temporaryDirectory("slurm-nodefail")
        var profile = Cluster.profile("sleep 60")
        profile.slurmConf = conf
        let spec = JobSpec(calculationID: Cluster.calcID("nodefail"), folder: dir.path, profile: profile)
        let id = try await client.submit(script: JobScript.render(spec), calculationID: spec.calculationID, folder: dir.path,
                                         extraArguments: ["--no-requeue"])
        _ = try await Cluster.waitFor(client, id) { $0.state == "RUNNING" }
        // Take this private cluster's node down (its own controller only), as a dead node would be.
        let node = Fixtures.run("/usr/bin/hostname", ["-s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let down = Fixtures.run("/usr/bin/scontrol", ["update", "nodename=\(node)", "state=down", "reason=adhere-test"],
                                environment: ["SLURM_CONF": conf])
        try #require(down.status == 0, "scontrol update failed: \(down.stderr)")
        let final = try await Cluster.waitForEnd(client, id, seconds: 120)
        #expect(final?.outcome == .nodeFail)
        _ = Fixtures.run("/usr/bin/scontrol", ["update", "nodename=\(node)", "state=resume"], environment: ["SLURM_CONF": conf])
    }

    @Test func higherTierJobPreemptsALowerOne() async throws {
        let start = Self.script("start-slurm.sh")
        try #require(start.status == 0, "second cluster did not start: \(start.stderr)")
        defer { _ = Self.script("stop-slurm.sh", ["--purge"]) }
        let conf = Self.root + "/etc/slurm.conf"
        let client = SlurmClient(transport: LocalTransport(environment: ["SLURM_CONF": conf]), timeoutSeconds: 20, accounting: .no)
        let dir = try Fixtures.temporaryDirectory("slurm-preempt")
        // Both jobs want both CPUs of this 2-CPU cluster; `urgent` has the higher PriorityTier
        // and PreemptMode=CANCEL, so the running debug job is preempted.
        var low = Cluster.profile("sleep 120")
        low.slurmConf = conf
        low.cpusPerTask = 2
        var high = low
        high.partition = "urgent"
        high.vaspCommand = "true"
        let victim = try await client.submit(JobSpec(calculationID: Cluster.calcID("victim"), folder: dir.path, profile: low))
        _ = try await Cluster.waitFor(client, victim) { $0.state == "RUNNING" }
        let urgent = try await client.submit(JobSpec(calculationID: Cluster.calcID("urgent"), folder: dir.path, profile: high))
        #expect(try await Cluster.waitForEnd(client, victim)?.outcome == .preempted)
        #expect(try await Cluster.waitForEnd(client, urgent)?.outcome == .completed)
    }
}
