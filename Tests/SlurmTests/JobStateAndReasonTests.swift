import Testing
@testable import Slurm

/// The one reading of Slurm's state and reason text, checked against Slurm's documentation:
/// JOB STATE CODES and JOB REASON CODES in `man squeue` (Slurm 22.05–24.11, also
/// slurm.schedmd.com/job_reason_codes.html) and MaxJobCount / MinJobAge in `man slurm.conf`.
/// Each case below is one the two former readers (Slurm's and Workflow's) disagreed on.
@Suite struct JobStateAndReasonTests {
    @Test func shortCodesLongNamesAndDecorationsReadAlike() {
        // JOB STATE CODES: "OOM OUT_OF_MEMORY", "BF BOOT_FAIL", "CA CANCELLED", "PD PENDING".
        #expect(SlurmStateName("OOM").name == "OUT_OF_MEMORY")
        #expect(SlurmStateName("OUT_OF_MEMORY").name == "OUT_OF_MEMORY")
        #expect(SlurmStateName("OUT_OF_ME+").name == "OUT_OF_MEMORY")  // sacct without -P truncates
        #expect(SlurmStateName("BF").name == "BOOT_FAIL")
        #expect(SlurmStateName("CANCELLED by 1000").name == "CANCELLED")
        #expect(SlurmStateName("PD").name == "PENDING")
        #expect(SlurmStateName("SOMETHING_NEW").name == "SOMETHING_NEW")
    }

    @Test func outOfMemoryInEveryFormIsOneOutcome() {
        for text in ["OUT_OF_MEMORY", "OOM", "OUT_OF_ME+"] {
            #expect(JobPhase(state: text) == .finished(.outOfMemory), "\(text)")
        }
    }

    @Test func bootFailIsANodeFailureNotAnUnknownState() {
        // man squeue: BOOT_FAIL "Job terminated due to launch failure, typically due to a hardware
        // failure (e.g. unable to boot the node ...)": not the calculation's fault → resubmit.
        #expect(JobPhase(state: "BOOT_FAIL") == .finished(.nodeFail))
        #expect(JobPhase(state: "BF") == .finished(.nodeFail))
        #expect(!JobPhase(state: "BOOT_FAIL").isLive)
    }

    @Test func unknownStatesAreKeptAndNeverTreatedAsOver() {
        // A name Slurm may add later: alive (never resubmitted while it may run), kept verbatim.
        #expect(JobPhase(state: "SOMETHING_NEW") == .suspended("SOMETHING_NEW"))
        #expect(JobPhase(state: "SOMETHING_NEW").isLive)
        // Final states without a recovery of their own are over, outcome kept verbatim.
        #expect(JobPhase(state: "SPECIAL_EXIT") == .finished(.unknown("SPECIAL_EXIT")))
        #expect(JobPhase(state: "COMPLETING") == .completing)
        #expect(JobPhase(state: "REQUEUE_HOLD") == .suspended("REQUEUE_HOLD"))
    }

    @Test func maxMemPerLimitNeverResolves() {
        // JOB REASON CODES: MaxMemPerLimit, "the job violates the limit on memory per CPU or
        // node": the request itself is too large, waiting cannot help.
        let r = PendingReason("MaxMemPerLimit")
        #expect(r == .blocked("MaxMemPerLimit"))
        #expect(r.fix?.contains("memory") == true)
    }

    @Test func perJobMaximaNeverResolvePerUserAndGroupLimitsDo() {
        // "QOSMax* — a portion of the job request exceeds a maximum limit (e.g., PerJob,
        // PerNode) for the requested QOS"; "AssocGrp*/QOSGrp* — aggregate limit reached".
        for blocked in ["QOSMaxWallDurationPerJobLimit", "AssocMaxCpuPerJobLimit", "QOSMaxNodePerJobLimit", "AssocMaxWallDurationPerJobLimit"] {
            #expect(PendingReason(blocked).isBlocking, "\(blocked)")
            #expect(PendingReason(blocked).fix != nil)
        }
        for waiting in ["QOSMaxJobsPerUserLimit", "AssocGrpCpuLimit", "QOSGrpNodeLimit", "AssocMaxJobsLimit", "Priority", "Resources"] {
            #expect(PendingReason(waiting) == .waiting(waiting), "\(waiting)")
        }
    }

    @Test func inactiveOrDownPartitionWaitsForAPersonAndIsNotCancelled() {
        // "PartitionInactive — the partition required by this job is in an Inactive state and not
        // able to start jobs": an administrator can reactivate it, so the job is not cancelled
        // (the former Workflow list cancelled it) but is not plain waiting either.
        #expect(PendingReason("PartitionInactive") == .held("PartitionInactive"))
        #expect(PendingReason("PartitionDown") == .held("PartitionDown"))
        #expect(PendingReason("PartitionInactive").fix == nil)
        #expect(PendingReason("JobHeldAdmin") == .held("JobHeldAdmin"))
        #expect(JobPhase(state: "PENDING", reason: "PartitionInactive") == .pending(.held("PartitionInactive")))
    }

    @Test func maxJobCountCountsFinishedRecordsNotOnlyQueuedJobs() {
        // man slurm.conf: MaxJobCount is "the maximum number of jobs slurmctld can have in memory
        // at one time"; finished jobs stay there MinJobAge seconds. So 990 of the user's
        // records (40 live, 950 finished) leave 10 of MaxJobCount=1000 — not 960.
        let limits = SiteLimits(config: ["MaxJobCount": "1000", "MinJobAge": "300"])
        let budget = limits.submissionBudget(profileCap: nil, studyLiveJobs: 40, userLiveJobs: 40, userJobRecords: 990)
        #expect(budget.jobs == 10)
        #expect(budget.limitedBy?.contains("MaxJobCount=1000") == true)
    }

    @Test func budgetTakesTheTightestOfProfileAndSiteLimits() {
        var l = SiteLimits(config: ["MaxJobCount": "10000", "AccountingStorageType": "accounting_storage/slurmdbd"])
        #expect(l.accountingEnabled)
        l.maxSubmitJobsPerUser = 20
        // 15 of the user's jobs live, 10 of them this study's: MaxSubmitJobs leaves 5, the cap 40.
        #expect(l.submissionBudget(profileCap: 50, studyLiveJobs: 10, userLiveJobs: 15, userJobRecords: 15).jobs == 5)
        #expect(l.submissionBudget(profileCap: 12, studyLiveJobs: 10, userLiveJobs: 15, userJobRecords: 15).jobs == 2)
        #expect(SiteLimits(config: [:]).submissionBudget(profileCap: 3, studyLiveJobs: 5, userLiveJobs: 5, userJobRecords: 5).jobs == 0)
        #expect(SiteLimits(config: [:]).submissionBudget(profileCap: nil, studyLiveJobs: 5, userLiveJobs: 5, userJobRecords: 5).limitedBy == nil)
    }
}
