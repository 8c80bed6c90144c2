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
        try await Poll.until(seconds: seconds, every: 0.3) {
            let poll = try await client.poll([id])
            if let snap = poll.jobs[id], case .finished = snap.phase { return true }
            return poll.missing.contains(id)
        }
        return try await client.outcomes([id])[id]
    }

    /// Waits until `predicate` holds for the job's snapshot.
    static func waitFor(_ client: SlurmClient, _ id: String, seconds: Double = 120, _ predicate: (JobSnapshot) -> Bool) async throws -> JobSnapshot? {
        let last = try await Poll.until(seconds: seconds, every: 0.3, { try await client.poll([id]).jobs[id] },
                                        satisfies: { $0.map(predicate) ?? false })
        return last.flatMap { predicate($0) ? $0 : nil }
    }
}
