import Foundation
import Slurm

/// One thing the reconciler decided, from the store's records and the scheduler's snapshot.
public enum ReconcileAction: Sendable, Equatable {
    /// Cancel these jobs (a second job for the same attempt, or a job that can never start).
    case cancel(jobIDs: [String])
    /// A job carrying the calculation's tag was found for a calculation the store has as built
    /// or as an intent without job id: record it (attempt, job id), then its phase.
    case adopt(calculationID: String, attempt: Int, job: SchedulerJob)
    /// An intent whose sbatch never created a job: back to built, the attempt not counted.
    case abandonIntent(calculationID: String)
    /// An intent younger than the in-flight window with no job yet: leave it for now.
    case waitForIntent(calculationID: String)
    /// The tracked job, as the scheduler sees it now.
    case observe(calculationID: String, job: SchedulerJob)
    /// The tracked job waits for a reason that never resolves: it is cancelled and the
    /// calculation fails with the reason's fix.
    case blocked(calculationID: String, jobID: String, reason: PendingReason)
    /// The scheduler no longer knows the tracked job: its outcome is unknown.
    case lost(calculationID: String, jobID: String)
}

/// The reconciler's decisions, separate from any I/O: records + snapshot + time → actions, and
/// each action's effect on a record. ``Reconciler`` asks the scheduler, calls these, and writes.
public enum ReconcileDecision {
    /// Calculations the reconciler looks at: live ones and built ones (a lost intent row).
    public static func candidates(_ records: [CalculationRecord]) -> [CalculationRecord] {
        records.filter { $0.state.isLive || $0.state == .built }
    }

    /// The tags to look for in the queue: the next attempt of built calculations, the current
    /// attempt of live ones.
    public static func tags(for candidates: [CalculationRecord]) -> Set<JobTag> {
        var tags = Set<JobTag>()
        for r in candidates {
            if r.state == .built { tags.insert(JobTag(calculationID: r.id, attempt: r.attempts + 1)) }
            else if r.attempts > 0 { tags.insert(JobTag(calculationID: r.id, attempt: r.attempts)) }
        }
        return tags
    }

    /// Job ids whose record must be asked by id: tracked jobs absent from the listing, and jobs
    /// that ended badly without a known exit status.
    public static func lookups(candidates: [CalculationRecord], listed: [SchedulerJob]) -> [String] {
        let known = Set(listed.map(\.jobID))
        let missing = candidates.compactMap { $0.state.isLive ? $0.slurmJobID : nil }.filter { !known.contains($0) }
        let endedBadly = listed.filter { job in
            guard let outcome = job.phase.outcome else { return false }
            return outcome != .completed && !job.exitKnown
        }.map(\.jobID)
        return missing + endedBadly
    }

    /// Decides, for every candidate, from the listed jobs and the by-id `records`.
    public static func decide(candidates: [CalculationRecord], listed: [SchedulerJob], records: [String: SchedulerJob],
                              now: Date, inFlightSeconds: Double) -> [ReconcileAction] {
        var byCalculation: [String: [SchedulerJob]] = [:]
        for var job in listed {
            if let r = records[job.jobID] {
                job.phase = r.phase
                job.reason = job.reason ?? r.reason
                job.exitKnown = true
            }
            if let id = job.calculationID { byCalculation[id, default: []].append(job) }
        }
        var actions: [ReconcileAction] = []
        var toCancel: [String] = []
        for record in candidates {
            let own = (byCalculation[record.id] ?? []).sorted(by: byJobID)
            switch (record.state, record.slurmJobID) {
            case (.built, _):
                // An intent lost with its row (should not happen with synchronous=FULL): adopt a
                // live job carrying the next attempt's tag.
                let next = own.filter { $0.attempt == record.attempts + 1 && $0.phase.isLive }
                if let adopted = next.first {
                    actions.append(.adopt(calculationID: record.id, attempt: record.attempts + 1, job: adopted))
                    toCancel += next.dropFirst().map(\.jobID)
                }
            case (.submitted, nil):
                let matching = own.filter { $0.attempt == nil || $0.attempt == record.attempts }
                if let adopted = matching.first(where: { $0.phase.isLive }) ?? matching.first {
                    actions.append(.adopt(calculationID: record.id, attempt: record.attempts, job: adopted))
                    toCancel += matching.filter { $0.jobID != adopted.jobID && $0.phase.isLive }.map(\.jobID)
                } else if let since = record.submittedAt, now.timeIntervalSince(since) < inFlightSeconds {
                    actions.append(.waitForIntent(calculationID: record.id))
                } else {
                    actions.append(.abandonIntent(calculationID: record.id))
                }
            case (_, let jobID?):
                toCancel += own.filter { $0.jobID != jobID && $0.phase.isLive && $0.attempt == record.attempts }.map(\.jobID)
                guard let job = own.first(where: { $0.jobID == jobID }) ?? records[jobID] else {
                    actions.append(.lost(calculationID: record.id, jobID: jobID))
                    continue
                }
                if case let .pending(reason) = job.phase, case .blocked = reason {
                    toCancel.append(jobID)
                    actions.append(.blocked(calculationID: record.id, jobID: jobID, reason: reason))
                } else {
                    actions.append(.observe(calculationID: record.id, job: job))
                }
            default:
                break
            }
        }
        if !toCancel.isEmpty { actions.insert(.cancel(jobIDs: toCancel), at: 0) }
        return actions
    }

