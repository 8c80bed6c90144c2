import Foundation
import Testing
import TestSupport
@testable import Slurm

/// A real sshd on 127.0.0.1 with its own config, host key and a throwaway client key, all in a
/// temporary folder; the tests talk to it through `SSHTransport` (system ssh, BatchMode,
/// ControlMaster). Skips with a message when sshd or ssh-keygen is missing.
nonisolated(unsafe) private var sshdWrapperPID: Int32 = 0

final class LoopbackSSHD: @unchecked Sendable {
    let dir: URL
    let port: Int
    let key: String

    static let shared: LoopbackSSHD? = try? LoopbackSSHD()
    static let missingMessage = "skipped: cannot start a loopback sshd (needs /usr/sbin/sshd and ssh-keygen from openssh-server, installed by cluster/local/install.sh, and root)"

    init() throws {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: "/usr/sbin/sshd"), fm.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), getuid() == 0 else {
            throw SlurmError.launchFailed(command: "sshd", detail: "missing")
        }
        dir = try Fixtures.temporaryDirectory("adhere-sshd")
        port = 22000 + Int(getpid() % 1000)
        key = dir.appendingPathComponent("client_key").path
        let host = dir.appendingPathComponent("host_key").path
        for (k, _) in [(key, 0), (host, 0)] {
            let r = Fixtures.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", k])
            guard r.status == 0 else { throw SlurmError.launchFailed(command: "ssh-keygen", detail: r.stderr) }
        }
        try fm.copyItem(atPath: key + ".pub", toPath: dir.appendingPathComponent("authorized_keys").path)
        try? fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(host)
            AuthorizedKeysFile \(dir.path)/authorized_keys
            PidFile \(dir.path)/sshd.pid
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            StrictModes no
            UsePAM no
            """
        try config.write(to: dir.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
        // sshd stays in the foreground (-D) under a shell that ends it once this test process is
        // gone (looked at every 2 s) or on TERM (the exit handler below), so it never outlives
        // the tests even when the exit handler does not run (here, `timeout` wrappers were seen
        // outliving their finished test processes). Not a fixed lifetime: of the former 10 minutes
        // (`timeout 600`), full-suite runs here used 4 to 5 before their last staging test, so a
        // machine half as fast would have lost its sshd mid-run.
        let watch = "\"$@\" & sshd=$!; trap 'kill $sshd; exit 0' TERM; "
            + "while kill -0 \(getpid()) 2>/dev/null && kill -0 $sshd 2>/dev/null; do sleep 2; done; kill $sshd 2>/dev/null"
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/bin/sh")
        daemon.arguments = ["-c", watch, "sh", "/usr/sbin/sshd", "-D", "-f", dir.appendingPathComponent("sshd_config").path,
                            "-E", dir.appendingPathComponent("sshd.log").path]
        daemon.standardInput = FileHandle.nullDevice
        // Not the test process's own output: a surviving sshd would hold swift test's pipe open.
        daemon.standardOutput = FileHandle.nullDevice
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        sshdWrapperPID = daemon.processIdentifier
        atexit { if sshdWrapperPID > 0 { kill(sshdWrapperPID, SIGTERM) } }
        var listening = false
        for _ in 0..<50 {
            if Fixtures.run("/usr/bin/ssh-keyscan", ["-p", String(port), "-T", "1", "127.0.0.1"]).stdout.contains("ssh-ed25519") {
                listening = true
                break
            }
            guard daemon.isRunning else { break }
            usleep(100_000)
        }
        guard listening else { throw SlurmError.launchFailed(command: "sshd", detail: "not listening on port \(port)") }
    }

    /// ssh options that reach this sshd with the throwaway key and no host-key prompt.
    var options: [String] { options(user: "root") }

    /// The same for another login user (the key is authorised for every user).
    func options(user: String) -> [String] {
        ["-p", String(port), "-i", key, "-l", user, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
         "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"]
    }

    func transport(user: String = "root", environment: [String: String] = [:]) -> SSHTransport {
        SSHTransport(host: "127.0.0.1", options: options(user: user), remoteEnvironment: environment,
                     controlDirectory: "/tmp/adh-ssh-\(port)", controlPersistSeconds: 30)
    }

}

@Suite(.serialized, .sharedCluster, .enabled(if: LoopbackSSHD.shared != nil, Comment(rawValue: LoopbackSSHD.missingMessage)))
struct SSHTransportTests {
    @Test func hostileArgumentsArriveIntactAndUnexecuted() async throws {
        let sshd = try #require(LoopbackSSHD.shared)
        let marker = "/tmp/adhere-pwned-ssh-\(UUID().uuidString.prefix(8))"
        let words = ["it's", "a b", "$(touch \(marker))", "; touch \(marker)", "`touch \(marker)`", "x\ny", "\"q\""]
        let r = try await sshd.transport().run(["printf", "%s|"] + words, input: nil, timeoutSeconds: 20)
        #expect(r.status == 0, "ssh: \(r.stderr)")
        #expect(r.stdout == words.map { $0 + "|" }.joined())
        #expect(!FileManager.default.fileExists(atPath: marker))
        // The control socket is reused: a second command succeeds over the same master.
        let again = try await sshd.transport().run(["true"], input: nil, timeoutSeconds: 20)
        #expect(again.status == 0)
        // Standard input goes through.
        let cat = try await sshd.transport().run(["cat"], input: "line 1\nline 2\n", timeoutSeconds: 20)
        #expect(cat.stdout == "line 1\nline 2\n")
    }

    @Test func unreachableHostIsATransportError() async throws {
        let sshd = try #require(LoopbackSSHD.shared)
        var t = sshd.transport()
        t.options = ["-p", "1", "-i", sshd.key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
        do {
            _ = try await t.run(["true"], input: nil, timeoutSeconds: 10)
            Issue.record("ssh to a closed port succeeded")
        } catch {
            guard case let .transportFailed(host, detail) = error else { Issue.record("expected transportFailed, got \(error)"); return }
            #expect(host == "127.0.0.1")
            #expect(detail.contains("refused"), "\(detail)")
        }
    }

    @Test(.enabled(if: LocalSlurm.reachable, Comment(rawValue: LocalSlurm.missingMessage)))
    func jobSubmittedAndTrackedOverSSH() async throws {
        let sshd = try #require(LoopbackSSHD.shared)
        let client = SlurmClient(transport: sshd.transport(environment: LocalSlurm.environment), timeoutSeconds: 20, accounting: .no)
        let base = try Fixtures.temporaryDirectory("slurm-ssh")
        let folder = base.appendingPathComponent("ssh 'dir' $(x)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let calc = Cluster.calcID("ssh it's")
        let id = try await client.submit(JobSpec(calculationID: calc, folder: folder, profile: Cluster.profile("pwd > where.txt")))
        let final = try await Cluster.waitForEnd(client, id)
        #expect(final?.outcome == .completed)
        #expect(try String(contentsOfFile: folder + "/where.txt", encoding: .utf8) == folder + "\n")
        #expect(try await client.jobs(calculationIDs: [calc]).map(\.jobID) == [id])
    }
}
