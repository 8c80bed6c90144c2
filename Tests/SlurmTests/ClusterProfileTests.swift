import Foundation
import Testing
import TestSupport
@testable import Slurm

@Suite struct ClusterProfileTests {
    @Test func shippedLocalProfileReads() throws {
        let p = try ClusterProfile.load(path: Fixtures.project("cluster/local.yaml"))
        #expect(p.name == "local")
        #expect(p.isLocal)
        #expect(p.partition == "debug")
        #expect(p.vaspCommand == "vasp-standin")
        #expect(p.slurmConf == "/tmp/adhere-slurm/etc/slurm.conf")
        #expect(p.accounting == .no)
    }

    @Test func shippedRemoteProfileReads() throws {
        let p = try ClusterProfile.load(path: Fixtures.project("cluster/example-hpc.yaml"))
        #expect(p.host == "hpc-login")
        #expect(!p.isLocal)
        #expect(p.ntasks == 64)
        #expect(p.time == "1-00:00:00")
        #expect(p.memory == "200G")
        #expect(p.modules == ["intel/2023.2", "vasp/6.4.2"])
        #expect(p.vaspCommand == "srun vasp_std")
        #expect(p.maxQueuedJobs == 50)
        #expect(p.makeTransport() is SSHTransport)
    }

    @Test func workRootAndCleanupKeys() throws {
        let base = "host: hpc-login\nvasp_command: vasp\ntime: \"10\"\n"
        let p = try ClusterProfile.parse(yaml: base + "work_dir: /scratch/$USER/adhere\nremote_cleanup: keep-failed\n", name: "x")
        #expect(p.workDir == RemoteWorkRoot("/scratch/$USER/adhere"))
        #expect(p.remoteCleanup == .keepFailed)
        let shared = try ClusterProfile.parse(yaml: base, name: "x")
        #expect(shared.workDir == nil && shared.remoteCleanup == .keep)
        #expect(throws: ClusterProfileError.self) { try ClusterProfile.parse(yaml: base + "work_dir: /x/$(touch y)\n", name: "x", file: "p.yaml") }
        do {
            _ = try ClusterProfile.parse(yaml: base + "remote_cleanup: sometimes\n", name: "x", file: "p.yaml")
            Issue.record("an unknown clean-up policy was accepted")
        } catch {
            #expect(error.description.contains("p.yaml:4"), "\(error)")
            #expect(error.description.contains("keep, delete-after-fetch, keep-failed"))
        }
    }

    @Test func unknownKeyNamesFileLineAndKnownKeys() {
        let yaml = "host: local\nvasp_command: x\ntime: '10'\nparttion: debug\n"
        #expect(throws: ClusterProfileError.unknownKey(file: "p.yaml", line: 4, key: "parttion", known: ClusterProfile.knownKeys)) {
            try ClusterProfile.parse(yaml: yaml, name: "p", file: "p.yaml")
        }
    }

    @Test func impossibleValuesAreRejectedWithLine() {
        let badTime = "host: local\nvasp_command: x\ntime: 'soon'\n"
        #expect(throws: ClusterProfileError.self) { try ClusterProfile.parse(yaml: badTime, name: "p") }
        do {
            _ = try ClusterProfile.parse(yaml: "host: local\ntime: '1:00:00'\nvasp_command: x\nntasks: 0\n", name: "p", file: "f.yaml")
            Issue.record("ntasks 0 accepted")
        } catch {
            #expect(error == .wrongType(file: "f.yaml", line: 4, key: "ntasks", expected: "a whole number in 1…1000000"))
        }
        #expect(throws: ClusterProfileError.missingKey(file: "<profile>", key: "vasp_command")) {
            try ClusterProfile.parse(yaml: "host: local\ntime: '5'\n", name: "p")
        }
        #expect(throws: ClusterProfileError.self) {
            try ClusterProfile.parse(yaml: "host: '-oProxyCommand=x'\ntime: '5'\nvasp_command: x\n", name: "p")
        }
        #expect(throws: ClusterProfileError.self) {
            try ClusterProfile.parse(yaml: "host: local\ntime: '5'\nvasp_command: x\npartition: 'a b'\n", name: "p")
        }
    }

    @Test func slurmTimeSyntax() {
        for ok in ["10", "10:00", "01:00:00", "2-00", "2-12:00", "1-00:00:00"] { #expect(ClusterProfile.isSlurmTime(ok), "\(ok)") }
        for bad in ["", "1:2:3:4", "a", "1-", "-1", "1h", "1-2-3"] { #expect(!ClusterProfile.isSlurmTime(bad), "\(bad)") }
    }

    @Test func memoryInMegabytesFollowsSlurmUnits() {
        // Slurm's --mem units: K, M (default), G, T, each 1024 of the one below (sbatch(1)).
        func mb(_ memory: String?) -> Int? { ClusterProfile(name: "m", memory: memory, vaspCommand: "x").memoryMB }
        #expect(mb("4G") == 4096)
        #expect(mb("1500M") == 1500)
        #expect(mb("2000") == 2000)
        #expect(mb("1T") == 1_048_576)
        #expect(mb(nil) == nil)
    }

    @Test func camelCaseKeysOfEarlierProfilesSuggestTheSnakeCaseKey() {
        let yaml = "host: local\nvasp_command: x\ntime: '10'\ncpusPerTask: 2\n"
        let error = #expect(throws: ClusterProfileError.self) { try ClusterProfile.parse(yaml: yaml, name: "p", file: "p.yaml") }
        #expect(error?.description == "p.yaml:4: unknown key `cpusPerTask`; did you mean cpus_per_task?")
    }
}
