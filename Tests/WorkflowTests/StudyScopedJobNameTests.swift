import Foundation
import Slurm
import Testing
@testable import Workflow

/// Two studies with the same calculation ids on one cluster must never take each other's jobs
/// for their own (seen in this project: a second study adopted and then cancelled the first's
/// `LiF-interface~1`). Every job name and comment carries the study's token.
@Suite struct StudyScopedJobNameTests {
    static func client(_ study: String) -> SlurmSchedulerClient {
        var c = SlurmSchedulerClient(profile: ClusterProfile(name: "t", vaspCommand: "x"))
        c.studyToken = SlurmSchedulerClient.studyToken(studyDirectory: URL(fileURLWithPath: study))
        return c
    }

    @Test func anotherStudysJobIsNotOurs() {
        let a = Self.client("/tmp/studies/a"), b = Self.client("/tmp/studies/b")
        let tag = JobTag(calculationID: "LiF-interface", attempt: 1)
        #expect(a.studyToken != b.studyToken)
        #expect(a.slurmName(tag) != b.slurmName(tag))
        #expect(a.tag(slurmName: a.slurmName(tag)) == tag)
        #expect(b.tag(slurmName: a.slurmName(tag)) == nil)
        #expect(a.tag(slurmName: "LiF-interface~1") == nil)  // an untagged job of an older Adhere or a user
    }

    @Test func tokenIsShortHexAndFitsACalculationIDsCharacters() {
        let token = SlurmSchedulerClient.studyToken(studyDirectory: URL(fileURLWithPath: "/tmp/x/study"))
        #expect(token.count == 9 && token.first == "s" && token.dropFirst().allSatisfy(\.isHexDigit))
        // The same folder reached through `..` is the same study.
        #expect(SlurmSchedulerClient.studyToken(studyDirectory: URL(fileURLWithPath: "/tmp/x/y/../study")) == token)
        // The name stays within the characters Slurm job names and StateStore ids allow.
        let name = Self.client("/tmp/x/study").slurmName(JobTag(calculationID: "Li-001-L5", attempt: 12))
        #expect(name == "\(token).Li-001-L5~12")
    }
}
