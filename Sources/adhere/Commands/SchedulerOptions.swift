import ArgumentParser
import Foundation
import Slurm
import Workflow

/// Options shared by `submit`, `status`, `cancel` and `retry`: the study folder and the cluster.
struct StudyJobOptions: ParsableArguments {
    @Argument(help: "The study folder (default: the current folder).")
    var study: String = "."

    @Option(name: .long, help: "Cluster profile: a NAME from cluster/NAME.yaml or a path to a .yaml file (default: the study file's cluster_profile, else local).")
    var cluster: String?

    /// The study folder, absolute.
    var studyDirectory: URL { URL(fileURLWithPath: study).standardizedFileURL }

    /// The study file, if the folder has one.
    func loadedStudy() throws -> LoadedStudy? {
        let file = studyDirectory.appendingPathComponent(StudyFile.fileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try StudyFile.read(studyDirectory.path)
    }

    /// The cluster profile: --cluster, else the study file's, else `local`.
    func profile(_ study: LoadedStudy?) throws -> ClusterProfile {
        if let study { return try study.clusterProfile(choice: cluster) }
        let choice = cluster ?? "local"
        if ClusterProfile.isPath(choice) { return try ClusterProfile.load(path: URL(fileURLWithPath: choice).standardizedFileURL.path) }
        return try ClusterProfile.named(choice)
    }

    /// The library service for this study, talking to the profile's cluster.
    func service() throws -> (SubmissionService, ClusterProfile) {
        let study = try loadedStudy()
        let profile = try profile(study)
        var scheduler = SlurmSchedulerClient(profile: profile, pathPrefix: Self.standInFolder())
        // Remote work root (`work_dir`): jobs run in WORK/<study>/<calculation>, files move over ssh.
        let staging = RemoteStaging(profile: profile, studyName: study?.study.name ?? studyDirectory.lastPathComponent,
                                    studyDirectory: studyDirectory, transport: scheduler.client.transport)
        if let staging { scheduler.remoteFolder = { staging.remotePath(calculationID: $0) } }
        if let limit = study?.study.attemptLimit, StateStore.exists(studyDirectory: studyDirectory) {
            let store = try StateStore.open(studyDirectory: studyDirectory)
            var policy = try RecoveryPolicy.load(from: store)
            if policy.attemptLimit != limit {
                policy.attemptLimit = limit
                try policy.save(to: store)
            }
        }
        let baseline = ResourceBaseline(memoryMB: profile.memory.flatMap(Self.megabytes),
                                        tasksPerNode: profile.ntasks / max(profile.nodes, 1))
        var service = try SubmissionService(studyDirectory: studyDirectory, scheduler: scheduler, baseline: baseline,
                                            detectFailures: VASPFailureScan.kinds(inFolder:))
        service.staging = staging
        return (service, profile)
    }

    /// The folder of this `adhere` binary when `vasp-standin` sits beside it (put first on the
    /// jobs' PATH so the local profile's `vasp_command: vasp-standin` finds it).
    static func standInFolder() -> String? {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let dir = exe.deletingLastPathComponent()
        return FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("vasp-standin").path) ? dir.path : nil
    }

    /// `512M`, `4G`, `2000` (MB) → megabytes.
    static func megabytes(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let last = t.last else { return nil }
        if last.isNumber { return Int(t) }
        guard let n = Double(t.dropLast()) else { return nil }
        switch last {
        case "K": return Int(n / 1024)
        case "M": return Int(n)
        case "G": return Int(n * 1024)
        case "T": return Int(n * 1024 * 1024)
        default: return nil
        }
    }
}
