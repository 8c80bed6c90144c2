import Foundation
import Slurm

extension LoadedStudy {
    /// The cluster profile the study runs on: `choice` (the `--cluster` option) when given, else
    /// the study's `cluster_profile`. A NAME is `cluster/NAME.yaml` of Adhere's resources; a path
    /// (with `/` or ending `.yaml`) is taken relative to the study folder. A profile that cannot
    /// be found or read is an error at the study file's `cluster_profile` line.
    public func clusterProfile(choice: String? = nil) throws -> ClusterProfile {
        let name = choice ?? study.clusterProfile
        let isPath = name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.contains("/")
        let path = isPath ? resolve(name).path : ClusterProfile.path(named: name)
        guard FileManager.default.fileExists(atPath: path) else {
            let problem = "no cluster profile '\(name)' (looked for \(path)); name one of cluster/*.yaml or give a path"
            if choice != nil { throw ClusterProfileError.unreadable(file: path, detail: problem) }
            throw error(at: "cluster_profile", problem)
        }
        return try ClusterProfile.load(path: path)
    }
}
