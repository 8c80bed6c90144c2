import Foundation
import Testing
@testable import Workflow

/// With a queue cap, what goes first decides the wall time: stage gates, then the long relaxations.
@Suite struct SubmissionOrderTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func record(_ id: String, _ role: String, _ interface: String) -> CalculationRecord {
        CalculationRecord(id: id, role: role, interface: interface, folder: "c/\(id)", inputHash: "h", state: .built,
                          failureReason: nil, slurmJobID: nil, attempts: 0, schedulerState: nil, lastError: nil,
                          overrides: ResourceOverrides(), createdAt: t0, updatedAt: t0, submittedAt: nil, endedAt: nil)
    }

    @Test func bulksThenInterfacesThenTheRestInStoreOrder() {
        // The state store's order (interface, id), as in the paper example.
        let store = [
            Self.record("LLZO-film", "film", "LLZO"), Self.record("LLZO-interface", "interface", "LLZO"),
            Self.record("Li-001-L5", "slab", "Li"), Self.record("Li-bulk", "bulk", "Li"),
            Self.record("LiCF3SO3-film", "film", "LiCF3SO3"), Self.record("LiCF3SO3-interface", "interface", "LiCF3SO3"),
            Self.record("LiF-bulk", "bulk", "LiF"), Self.record("LiF-scan-S0-D0", "scan", "LiF"),
        ]
        #expect(Submitter.submissionOrder(store).map(\.id) == [
            "Li-bulk", "LiF-bulk", "LiF-scan-S0-D0", "LLZO-interface", "LiCF3SO3-interface",
            "LLZO-film", "Li-001-L5", "LiCF3SO3-film",
        ])
    }
}
