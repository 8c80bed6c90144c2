import Archive
import Foundation
import Testing
import TestSupport
@testable import Workflow

/// The remote work root end to end (docs/real-cluster.md §4): the minimal study in a folder the
/// job user cannot read (mode 0700, owner root), run through ssh as user `hpc`
/// (cluster/local/add-hpc-user.sh, cluster/local/loopback-sshd.sh) on the local Slurm, with
/// `work_dir: $HOME/adhere-work`. The table must come out, every calculation must have been
/// staged and fetched, the jobs must have run in hpc's work root, and W_ad must agree with a hand
/// calculation from the fetched vasprun.xml files (as EndToEndTests does in shared-path mode).
@Suite(.serialized, .sharedCluster) struct RemoteStudyOverSSHDTests {
    static let sshdKey = (ProcessInfo.processInfo.environment["ADHERE_SSHD_DIR"] ?? "/tmp/adhere-sshd") + "/client_key"
    static let ready = getuid() == 0 && EndToEndTests.ready && FileManager.default.fileExists(atPath: sshdKey)
    static let skip = "skipped: needs root, the local Slurm, built adhere/vasp-standin and `bash cluster/local/loopback-sshd.sh start` (then user hpc and its sshd exist)"

    @Test(.enabled(if: ready, Comment(rawValue: skip)), .timeLimit(.minutes(30)))
    func minimalStudyRunsFromAFolderTheJobUserCannotReadOverSSHD() throws {
        let users = Fixtures.run("/bin/bash", [Fixtures.project("cluster/local/add-hpc-user.sh")])
        try #require(users.status == 0, "\(users.stderr)")
        let workRoot = try #require(users.stdout.split(separator: "\n").last.map(String.init))
        // The sshd of cluster/local/loopback-sshd.sh (started beforehand: a daemon is not a
        // child this test should wait for).
        let sshdDir = ProcessInfo.processInfo.environment["ADHERE_SSHD_DIR"] ?? "/tmp/adhere-sshd"
        let port = ProcessInfo.processInfo.environment["ADHERE_SSHD_PORT"] ?? "2222"
        let sshOptionsLine = "ssh_options: [-p, \"\(port)\", -i, \(sshdDir)/client_key, -l, hpc, -o, IdentitiesOnly=yes, -o, StrictHostKeyChecking=no, -o, UserKnownHostsFile=/dev/null, -o, LogLevel=ERROR]"

        let parent = try Fixtures.temporaryDirectory("adhere-remote")
        chmod(parent.path, 0o700)
        let study = parent.appendingPathComponent("study")
        #expect(Fixtures.run("/sbin/runuser", ["-u", "hpc", "--", "ls", parent.path]).status != 0, "hpc must not read the study")
        #expect(Fixtures.run(EndToEndTests.adhere, ["init", study.path]).status == 0)
        let name = "remote-e2e-\(UUID().uuidString.prefix(6).lowercased())"
        let profile = """
            host: 127.0.0.1
            \(sshOptionsLine)
            work_dir: $HOME/adhere-work
            remote_cleanup: keep
            partition: debug
            time: "00:10:00"
            memory: 512M
            vasp_command: vasp-standin
            command_timeout_seconds: 20
            slurm_conf: \(LocalSlurm.slurmConf ?? "/tmp/adhere-slurm/etc/slurm.conf")
            accounting: "no"
            """
        try profile.write(to: study.appendingPathComponent("remote.yaml"), atomically: true, encoding: .utf8)
        let yaml = try String(contentsOf: study.appendingPathComponent("study.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "cluster_profile: local", with: "cluster_profile: remote.yaml")
            .replacingOccurrences(of: "name: minimal", with: "name: \(name)")
        try yaml.write(to: study.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)

        let plan = Fixtures.run(EndToEndTests.adhere, ["plan", study.path])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("work root 127.0.0.1:\(workRoot): writable"), "\(plan.stdout)")

        let run = Fixtures.run(EndToEndTests.adhere, ["run", study.path, "--poll", "2", "--max-wait", "15"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("| Li(001) \\| LiF(001) |"), "\(run.stdout)")

        // Every calculation went up and came back through the two steps; the jobs ran as hpc in
        // the work root (their Slurm output is there, owned by hpc, and was fetched).
        let store = try StateStore.open(studyDirectory: study)
        let history = try store.history()
        for record in try store.calculations() {
            #expect(history.contains { $0.calculationID == record.id && $0.event == .staged }, "\(record.id) never staged")
            #expect(history.contains { $0.calculationID == record.id && $0.event == .fetched }, "\(record.id) never fetched")
            let job = try #require(record.slurmJobID)
            let remoteOutput = "\(workRoot)/\(name)/\(record.id)/slurm-\(job).out"
            let owner = try FileManager.default.attributesOfItem(atPath: remoteOutput)[.ownerAccountName] as? String
            #expect(owner == "hpc")
            #expect(FileManager.default.contents(atPath: study.appendingPathComponent("\(record.folder)/slurm-\(job).out").path)
                == FileManager.default.contents(atPath: remoteOutput))
        }

        // W_ad by hand from the fetched files, against the archive.
        let folder = study.appendingPathComponent("calculations/LiF-interface")
        let e = { (id: String) in try EndToEndTests.lastSigma0EnergyEV(study.appendingPathComponent("calculations/\(id)/vasprun.xml").path) }
        let area = try EndToEndTests.areaA2(poscar: folder.appendingPathComponent("POSCAR").path)
        let wadByHand = (try e("LiF-film") + e("LiF-substrate") - e("LiF-interface")) / area * 16.021_766_34
        let reader = try ArchiveReader(path: study.appendingPathComponent("archive.h5").path)
        #expect(abs(try reader.interface("LiF").analysis.workOfAdhesion.jPerM2 - wadByHand) < 1e-6)
    }
}
