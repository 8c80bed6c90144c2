import Foundation
import Testing
import TestSupport
@testable import Slurm

/// The cluster account of the staging tests: user `hpc` made by cluster/local/add-hpc-user.sh
/// (root only), reached through the loopback sshd with key authentication.
enum HPCAccount {
    static let user = "hpc"
    /// The work root the script prints (`~hpc/adhere-work`), nil when the script failed.
    static let workRoot: String? = {
        guard getuid() == 0 else { return nil }
        let r = Fixtures.run("/bin/bash", [Fixtures.project("cluster/local/add-hpc-user.sh")])
        let path = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return r.status == 0 && path.hasPrefix("/") ? path : nil
    }()
    static var available: Bool { LoopbackSSHD.shared != nil && workRoot != nil }
    static let missingMessage = "skipped: needs root, sshd (cluster/local/install.sh) and user hpc (cluster/local/add-hpc-user.sh)"

    /// A fresh folder below the work root, owned by hpc: one test's root.
    static func freshRoot(_ tag: String) throws -> String {
        let path = try #require(workRoot) + "/\(tag)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chown(path)
        return path
    }

    /// Hands `path` (recursively) to hpc, as a job writing there would have.
    static func chown(_ path: String) {
        Fixtures.run("/bin/chown", ["-R", "\(user):\(user)", path])
    }

    /// True when hpc can list `path` (run as hpc with runuser).
    static func canRead(_ path: String) -> Bool {
        Fixtures.run("/sbin/runuser", ["-u", user, "--", "ls", path]).status == 0
    }

    /// A study folder this machine's user owns and hpc cannot read (mode 0700, owner root).
    static func privateStudy(_ tag: String) throws -> URL {
        let dir = try Fixtures.temporaryDirectory(tag)
        chmod(dir.path, 0o700)
        return dir
    }
}

/// Text that compresses like a vasprun.xml (repeated XML with changing numbers), about `bytes` long.
func vasprunLikeText(bytes: Int, seed: Int) -> String {
    var out = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<modeling>\n"
    var i = 0
    while out.utf8.count < bytes {
        let x = Double((i * 7919 + seed * 104729) % 1_000_003) / 1_000_003
        out += "  <calculation><energy><i name=\"e_fr_energy\">  \(-100 - x) </i></energy><v> \(x) \(1 - x) \(x / 3) </v></calculation>\n"
        i += 1
    }
    return out + "</modeling>\n"
}

/// Bytes that do not compress (so that a transfer takes measurable time): `count` random bytes.
func randomBytes(_ count: Int) -> Data {
    let handle = FileHandle(forReadingAtPath: "/dev/urandom")!
    defer { try? handle.close() }
    return handle.readData(ofLength: count)
}

