import Foundation
import Slurm

extension SubmissionService {
    /// The submission service of a study folder on `profile`'s cluster: Slurm through the
    /// profile (with `pathPrefix` first on the jobs' PATH), the study's `attempt_limit` as the
    /// recovery policy's, and the profile's memory and tasks per node as the resource baseline.
    public static func forStudy(directory: URL, study: LoadedStudy?, profile: ClusterProfile,
                                pathPrefix: String?) throws -> SubmissionService {
        let scheduler = SlurmSchedulerClient(profile: profile, pathPrefix: pathPrefix)
        if let limit = study?.study.attemptLimit, StateStore.exists(studyDirectory: directory) {
            let store = try StateStore.open(studyDirectory: directory)
            var policy = try RecoveryPolicy.load(from: store)
            if policy.attemptLimit != limit {
                policy.attemptLimit = limit
                try policy.save(to: store)
            }
        }
        let baseline = ResourceBaseline(memoryMB: profile.memoryMB, tasksPerNode: profile.ntasks / max(profile.nodes, 1))
        return try SubmissionService(studyDirectory: directory, scheduler: scheduler, baseline: baseline,
                                     detectFailures: VASPFailureScan.kinds(inFolder:))
    }
}
