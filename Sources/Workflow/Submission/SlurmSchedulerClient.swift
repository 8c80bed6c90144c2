import Checksum
import Engines
import Foundation
import Resources
import Slurm

/// The ``SchedulerClient`` the submitter uses on a real cluster: the Slurm module's
/// `SlurmClient` (local or ssh), the cluster profile and the job template.
public struct SlurmSchedulerClient: SchedulerClient {
    /// The Slurm client.
    public let client: SlurmClient
    /// The cluster profile (resources, modules, VASP command).
    public let profile: ClusterProfile
    /// A folder put first on PATH inside jobs (where `vasp-standin` lives), if any.
    public let pathPrefix: String?
    /// Remote work root mode: where a calculation's job runs on the cluster (nil: the local
    /// folder, shared with the compute nodes).
    public var remoteFolder: (@Sendable (String) -> String?)?
    /// Names the study in every job name and comment (`TOKEN.ID~N`), so two studies with the
    /// same calculation ids on one cluster never take each other's jobs for their own; nil:
    /// the bare `ID~N` (a scheduler client not tied to one study).
    public var studyToken: String?

    /// Creates the adapter.
    public init(profile: ClusterProfile, client: SlurmClient? = nil, pathPrefix: String? = nil) {
        self.profile = profile
        self.client = client ?? SlurmClient(profile: profile)
        self.pathPrefix = pathPrefix
    }

    public func ping() async throws(SchedulerError) {
        do { try await client.ping() } catch { throw Self.map(error) }
    }

    public func submit(_ job: JobSubmission) async throws(SchedulerError) -> String {
        let spec = spec(for: job)
        if remoteFolder != nil, spec.folder == job.directory.path {
            throw .other("the remote folder of \(job.calculationID) is not known yet (work root not resolved)")
        }
        let script: String
        do {
            try spec.validate()
            script = try JobScript.render(spec, templatePath: Self.jobTemplate(for: job))
        } catch let error as SlurmError {
            throw Self.map(error)
        } catch {
            throw .rejected("cannot render the job script: \(error)")
        }
        do {
            return try await client.submit(script: script, calculationID: slurmName(job.tag), folder: spec.folder)
        } catch { throw Self.map(error) }
    }

    public func jobs(tags: Set<JobTag>) async throws(SchedulerError) -> SchedulerSnapshot {
        do {
            let listing = try await client.listing(calculationIDs: Set(tags.map(slurmName)))
            let jobs = listing.matching.map { s in
                SchedulerJob(jobID: s.jobID, tag: tag(slurmName: s.comment) ?? tag(slurmName: s.name),
                             phase: s.phase, reason: s.reasonText, exitKnown: s.waitStatus != nil)
            }
            return SchedulerSnapshot(jobs: jobs, userLiveJobs: listing.userLiveJobs, userJobRecords: listing.userJobRecords)
        } catch { throw Self.map(error) }
    }

    public func states(jobIDs: [String]) async throws(SchedulerError) -> [String: SchedulerJob] {
        do {
            var out: [String: SchedulerJob] = [:]
            for (id, f) in try await client.outcomes(jobIDs) {
                out[id] = SchedulerJob(jobID: id, tag: nil, phase: f.phase, reason: Self.reason(f.reason))
            }
            return out
        } catch { throw Self.map(error) }
    }

    public func cancel(jobIDs: [String]) async throws(SchedulerError) {
        do { try await client.cancel(jobIDs) } catch { throw Self.map(error) }
    }

    public func limits() async throws(SchedulerError) -> SiteLimits {
        do { return try await client.siteLimits(qos: profile.qos) } catch { throw Self.map(error) }
    }

    static func reason(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        return t.isEmpty || t == "None" || t == "(null)" ? nil : t
    }

    /// Slurm's errors in the submitter's terms.
    static func map(_ error: SlurmError) -> SchedulerError {
        switch error {
        case .controllerUnreachable, .transportFailed: return .controllerUnreachable(error.description)
        case .timedOut: return .timedOut(error.description)
        case .busy: return .rateLimited(error.description)
        case .submitLimitReached: return .submitLimitReached(error.description)
        case .submitRejected, .invalidArgument: return .rejected(error.description)
        case .launchFailed, .commandFailed, .unparsableOutput: return .other(error.description)
        }
    }
}

extension SlurmSchedulerClient {
    /// The job script `submit` would send for `job` (for `adhere submit --dry-run`).
    public func script(for job: JobSubmission) throws -> String {
        try JobScript.render(spec(for: job), templatePath: Self.jobTemplate(for: job))
    }

    /// Slurm's memory text ("512M", "4G", "2048") in MB; nil when unreadable.
    static func megabytes(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Double] = ["K": 1.0 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024]
        if let last = t.last, let unit = units[last], let x = Double(t.dropLast()) { return Int(x * unit) }
        return Double(t).map { Int($0) }
    }

    /// The job template of the engine the job's folder was built for (docs/engines.md).
    static func jobTemplate(for job: JobSubmission) -> String {
        ResourceLocator.template(StudyEngine.engine(ofFolder: job.directory).jobTemplate).path
    }

    func spec(for job: JobSubmission) -> JobSpec {
        var p = profile
        if let mb = job.overrides.memoryMB { p.memory = "\(mb)M" }
        if let tasks = job.overrides.tasksPerNode { p.ntasks = max(1, p.nodes) * tasks }
        // An ASE engine needs more memory than a small site default (torch, GPAW): raise it.
        if let need = StudyEngine.engine(ofFolder: job.directory).minimumMemoryMB,
           (p.memory.flatMap(Self.megabytes) ?? 0) < need {
            p.memory = "\(need)M"
        }
        let folder = remoteFolder?(job.calculationID) ?? job.directory.path
        return JobSpec(calculationID: slurmName(job.tag), folder: folder, profile: p, pathPrefix: pathPrefix)
    }

    /// The job's name and comment on the cluster: `TOKEN.ID~N` with a study token, else `ID~N`.
    func slurmName(_ tag: JobTag) -> String { studyToken.map { "\($0).\(tag.text)" } ?? tag.text }

    /// The tag in a job name or comment; nil for another study's job or a job not Adhere's.
    func tag(slurmName text: String) -> JobTag? {
        guard let token = studyToken else { return JobTag(text: text) }
        guard text.hasPrefix(token + ".") else { return nil }
        return JobTag(text: String(text.dropFirst(token.count + 1)))
    }

    /// The study token of a study folder: `s` and the first 8 hex digits of the SHA-256 of its
    /// resolved absolute path (so a copy of the folder elsewhere is another study).
    public static func studyToken(studyDirectory: URL) -> String {
        let path = studyDirectory.standardizedFileURL.resolvingSymlinksInPath().path
        return "s" + String(SHA256.hex(Array(path.utf8)).prefix(8))
    }
}
