import Foundation

/// Finds the local test cluster started by `cluster/local/start-slurm.sh`.
public enum LocalSlurm {
    /// The env file start-slurm.sh writes (`ADHERE_SLURM_ROOT`, default /tmp/adhere-slurm).
    public static var envFile: String {
        let root = ProcessInfo.processInfo.environment["ADHERE_SLURM_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/tmp/adhere-slurm"
        return root + "/env.sh"
    }

    /// The slurm.conf path for clients: `SLURM_CONF` from the environment, else the
    /// `export SLURM_CONF=...` line of the env file; nil when neither names an existing file.
    public static var slurmConf: String? {
        if let env = ProcessInfo.processInfo.environment["SLURM_CONF"], !env.isEmpty,
           FileManager.default.fileExists(atPath: env)
        {
            return env
        }
        guard let text = try? String(contentsOfFile: envFile, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("export SLURM_CONF=") {
            let path = String(line.dropFirst("export SLURM_CONF=".count))
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Environment additions that make Slurm's clients talk to the local cluster.
    public static var environment: [String: String] {
        slurmConf.map { ["SLURM_CONF": $0] } ?? [:]
    }

    /// True when a slurm.conf was found and `sinfo` answers within a few seconds.
    public static let reachable: Bool = {
        guard let conf = slurmConf, FileManager.default.isExecutableFile(atPath: "/usr/bin/sinfo") else { return false }
        let result = Fixtures.run("/usr/bin/timeout", ["5", "/usr/bin/sinfo", "-h", "-o", "%T"],
                                  environment: ["SLURM_CONF": conf])
        return result.status == 0
    }()

    /// The message a test prints when it skips for lack of a cluster.
    public static let missingMessage =
        "skipped: no local Slurm answers (run `bash cluster/local/start-slurm.sh`, which writes /tmp/adhere-slurm/env.sh)"
}
