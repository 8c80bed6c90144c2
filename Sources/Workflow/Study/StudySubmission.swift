import Foundation
import Slurm

extension SubmissionService {
    /// The submission service of a study folder on `profile`'s cluster: Slurm through the
    /// profile (with `pathPrefix` first on the jobs' PATH), the study's `attempt_limit` as the
    /// recovery policy's, and the profile's memory and tasks per node as the resource baseline.
    public static func forStudy(directory: URL, study: LoadedStudy?, profile: ClusterProfile,
                                pathPrefix: String?) throws -> SubmissionService {
        var scheduler = SlurmSchedulerClient(profile: profile, pathPrefix: pathPrefix)
        scheduler.studyToken = SlurmSchedulerClient.studyToken(studyDirectory: directory)
        // Remote work root (`work_dir`): jobs run in WORK/<study>/<calculation>, files move over
        // the scheduler's own ssh connection (RemoteStaging).
        let staging = RemoteStaging(profile: profile, studyName: study?.study.name ?? directory.lastPathComponent,
                                    studyDirectory: directory, transport: scheduler.client.transport)
        if let staging { scheduler.remoteFolder = { staging.remotePath(calculationID: $0) } }
        if let limit = study?.study.attemptLimit, StateStore.exists(studyDirectory: directory) {
            let store = try StateStore.open(studyDirectory: directory)
            var policy = try RecoveryPolicy.load(from: store)
            if policy.attemptLimit != limit {
                policy.attemptLimit = limit
                try policy.save(to: store)
            }
        }
        let baseline = ResourceBaseline(memoryMB: profile.memoryMB, tasksPerNode: profile.ntasks / max(profile.nodes, 1))
        var service = try SubmissionService(studyDirectory: directory, scheduler: scheduler, baseline: baseline,
                                            detectFailures: VASPFailureScan.kinds(inFolder:))
        service.staging = staging
        return service
    }
}