@Suite(.serialized, .sharedCluster, .enabled(if: HPCAccount.available, Comment(rawValue: HPCAccount.missingMessage)))
struct StagingSSHTests {
    let sshd: LoopbackSSHD
    init() throws { sshd = try #require(LoopbackSSHD.shared) }

    var transport: SSHTransport { sshd.transport(user: HPCAccount.user) }

    @Test func workRootExpandsUserAndHomeOnTheClusterOverSSHD() async throws {
        // Independent source: the passwd database's home for hpc.
        let home = Fixtures.run("/usr/bin/getent", ["passwd", "hpc"]).stdout.split(separator: ":", omittingEmptySubsequences: false)[5].trimmingCharacters(in: .whitespacesAndNewlines)
        let resolved = try await RemoteWorkRoot("$HOME/adhere-work").resolve(over: transport)
        #expect(resolved == home + "/adhere-work", "home from getent: \(home.debugDescription)")
        #expect(try await RemoteWorkRoot("~/x/${USER}").resolve(over: transport) == home + "/x/hpc")
    }

    @Test func workRootCheckOverSSHDNamesWhatIsWrong() async throws {
        let root = try HPCAccount.freshRoot("check")
        // Independent source: df on this machine (the loopback "cluster" shares its disks), read
        // before and after the probe, since other tests and builds write to the same disk.
        func dfBytes() -> Int64 {
            let df = Fixtures.run("/bin/df", ["-Pk", root]).stdout.split(separator: "\n").last!.split(separator: " ")
            return Int64(df[3])! * 1024
        }
        let before = dfBytes()
        let status = try await WorkRootCheck.require(RemoteWorkRoot(root), over: transport, neededBytes: 1 << 20)
        let after = dfBytes()
        #expect(status.access == .writable)
        #expect(status.tools.isSuperset(of: ["tar", "gzip", "sha256sum"]))
        let available = try #require(status.availableBytes)
        #expect(available > min(before, after) - 64 << 20 && available < max(before, after) + 64 << 20,
                "probe \(available) B, df \(before) B before and \(after) B after")

        await #expect(throws: StagingError.workRootMissing(host: "127.0.0.1", path: root + "/absent")) {
            try await WorkRootCheck.require(RemoteWorkRoot(root + "/absent"), over: transport, neededBytes: 0)
        }
        let rootsOnly = root + "/owned-by-root"
        try FileManager.default.createDirectory(atPath: rootsOnly, withIntermediateDirectories: false)
        await #expect(throws: StagingError.workRootNotWritable(host: "127.0.0.1", path: rootsOnly)) {
            try await WorkRootCheck.require(RemoteWorkRoot(rootsOnly), over: transport, neededBytes: 0)
        }
        let tooMuch = Int64(1) << 60  // 1 EiB
        let full = await #expect(throws: StagingError.self) {
            try await WorkRootCheck.require(RemoteWorkRoot(root), over: transport, neededBytes: tooMuch)
        }
        guard case let .workRootFull(_, path, _, needed)? = full else { Issue.record("expected workRootFull, got \(String(describing: full))"); return }
        #expect(path == root && needed == tooMuch)
        let error = StagingError.workRootMissing(host: "hpc-login", path: "/scratch/a b")
        #expect(error.description.contains("mkdir -p '/scratch/a b'"))
    }

    @Test func roundTripOfManyCalculationsAsAnotherUserOverSSHD() async throws {
        let study = try HPCAccount.privateStudy("staging-study")
        #expect(!HPCAccount.canRead(study.path), "hpc must not be able to read the study folder")
        let root = try HPCAccount.freshRoot("roundtrip")
        let engine = StagingEngine(channel: transport, root: root, scratchFolder: study.path + "/.adhere/transfers")

        // Six calculations in a study whose name is full of shell syntax.
        let studyName = "st'udy $(touch x) ;"
        var items: [UploadItem] = []
        var sent: [String: Data] = [:]
        for i in 0..<6 {
            let calc = "calc-\(i) it's"
            let local = study.appendingPathComponent("calculations/\(calc)")
            try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
            let files = ["INCAR": Data("ENCUT = 450\nSYSTEM = \(i)\n".utf8), "POSCAR": Data("Li\n1.0\n".utf8),
                         "KPOINTS": Data("auto\n".utf8), "POTCAR": randomBytes(200_000 + i)]
            for (name, data) in files {
                try data.write(to: local.appendingPathComponent(name))
                sent["\(studyName)/\(calc)/\(name)"] = data
            }
            items.append(UploadItem(remoteFolder: try StagingPath("\(studyName)/\(calc)"), localFolder: local.path, files: files.keys.sorted()))
        }
        let up = try await engine.upload(items)
        #expect(up.completed.count == 6 && up.refused.isEmpty, "\(up.refused)")
        #expect(up.remoteCommands == 1, "one ssh command for the whole batch")
        for (path, data) in sent {
            #expect(FileManager.default.contents(atPath: root + "/" + path) == data, "\(path)")
            let owner = try FileManager.default.attributesOfItem(atPath: root + "/" + path)[.ownerAccountName] as? String
            #expect(owner == "hpc")
        }
        #expect(!FileManager.default.fileExists(atPath: study.appendingPathComponent("calculations/x").path))
        #expect((try FileManager.default.contentsOfDirectory(atPath: root + "/.adhere-incoming")).isEmpty)

        // The "job" writes its outputs in the work root; calc-0 has no CONTCAR.
        var outputs: [String: Data] = [:]
        let outcarTailBytes = 4096
        for i in 0..<6 {
            let folder = root + "/\(studyName)/calc-\(i) it's"
            var files = ["vasprun.xml": Data(vasprunLikeText(bytes: 300_000, seed: i).utf8), "OSZICAR": Data("1 F= -1.0\n".utf8),
                         "OUTCAR": Data(vasprunLikeText(bytes: 50_000, seed: 100 + i).utf8), "slurm-7.out": Data("done\n".utf8)]
            if i > 0 { files["CONTCAR"] = Data("Li\n1.0\n\(i)\n".utf8) }
            for (name, data) in files {
                try data.write(to: URL(fileURLWithPath: folder + "/" + name))
                outputs["calc-\(i) it's/\(name)"] = data
            }
        }
        HPCAccount.chown(root)
        let wanted = [DownloadFile("vasprun.xml"), DownloadFile("OSZICAR"), DownloadFile("CONTCAR", required: false),
                      DownloadFile("OUTCAR", extent: .tail(bytes: outcarTailBytes)), DownloadFile("slurm-7.out")]
        let down = try await engine.download(items.map { DownloadItem(remoteFolder: $0.remoteFolder, localFolder: $0.localFolder, files: wanted) })
        #expect(down.completed.count == 6 && down.refused.isEmpty, "\(down.refused)")
        #expect(down.remoteCommands == 1)
        #expect(down.missingOptional == [try StagingPath("\(studyName)/calc-0 it's"): ["CONTCAR"]])
        for (path, data) in outputs {
            let local = study.path + "/calculations/" + path
            let expected = path.hasSuffix("OUTCAR") ? data.suffix(outcarTailBytes) : data
            if path == "calc-0 it's/CONTCAR" { #expect(!FileManager.default.fileExists(atPath: local)); continue }
            #expect(FileManager.default.contents(atPath: local) == Data(expected), "\(path)")
        }
        // gzip on the wire: the XML-like outputs shrink (ratio printed for the report).
        let ratio = Double(down.wireBytes) / Double(down.totalFileBytes)
        print("staging round trip: up \(up.totalFileBytes) B in \(up.wireBytes) B on the wire; down \(down.totalFileBytes) B in \(down.wireBytes) B (ratio \(ratio))")
        #expect(ratio < 0.5)
        // Only the verified files are left in the calculation folders; the scratch is empty.
        let calc1 = try FileManager.default.contentsOfDirectory(atPath: study.path + "/calculations/calc-1 it's").sorted()
        #expect(calc1 == ["CONTCAR", "INCAR", "KPOINTS", "OSZICAR", "OUTCAR", "POSCAR", "POTCAR", "slurm-7.out", "vasprun.xml"])
        #expect((try FileManager.default.contentsOfDirectory(atPath: study.path + "/.adhere/transfers")).isEmpty)

        // A re-upload (recovery: continuation from CONTCAR) replaces the folder's content: the
        // STOPCAR the job wrote at the time-limit warning and the old outputs are gone.
        let again = root + "/\(studyName)/calc-1 it's"
        try Data("LSTOP = .TRUE.\n".utf8).write(to: URL(fileURLWithPath: again + "/STOPCAR"))
        HPCAccount.chown(root)
        let reup = try await engine.upload([items[1]])
        #expect(reup.completed == [items[1].remoteFolder])
        #expect(try FileManager.default.contentsOfDirectory(atPath: again).sorted() == [".adhere-generation", "INCAR", "KPOINTS", "POSCAR", "POTCAR"])

        // Clean-up: delete-after-fetch removes the folders (one command).
        let removed = try await engine.remove(items.map(\.remoteFolder))
        #expect(removed.count == 6)
        #expect(!FileManager.default.fileExists(atPath: root + "/\(studyName)/calc-0 it's"))
    }

    @Test func checksumMismatchIsRefusedOverSSHD() async throws {
        let study = try HPCAccount.privateStudy("staging-mismatch")
        let root = try HPCAccount.freshRoot("mismatch")
        let engine = StagingEngine(channel: transport, root: root, scratchFolder: study.path + "/.adhere/transfers")
        var items: [UploadItem] = []
        for calc in ["good", "bad"] {
            let local = study.appendingPathComponent(calc)
            try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
            try Data("ENCUT = 450\n".utf8).write(to: local.appendingPathComponent("INCAR"))
            try Data("Li\n".utf8).write(to: local.appendingPathComponent("POSCAR"))
            items.append(UploadItem(remoteFolder: try StagingPath("s/\(calc)"), localFolder: local.path, files: ["INCAR", "POSCAR"]))
        }
        // Upload: the INCAR of "bad" changes after its digest was taken (same size, other bytes).
        let badINCAR = study.appendingPathComponent("bad/INCAR")
        let up = try await engine.upload(items) {
            try? Data("ENCUT = 520\n".utf8).write(to: badINCAR)
        }
        #expect(up.completed == [try StagingPath("s/good")])
        #expect(up.refused[try StagingPath("s/bad")]?.contains("sha256") == true, "\(up.refused)")
        #expect(!FileManager.default.fileExists(atPath: root + "/s/bad/INCAR"), "a refused file is never installed")
        #expect(!FileManager.default.fileExists(atPath: root + "/s/bad/POSCAR"), "nor the rest of its calculation")

        // Download: a received file is altered before the check (as a disk or a link might).
        try Data(vasprunLikeText(bytes: 20_000, seed: 1).utf8).write(to: URL(fileURLWithPath: root + "/s/good/vasprun.xml"))
        HPCAccount.chown(root)
        let target = study.appendingPathComponent("fetched").path
        let item = DownloadItem(remoteFolder: try StagingPath("s/good"), localFolder: target, files: [DownloadFile("vasprun.xml")])
        let batch = try await engine.fetchArchive([item])
        let received = batch.tree + "/s/good/vasprun.xml"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: received))
        bytes[100] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: received))
        let down = try await engine.install(batch, items: [item])
        #expect(down.completed.isEmpty)
        #expect(down.refused[item.remoteFolder]?.contains("received") == true, "\(down.refused)")
        #expect(!FileManager.default.fileExists(atPath: target + "/vasprun.xml"), "a file that failed its check is never put in place")
        // A required file that does not exist is refused the same way.
        let missing = try await engine.download([DownloadItem(remoteFolder: item.remoteFolder, localFolder: target, files: [DownloadFile("CONTCAR")])])
        #expect(missing.refused[item.remoteFolder] == "CONTCAR missing on the cluster")
    }

    @Test func connectionCutMidTransferInstallsNothingAndTheRerunCompletesOverSSHD() async throws {
        let study = try HPCAccount.privateStudy("staging-cut")
        let root = try HPCAccount.freshRoot("cut")
        let local = study.appendingPathComponent("c")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        let payload = randomBytes(48 << 20)
        try payload.write(to: local.appendingPathComponent("POTCAR"))
        let item = UploadItem(remoteFolder: try StagingPath("s/c"), localFolder: local.path, files: ["POTCAR"])
        // A time limit far below what 48 MB of incompressible data needs (here: ~0.5 s through
        // ssh, 0.3 s to digest): the connection is cut. A machine fast enough to finish within
        // it gets a fresh work root and a quarter of the limit, until the cut comes.
        var hasty = StagingEngine(channel: transport, root: root, scratchFolder: study.path + "/.adhere/transfers", timeoutSeconds: 0.1)
        while true {
            let report: TransferReport
            do { report = try await hasty.upload([item]) } catch {
                #expect(error.isRetryable, "\(error)")
                break
            }
            try #require(hasty.timeoutSeconds > 0.001, "a \(hasty.timeoutSeconds) s limit did not cut the transfer: \(report)")
            hasty = StagingEngine(channel: transport, root: try HPCAccount.freshRoot("cut"),
                                  scratchFolder: study.path + "/.adhere/transfers", timeoutSeconds: hasty.timeoutSeconds / 4)
        }
        #expect(!FileManager.default.fileExists(atPath: hasty.root + "/s/c/POTCAR"))
        hasty.timeoutSeconds = 600
        let report = try await hasty.upload([item])
        #expect(report.completed == [item.remoteFolder])
        #expect(FileManager.default.contents(atPath: hasty.root + "/s/c/POTCAR") == payload)
    }
}
