import Testing
@testable import Slurm

/// Parsers fed with text printed by Slurm 22.05.8 on the local cluster (copied from the
/// terminal, see ../shared/recipes/slurm/NOTES.md for the same shapes).
@Suite struct SlurmParsingTests {
    @Test func scontrolOneLinerWithSpacesAndQuotesInNameAndComment() {
        let line = "JobId=2 JobName=a b'c|$(x); UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901758 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00 TimeLimit=UNLIMITED Partition=debug WorkDir=/tmp/sq Comment=cmt 'q' |x  StdErr=/tmp/sq/slurm-2.out StdIn=/dev/null StdOut=/tmp/sq/slurm-2.out Power= "
        let f = SlurmParsing.finalStates(scontrolOutput: line)
        #expect(f.count == 1)
        #expect(f.first?.jobID == "2")
        #expect(f.first?.outcome == .failed(exitCode: 3, signal: 0))
        #expect(f.first?.reason == "NonZeroExitCode")
        let kv = SlurmParsing.keyValues(line)
        #expect(kv["JobName"] == "a b'c|$(x);")
        #expect(kv["WorkDir"] == "/tmp/sq")
    }

    @Test func outcomesFromStateAndExitCode() {
        #expect(JobOutcome(state: "COMPLETED") == .completed)
        #expect(JobOutcome(state: "TIMEOUT", exitCode: 0, signal: 15) == .timeout)
        #expect(JobOutcome(state: "OUT_OF_MEMORY", exitCode: 0, signal: 125) == .outOfMemory)
        #expect(JobOutcome(state: "NODE_FAIL") == .nodeFail)
        #expect(JobOutcome(state: "PREEMPTED") == .preempted)
        #expect(JobOutcome(state: "CANCELLED by 0") == .cancelled)
        #expect(JobOutcome(state: "FAILED", exitCode: 1) == .failed(exitCode: 1, signal: 0))
        #expect(JobOutcome(state: "WEIRD_NEW_STATE") == .unknown("WEIRD_NEW_STATE"))
    }

    @Test func sacctLines() throws {
        // `sacct -X -n -P -o JobIDRaw,State,ExitCode,Reason` shapes from NOTES.md (slurmdbd mode).
        let us = SlurmParsing.separator
        let text = ["24\(us)COMPLETED\(us)0:0\(us)None", "25\(us)FAILED\(us)1:0\(us)NonZeroExitCode",
                    "26\(us)OUT_OF_MEMORY\(us)0:125\(us)OutOfMemory", "27\(us)CANCELLED by 0\(us)0:0\(us)None"].joined(separator: "\n")
        let f = try SlurmParsing.finalStates(sacctOutput: text)
        #expect(f.map(\.outcome) == [.completed, .failed(exitCode: 1, signal: 0), .outOfMemory, .cancelled])
    }

    @Test func squeueLinesAndPendingReasons() throws {
        let us = SlurmParsing.separator
        // Shapes printed by `squeue -h -t all -O JobID:0<US>,State:0<US>,exit_code:0<US>,...` (22.05):
        // exit_code is the wait status (exit 3 → 768, cancelled by SIGTERM → 15).
        let text = "4\(us)PENDING\(us)0\(us)PartitionTimeLimit\(us)calc a\(us)calc a\(us)\n5\(us)RUNNING\(us)0\(us)None\(us)n|x\(us)\n"
            + "5\(us)FAILED\(us)768\(us)NonZeroExitCode\(us)test-fail\(us)test-fail\n6\(us)CANCELLED\(us)15\(us)None\(us)c\(us)c\n"
        let s = try SlurmParsing.snapshots(squeueOutput: text)
        #expect(s.count == 4)
        #expect(s[0].phase == .pending(.blocked("PartitionTimeLimit")))
        #expect(s[0].comment == "calc a")
        #expect(s[1].phase == .running)
        #expect(s[1].name == "n|x")
        #expect(s[2].phase == .finished(.failed(exitCode: 3, signal: 0)))
        #expect(s[3].phase == .finished(.cancelled))
        #expect(s[3].exitCodeAndSignal.signal == 15 && s[3].exitCodeAndSignal.exit == 0)
        #expect(PendingReason("Priority") == .waiting("Priority"))
        #expect(PendingReason("Dependency") == .waiting("Dependency"))
        #expect(PendingReason("DependencyNeverSatisfied").isBlocking)
        #expect(PendingReason("InvalidQOS").isBlocking)
        #expect(PendingReason("QOSMaxWallDurationPerJobLimit").isBlocking)
        #expect(!PendingReason("QOSMaxJobsPerUserLimit").isBlocking)
        #expect(PendingReason("JobHeldUser") == .held("JobHeldUser"))
        #expect(throws: SlurmError.self) { try SlurmParsing.snapshots(squeueOutput: "garbage line\n") }
    }

    @Test func errorClassificationFromRecordedStderr() {
        // stderr lines as printed with slurmctld stopped / busy (NOTES.md, Slurm's messages).
        let down = CommandResult(status: 1, stdout: "", stderr: "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n")
        #expect(SlurmClient.classify(program: "sbatch", result: down) == .controllerUnreachable(command: "sbatch", detail: "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)"))
        let busy = CommandResult(status: 1, stdout: "", stderr: "sbatch: error: Batch job submission failed: Resource temporarily unavailable\n")
        if case .busy = SlurmClient.classify(program: "sbatch", result: busy) {} else { Issue.record("not busy") }
        let limit = CommandResult(status: 1, stdout: "", stderr: "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)\n")
        if case .submitLimitReached = SlurmClient.classify(program: "sbatch", result: limit) {} else { Issue.record("not a limit") }
        let bad = CommandResult(status: 1, stdout: "", stderr: "sbatch: error: invalid partition specified: nosuch\n")
        #expect(SlurmClient.classify(program: "sbatch", result: bad) == nil)
    }

    @Test func backoffGrowsAndIsCapped() {
        let b = Backoff(initialSeconds: 1, factor: 2, maxSeconds: 10, maxRetries: 5)
        #expect(b.delaySeconds(beforeRetry: 1, jitter: 1) == 1)
        #expect(b.delaySeconds(beforeRetry: 3, jitter: 1) == 4)
        #expect(b.delaySeconds(beforeRetry: 6, jitter: 1) == 10)
    }
}
