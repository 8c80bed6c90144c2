import Foundation
import Testing
import TestSupport
@testable import Slurm

/// SIGKILL of the client in the middle of transfers, again and again (docs/real-cluster.md,
/// "Staging"). Each round runs one batched upload or download in a child process (a Swift
/// Testing exit test) that kills itself with SIGKILL after a random delay — while ssh streams,
/// while tar packs or unpacks, while digests are taken or files are renamed. After every round
/// the files where readers look are checked: each must be byte-identical to a version that was
/// sent whole (anything else counts as half-written), and no folder may hold names that were
/// never sent (duplicates, temporary names). A last, undisturbed transfer must then bring every
/// file (nothing lost).
@Suite(.serialized, .sharedCluster, .enabled(if: HPCAccount.available, Comment(rawValue: HPCAccount.missingMessage)))
struct StagingKillLoopTests {
    static let rounds = 8
    static let calculations = (0..<6).map { "calc-\($0)" }

    /// SHA-256 of each file, from coreutils sha256sum run by the test itself.
    static func sha256(_ paths: [String]) -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        var out: [String: String] = [:]
        for line in Fixtures.run("/usr/bin/sha256sum", ["--"] + paths).stdout.split(separator: "\n") {
            let hash = String(line.prefix(64))
            out[String(line.dropFirst(66))] = hash
        }
        return out
    }

    /// Regular files below `folder` (relative paths), skipping `skip` names.
    static func files(below folder: String, skipping skip: Set<String> = []) -> [String] {
        guard let all = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let path = all.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDir), !isDir.boolValue,
               !skip.contains((path as NSString).lastPathComponent) { out.append(path) }
        }
        return out.sorted()
    }

    /// Waits (up to a minute) until no process mentions `tag` in its command line: the ssh and tar
    /// children that a killed client leaves behind finish on their own.
    static func waitForOrphans(mentioning tag: String) {
        for _ in 0..<120 {
            if Fixtures.run("/usr/bin/pgrep", ["-f", tag]).status != 0 { return }
            usleep(500_000)
        }
    }

    /// Seconds from the moment `folder` first holds something (the transfer has visibly begun)
    /// to the end of `transfer`: the window in which a kill lands mid-transfer. The whole call
    /// also digests and packs locally before anything appears there, so timing the whole call
    /// overstates the window (on a fast machine most kills then came after the end).
    static func busySeconds(watching folder: String, during transfer: () async throws -> Void) async rethrows -> Double {
        final class FirstSeen: @unchecked Sendable {
            let lock = NSLock()
            var moment: Date?
            var stop = false
        }
        let seen = FirstSeen()
        Thread.detachNewThread {
            while true {
                if seen.lock.withLock({ seen.stop || seen.moment != nil }) { return }
                if !((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty {
                    seen.lock.withLock { seen.moment = Date() }
                    return
                }
                usleep(1000)
            }
        }
        let started = Date()
        try await transfer()
        let ended = Date()
        let moment = seen.lock.withLock { seen.stop = true; return seen.moment ?? started }
        return max(ended.timeIntervalSince(moment), 0.01)
    }

    /// SIGKILLs this process a random moment after the transfer has visibly begun (`folder`
    /// holds a partial file), so that kills land mid-transfer however loaded the machine is;
    /// after 20 s without a sign of it, kills anyway.
    static func killOnceBusy(watching folder: String, thenAfter delayMicroseconds: UInt32) {
        Thread.detachNewThread {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty {
                usleep(1000)
            }
            usleep(delayMicroseconds)
            kill(getpid(), SIGKILL)
        }
    }

    @Test func killLoopDuringUploadOverSSHD() async throws {
        let sshd = try #require(LoopbackSSHD.shared)
        let study = try HPCAccount.privateStudy("kill-up")
        let root = try HPCAccount.freshRoot("kill-up")
        let options = sshd.options(user: HPCAccount.user)
        let controlDirectory = "/tmp/adh-ssh-\(sshd.port)"
        let scratch = study.path + "/.adhere/transfers"
        let calcs = Self.calculations
        let names = ["INCAR", "POTCAR"]
        let transport = SSHTransport(host: "127.0.0.1", options: options, controlDirectory: controlDirectory, controlPersistSeconds: 30)
        let engine = StagingEngine(channel: transport, root: root, scratchFolder: scratch)
        let items = try calcs.map { UploadItem(remoteFolder: try StagingPath("s/\($0)"), localFolder: study.path + "/" + $0, files: names) }

        var wholeVersions: [String: Set<String>] = [:]  // "calc/name" → digests of every version sent
        func writeVersion(_ k: Int) throws {
            for calc in calcs {
                let folder = study.path + "/" + calc
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data("ENCUT = 450\nVERSION = \(k)\n".utf8).write(to: URL(fileURLWithPath: folder + "/INCAR"))
                try randomBytes(1_500_000).write(to: URL(fileURLWithPath: folder + "/POTCAR"))
            }
            let paths = calcs.flatMap { c in names.map { study.path + "/\(c)/\($0)" } }
            for (path, hash) in Self.sha256(paths) {
                wholeVersions[String(path.dropFirst(study.path.count + 1)), default: []].insert(hash)
            }
        }

        try writeVersion(0)
        // The first transfer also opens the shared ssh connection, which the killed children then
        // reuse: time a second one, so the kill delays match a warm transfer.
        _ = try await engine.upload(items)
        var first = TransferReport()
        let busySeconds = try await Self.busySeconds(watching: root + "/.adhere-incoming") { first = try await engine.upload(items) }
        #expect(first.completed.count == calcs.count)

        var halfWritten = 0, unexpected = 0, killedMidway = 0
        for round in 1...Self.rounds {
            try writeVersion(round)
            let delayMicroseconds = UInt32(Double.random(in: 0...0.8) * busySeconds * 1_000_000)
            let marker = study.path + "/finished-\(round)"
            await #expect(processExitsWith: .signal(SIGKILL)) { [options = options as [String], controlDirectory = controlDirectory as String, root = root as String, scratch = scratch as String, calcs = calcs as [String], names = names as [String], delayMicroseconds = delayMicroseconds as UInt32, marker = marker as String, studyPath = study.path as String] in
                let transport = SSHTransport(host: "127.0.0.1", options: options, controlDirectory: controlDirectory, controlPersistSeconds: 30)
                let engine = StagingEngine(channel: transport, root: root, scratchFolder: scratch)
                let items = try calcs.map { UploadItem(remoteFolder: try StagingPath("s/\($0)"), localFolder: studyPath + "/" + $0, files: names) }
                Self.killOnceBusy(watching: root + "/.adhere-incoming", thenAfter: delayMicroseconds)
                _ = try? await engine.upload(items)
                FileManager.default.createFile(atPath: marker, contents: nil)
                kill(getpid(), SIGKILL)
            }
            if !FileManager.default.fileExists(atPath: marker) { killedMidway += 1 }
            // What a job would read now in the work root.
            let present = Self.files(below: root + "/s", skipping: [".adhere-generation"])
            unexpected += present.filter { p in !calcs.contains { c in names.contains { "\(c)/\($0)" == p } } }.count
            for (path, hash) in Self.sha256(present.map { root + "/s/" + $0 }) {
                let key = String(path.dropFirst(root.count + 3))
                if !(wholeVersions[key]?.contains(hash) ?? false) { halfWritten += 1 }
            }
        }

        // The last, undisturbed upload wins over any late answer of a killed round.
        Self.waitForOrphans(mentioning: root)
        let last = try await engine.upload(items)
        #expect(last.completed.count == calcs.count, "\(last.refused) stale \(last.stale)")
        Self.waitForOrphans(mentioning: root)
        var lost = 0
        let latest = Self.sha256(calcs.flatMap { c in names.map { study.path + "/\(c)/\($0)" } })
        for calc in calcs {
            for name in names {
                let remote = Self.sha256([root + "/s/\(calc)/\(name)"]).values.first
                if remote != latest[study.path + "/\(calc)/\(name)"] { lost += 1 }
            }
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: root + "/.adhere-incoming")) ?? []
        print("kill loop, upload: \(Self.rounds) rounds, \(killedMidway) killed mid-transfer (busy window of a whole batch \(String(format: "%.2f", busySeconds)) s): lost \(lost), duplicated/unexpected \(unexpected), half-written seen \(halfWritten), incoming leftovers \(leftovers.count)")
        #expect(killedMidway >= 1, "no round was killed before its upload finished")
        #expect(halfWritten == 0)
        #expect(unexpected == 0)
        #expect(lost == 0)
        #expect(leftovers.isEmpty)
    }

    @Test func killLoopDuringDownloadOverSSHD() async throws {
        let sshd = try #require(LoopbackSSHD.shared)
        let study = try HPCAccount.privateStudy("kill-down")
        let root = try HPCAccount.freshRoot("kill-down")
        let options = sshd.options(user: HPCAccount.user)
        let controlDirectory = "/tmp/adh-ssh-\(sshd.port)"
        let scratch = study.path + "/.adhere/transfers"
        let calcs = Self.calculations
        let names = ["vasprun.xml", "CONTCAR", "OSZICAR"]
        for (i, calc) in calcs.enumerated() {
            let folder = root + "/s/" + calc
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(vasprunLikeText(bytes: 2_500_000, seed: i).utf8).write(to: URL(fileURLWithPath: folder + "/vasprun.xml"))
            try randomBytes(600_000).write(to: URL(fileURLWithPath: folder + "/CONTCAR"))
            try Data("1 F= -\(i).5\n".utf8).write(to: URL(fileURLWithPath: folder + "/OSZICAR"))
        }
        HPCAccount.chown(root)
        var remote: [String: Data] = [:]
        for calc in calcs { for name in names { remote["\(calc)/\(name)"] = FileManager.default.contents(atPath: root + "/s/\(calc)/\(name)") } }
        let transport = SSHTransport(host: "127.0.0.1", options: options, controlDirectory: controlDirectory, controlPersistSeconds: 30)
        let engine = StagingEngine(channel: transport, root: root, scratchFolder: scratch)
        let items = try calcs.map { DownloadItem(remoteFolder: try StagingPath("s/\($0)"), localFolder: study.path + "/calculations/" + $0, files: names.map { DownloadFile($0) }) }

        _ = try await engine.download(items)  // opens the shared ssh connection (see the upload loop)
        var first = TransferReport()
        let busySeconds = try await Self.busySeconds(watching: scratch) { first = try await engine.download(items) }
        #expect(first.completed.count == calcs.count)

        var halfWritten = 0, unexpected = 0, killedMidway = 0, used = 0
        for round in 1...Self.rounds {
            try? FileManager.default.removeItem(atPath: study.path + "/calculations")  // not fetched yet
            let delayMicroseconds = UInt32(Double.random(in: 0...0.8) * busySeconds * 1_000_000)
            let marker = study.path + "/finished-\(round)"
            await #expect(processExitsWith: .signal(SIGKILL)) { [options = options as [String], controlDirectory = controlDirectory as String, root = root as String, scratch = scratch as String, calcs = calcs as [String], names = names as [String], delayMicroseconds = delayMicroseconds as UInt32, marker = marker as String, studyPath = study.path as String] in
                let transport = SSHTransport(host: "127.0.0.1", options: options, controlDirectory: controlDirectory, controlPersistSeconds: 30)
                let engine = StagingEngine(channel: transport, root: root, scratchFolder: scratch)
                let items = try calcs.map { DownloadItem(remoteFolder: try StagingPath("s/\($0)"), localFolder: studyPath + "/calculations/" + $0, files: names.map { DownloadFile($0) }) }
                Self.killOnceBusy(watching: scratch, thenAfter: delayMicroseconds)
                _ = try? await engine.download(items)
                FileManager.default.createFile(atPath: marker, contents: nil)
                kill(getpid(), SIGKILL)
            }
            if !FileManager.default.fileExists(atPath: marker) { killedMidway += 1 }
            // What a reader (collect) would parse now.
            for path in Self.files(below: study.path + "/calculations") {
                guard let sent = remote[path] else { unexpected += 1; continue }
                used += 1
                if FileManager.default.contents(atPath: study.path + "/calculations/" + path) != sent { halfWritten += 1 }
            }
        }

        Self.waitForOrphans(mentioning: scratch)
        try? FileManager.default.removeItem(atPath: study.path + "/calculations")
        let last = try await engine.download(items)
        #expect(last.completed.count == calcs.count, "\(last.refused)")
        var lost = 0
        for (path, data) in remote where FileManager.default.contents(atPath: study.path + "/calculations/" + path) != data { lost += 1 }
        let extra = Self.files(below: study.path + "/calculations").filter { remote[$0] == nil }.count
        Self.waitForOrphans(mentioning: scratch)
        let leftovers = Self.files(below: scratch)
        print("kill loop, download: \(Self.rounds) rounds, \(killedMidway) killed mid-transfer (busy window of a whole batch \(String(format: "%.2f", busySeconds)) s, \(first.totalFileBytes) B as \(first.wireBytes) B gzip'd): files checked after kills \(used), lost \(lost), duplicated/unexpected \(unexpected + extra), half-written seen \(halfWritten), scratch leftovers \(leftovers.count)")
        #expect(killedMidway >= 1, "no round was killed before its download finished")
        #expect(halfWritten == 0)
        #expect(unexpected + extra == 0)
        #expect(lost == 0)
        #expect(leftovers.isEmpty)
    }
}
