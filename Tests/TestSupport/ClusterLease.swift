import Foundation
import Testing

/// Keeps tests that use a Slurm cluster out of each other's way, across suites, test targets and
/// processes: ordinary cluster tests hold a shared lease on one lock file and run side by side;
/// tests that disturb Slurm (stopping a controller, taking a node down, preempting) or that
/// measure timings (the kill test) hold it exclusively and run alone.
///
/// Applied as a trait: `@Suite(.serialized, .sharedCluster)` or `.exclusiveCluster`.
public struct ClusterLease: TestTrait, SuiteTrait, TestScoping {
    /// True for a test that must run with no other cluster test at the same time.
    public let exclusive: Bool

    /// The lock file every test process agrees on.
    public static let lockPath = "/tmp/adhere-slurm-tests.lock"

    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard !test.isSuite else { try await function(); return }
        let fd = open(Self.lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { try await function(); return }
        defer { flock(fd, LOCK_UN); close(fd) }
        // Poll rather than block: a blocked cooperative thread could starve the test holding it.
        while flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        try await function()
    }
}

extension Trait where Self == ClusterLease {
    /// Uses the local cluster alongside other ordinary cluster tests.
    public static var sharedCluster: Self { ClusterLease(exclusive: false) }
    /// Needs the clusters to itself (disturbs Slurm, or measures timings).
    public static var exclusiveCluster: Self { ClusterLease(exclusive: true) }
}
