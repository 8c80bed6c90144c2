import Foundation
import TestSupport
@testable import Workflow

/// A throw-away study on the local Slurm for tests that run `adhere` as a child process.
struct ClusterStudy {
    /// The study folder.
    let directory: URL
    /// Ids of its calculations (unique per test run, so jobs of other tests never match).
    let ids: [String]
    /// The cluster profile file written into the study.
    let profilePath: String
    /// The store.
    let store: StateStore

    /// `count` calculations of `interfaces` interfaces (three each), a profile whose jobs run
    /// `command` (default: sleep, so jobs stay live while the test looks).
    init(prefix: String, count: Int, command: String = "sleep 900", time: String = "00:20:00",
         slurmConf: String, memory: String = "32M", extraProfile: String = "", seedFolder: String? = nil) throws {
        directory = try Fixtures.temporaryDirectory("adhere-\(prefix)")
        store = try StateStore.open(studyDirectory: directory)
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        var ids: [String] = []
        let roles = ["interface", "film", "substrate"]
        for k in 0..<count {
            let id = "\(prefix)-\(tag)-\(String(format: "%02d", k))"
            let folder = "calcs/\(id)"
            let url = directory.appendingPathComponent(folder)
            if let seedFolder {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: seedFolder, toPath: url.path)
            } else {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            }
            try store.register(calculation: CalculationSpec(id: id, role: roles[k % 3], interface: "\(prefix)-i\(k / 3)",
                                                            folder: folder, inputHash: "h\(k)"))
            ids.append(id)
        }
        self.ids = ids
        profilePath = directory.appendingPathComponent("test-cluster.yaml").path
        let yaml = """
            host: local
            partition: debug
            nodes: 1
            ntasks: 1
            cpus_per_task: 1
            time: "\(time)"
            memory: \(memory)
            vasp_command: \(command)
            max_queued_jobs: 500
            signal_seconds_before_limit: 30
            command_timeout_seconds: 20
            slurm_conf: \(slurmConf)
            accounting: "no"
            \(extraProfile)
            """
        try yaml.write(toFile: profilePath, atomically: true, encoding: .utf8)
    }

    /// Runs `adhere ARGS STUDY --cluster PROFILE`.
    func adhere(_ command: String, _ args: [String] = [], environment: [String: String] = [:])
        -> (status: Int32, stdout: String, stderr: String)
    {
        Fixtures.run(Fixtures.executable("adhere"), [command, directory.path, "--cluster", profilePath] + args,
                     environment: environment)
    }

    /// Jobs of this study that Slurm knows (name `ID~N`), from one `squeue -t all` call:
    /// (job id, tag, state).
    static func jobs(slurmConf: String, ids: [String]) -> [(jobID: String, tag: JobTag, state: String)] {
        let r = Fixtures.run("/usr/bin/squeue", ["-h", "-t", "all", "-o", "%i|%j|%T"], environment: ["SLURM_CONF": slurmConf])
        let wanted = Set(ids)
        return r.stdout.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3, let tag = JobTag(text: Self.withoutStudyToken(f[1])), wanted.contains(tag.calculationID) else { return nil }
            return (f[0], tag, f[2])
        }
    }

    /// A job name without the study token that `adhere` puts first (`sXXXXXXXX.ID~N` → `ID~N`,
    /// SlurmSchedulerClient.studyToken); names without one are returned as they are.
    static func withoutStudyToken(_ name: String) -> String {
        let parts = name.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 9, parts[0].first == "s",
              parts[0].dropFirst().allSatisfy({ $0.isHexDigit }) else { return name }
        return String(parts[1])
    }

    /// Cancels every job of this study.
    func cancelAll(slurmConf: String) {
        let ids = Self.jobs(slurmConf: slurmConf, ids: self.ids).map(\.jobID)
        if !ids.isEmpty { Fixtures.run("/usr/bin/scancel", ids, environment: ["SLURM_CONF": slurmConf]) }
    }
}