    static func byJobID(_ a: SchedulerJob, _ b: SchedulerJob) -> Bool {
        (Int(a.jobID) ?? .max, a.jobID) < (Int(b.jobID) ?? .max, b.jobID)
    }

    /// One change an action makes to a record, with its history row.
    public struct Change: Sendable, Equatable {
        /// The record after.
        public var record: CalculationRecord
        /// The history event.
        public var event: HistoryEvent
        /// The history note (for people).
        public var note: String
    }

    /// What an action does to `record` at `time`: the changes in order (an adoption records the
    /// submission first, then the job's phase). Empty when nothing changes. `unknownState` is
    /// set for a state Adhere cannot place (an unknown Slurm state, or a move the state machine
    /// forbids); the record is then left as it is.
    public static func changes(for action: ReconcileAction, record before: CalculationRecord, at time: Date)
        -> (changes: [Change], unknownState: String?)
    {
        switch action {
        case .cancel, .waitForIntent:
            return ([], nil)
        case .abandonIntent:
            var r = before
            r.state = .built
            r.attempts = max(before.attempts - 1, 0)
            r.slurmJobID = nil
            r.submittedAt = nil
            return ([Change(record: r, event: .reconcile, note: "no job in Slurm for this calculation: sbatch never created one")], nil)
        case let .adopt(_, attempt, job):
            var submitted = before
            submitted.state = .submitted
            submitted.attempts = attempt
            submitted.slurmJobID = job.jobID
            if before.state == .built || submitted.submittedAt == nil { submitted.submittedAt = time }
            let note = before.state == .built
                ? "found job \(job.jobID) for this calculation in Slurm; adopted"
                : "sbatch had created job \(job.jobID) (found by calculation id)"
            let first = Change(record: submitted, event: .reconcile, note: note)
            let (rest, unknown) = observed(job, record: submitted, at: time)
            if let unknown { return ([first], unknown) }
            return ([first] + rest, nil)
        case let .observe(_, job):
            return observed(job, record: before, at: time)
        case let .blocked(_, jobID, reason):
            var r = before
            r.state = .failed
            r.schedulerState = "PENDING"
            r.endedAt = time
            let note = "job \(jobID) cancelled: pending reason \(reason) never resolves — \(reason.fix ?? "")"
            r.failureReason = "pending reason \(reason) never resolves"
            r.lastError = note
            return ([Change(record: r, event: .blockedInQueue, note: note)], nil)
        case let .lost(_, jobID):
            var r = before
            r.state = .failed
            r.failureReason = "lost: Slurm no longer knows job \(jobID)"
            r.lastError = r.failureReason
            r.endedAt = time
            return ([Change(record: r, event: .poll, note: "Slurm no longer knows job \(jobID): its final state is unknown")], nil)
        }
    }

    /// The record after the scheduler reported `job`; no change when the state is the same.
    static func observed(_ job: SchedulerJob, record before: CalculationRecord, at time: Date)
        -> (changes: [Change], unknownState: String?)
    {
        var r = before
        r.schedulerState = job.phase.description
        let reason = job.reason.map { " (\($0))" } ?? ""
        let note: String
        switch job.phase {
        case let .pending(why):
            r.state = .queued
            if case .held = why { note = "job \(job.jobID) pending\(reason): waits for a person (held, or partition down or inactive)" }
            else { note = "job \(job.jobID) pending\(reason)" }
        case .running, .completing:
            r.state = .running
            note = "job \(job.jobID) \(job.phase)"
        case let .suspended(name):
            guard SlurmStateName.liveNames.contains(name) else { return ([], name) }
            r.state = .running
            note = "job \(job.jobID) \(name)"
        case .finished(.completed):
            r.state = .finished
            r.endedAt = time
            note = "job \(job.jobID) COMPLETED"
        case .finished(.cancelled):
            r.state = .cancelled
            r.endedAt = time
            note = "job \(job.jobID) CANCELLED\(reason)"
        case let .finished(outcome):
            r.state = .failed
            r.endedAt = time
            var exit = ""
            if case let .failed(code, signal) = outcome { exit = " exit \(code):\(signal)" }
            r.failureReason = "Slurm \(outcome)\(reason)\(exit)"
            r.lastError = r.failureReason
            note = "job \(job.jobID) ended \(outcome)\(reason)"
        }
        if r.state == before.state && r.schedulerState == before.schedulerState { return ([], nil) }
        guard before.state.canMove(to: r.state) else { return ([], "\(job.phase) after \(before.state.rawValue)") }
        return ([Change(record: r, event: .poll, note: note)], nil)
    }
}
