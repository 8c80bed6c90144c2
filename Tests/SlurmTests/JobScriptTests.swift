import Foundation
import Testing
import TestSupport
@testable import Slurm

@Suite struct JobScriptTests {
    static func profile() -> ClusterProfile {
        ClusterProfile(name: "t", partition: "debug", account: "proj", qos: "normal", nodes: 2, ntasks: 8, cpusPerTask: 2,
                       time: "02:00:00", memory: "4G", modules: ["vasp/6.4", "odd name"], vaspCommand: "srun vasp_std",
                       signalSecondsBeforeLimit: 120)
    }

    @Test func rendersDirectivesFromTheProfile() throws {
        let spec = JobSpec(calculationID: "LiF-001/interface", folder: "/scratch/x y/it's", profile: Self.profile(),
                           dependency: "afterok:12", pathPrefix: "/opt/bin dir")
        let s = try JobScript.render(spec)
        let lines = Set(s.split(separator: "\n").map(String.init))
        for expected in [
            "#!/bin/bash", "#SBATCH --job-name=LiF-001_interface", "#SBATCH --comment=LiF-001_interface",
            "#SBATCH --partition=debug", "#SBATCH --account=proj", "#SBATCH --qos=normal", "#SBATCH --nodes=2",
            "#SBATCH --ntasks=8", "#SBATCH --cpus-per-task=2", "#SBATCH --time=02:00:00", "#SBATCH --mem=4G",
            "#SBATCH --dependency=afterok:12", "#SBATCH --signal=B:USR1@120", "trap adhere_stop USR1",
            "module load vasp/6.4 || exit 96", "type module >/dev/null 2>&1 || . /etc/profile >/dev/null 2>&1", "module load 'odd name' || exit 96",
            #"export PATH='/opt/bin dir':"$PATH""#, #"cd '/scratch/x y/it'\''s' || exit 97"#, "srun vasp_std &",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)")
        }
        #expect(!s.contains("{{"), "unrendered variable")
        #expect(!s.contains("&#39;") && !s.contains("&quot;"), "HTML escaping leaked into the script")
        // bash accepts the syntax.
        let r = Fixtures.run("/bin/bash", ["-n"], input: s)
        #expect(r.status == 0, "bash -n: \(r.stderr)")
    }

    @Test func optionalLinesDisappear() throws {
        var p = Self.profile()
        p.partition = nil; p.account = nil; p.qos = nil; p.memory = nil; p.modules = []
        let s = try JobScript.render(JobSpec(calculationID: "c1", folder: "/tmp", profile: p))
        for absent in ["--partition", "--account", "--qos", "--mem", "--dependency", "module", "export PATH"] {
            #expect(!s.contains(absent), "\(absent) should be absent")
        }
    }

    @Test func refusesIdsWithControlCharactersAndRelativeFolders() {
        #expect(throws: SlurmError.self) { try JobScript.render(JobSpec(calculationID: "a\nb", folder: "/tmp", profile: Self.profile())) }
        #expect(throws: SlurmError.self) { try JobScript.render(JobSpec(calculationID: "a", folder: "rel/dir", profile: Self.profile())) }
        #expect(throws: SlurmError.self) {
            try JobScript.render(JobSpec(calculationID: "a", folder: "/tmp", profile: Self.profile(), dependency: "afterok:1;rm"))
        }
    }
}
