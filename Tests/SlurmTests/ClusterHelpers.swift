import Foundation
import Testing
import TestSupport
@testable import Slurm

/// Shared set-up for tests against the local cluster (cluster/local/start-slurm.sh).
enum Cluster {
    static func client(timeout: Double = 20) -> SlurmClient {
        SlurmClient(transport: LocalTransport(environment: LocalSlurm.environment), timeoutSeconds: timeout, accounting: .no)
    }

    /// A profile for short test jobs on the local cluster.
    static func profile(_ command: String, time: String = "00:02:00", memory: String? = "128M", partition: String = "debug") -> ClusterProfile {
        ClusterProfile(name: "test", partition: partition, time: time, memory: memory, vaspCommand: command,
                       signalSecondsBeforeLimit: 60, slurmConf: LocalSlurm.slurmConf, accounting: .no)
    }

    /// A unique calculation id (so that reconciliation searches see only this test's jobs).
    static func calcID(_ tag: String) -> String { "test-\(tag)-\(UUID().uuidString.prefix(8))" }

    /// Polls until the job is finished (or `seconds` pass), then returns its final record.
    static func waitForEnd(_ client: SlurmClient, _ id: String, seconds: Double = 240) async throws -> JobFinalState? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let poll = try await client.poll([id])
            if let snap = poll.jobs[id], case .finished = snap.phase { break }
            if poll.missing.contains(id) { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        return try await client.outcomes([id])[id]
    }

    /// Waits until `predicate` holds for the job's snapshot.
    static func waitFor(_ client: SlurmClient, _ id: String, seconds: Double = 120, _ predicate: (JobSnapshot) -> Bool) async throws -> JobSnapshot? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let s = try await client.poll([id]).jobs[id], predicate(s) { return s }
            try await Task.sleep(for: .milliseconds(300))
        }
        return nil
    }
}
