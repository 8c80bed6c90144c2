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
        let service = try SubmissionService.forStudy(directory: studyDirectory, study: study, profile: profile,
                                                     pathPrefix: Self.standInFolder())
        return (service, profile)
    }

    /// The folder of this `adhere` binary when `vasp-standin` sits beside it (put first on the
    /// jobs' PATH so the local profile's `vasp_command: vasp-standin` finds it).
    static func standInFolder() -> String? {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let dir = exe.deletingLastPathComponent()
        return FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("vasp-standin").path) ? dir.path : nil
    }
}
