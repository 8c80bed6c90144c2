import Testing
@testable import Slurm

/// Staging decisions that need no cluster: work-root expansion, path checks, the probe's and
/// the transfer scripts' answers, the clean-up policy. Expected values are written by hand from
/// the rules in docs/real-cluster.md ("Staging").
struct StagingTests {
    @Test func workRootExpandsOnlyUserHomeAndLeadingTilde() throws {
        let user = "alice", home = "/home/alice"
        #expect(try RemoteWorkRoot("/scratch/$USER/adhere").expanded(user: user, home: home) == "/scratch/alice/adhere")
        #expect(try RemoteWorkRoot("${HOME}/work/${USER}/").expanded(user: user, home: home) == "/home/alice/work/alice")
        #expect(try RemoteWorkRoot("~/adhere").expanded(user: user, home: home) == "/home/alice/adhere")
        #expect(try RemoteWorkRoot("/data/it's here").expanded(user: user, home: home) == "/data/it's here")
        for bad in ["$(touch /tmp/x)", "/scratch/$USERNAME", "/a/`id`", "relative/$USER", "/x/${USER", "/x/$SCRATCH", "/a\nb"] {
            #expect(throws: StagingError.self, "\(bad.debugDescription) must be refused") {
                try RemoteWorkRoot(bad).expanded(user: user, home: home)
            }
        }
    }

    @Test func stagingPathsStayBelowTheRoot() throws {
        #expect(try StagingPath("paper/li-slab 3").components == ["paper", "li-slab 3"])
        #expect(try StagingPath("st'udy $(x)").appending("calc;1").text == "st'udy $(x)/calc;1")
        for bad in ["", "/abs", "a/../b", "a//b", ".", "a/\tb", "a/b\n", "a/\u{7F}"] {
            #expect(throws: StagingError.self, "\(bad.debugDescription) must be refused") { try StagingPath(bad) }
        }
        #expect(throws: StagingError.self) { try StagingPath("a").appending("x/y") }
    }

    @Test func probeAnswerDecidesTheProblems() throws {
        let answer = "tool\ttar\ntool\tgzip\nmissing\tsha256sum\ntool\tflock\nroot\twritable\navailableKiB\t2048\n"
        let status = try #require(WorkRootStatus.parse(answer, path: "/w"))
        #expect(status.tools == ["tar", "gzip", "flock"])
        #expect(status.availableBytes == Int64(2048 * 1024))
        #expect(status.problems(host: "h", neededBytes: 1) == [.missingTool(host: "h", tool: "sha256sum")])
        var full = status
        full.missingTools = []
        #expect(full.problems(host: "h", neededBytes: 3 << 20)
            == [.workRootFull(host: "h", path: "/w", availableBytes: 2 << 20, neededBytes: 3 << 20)])
        #expect(full.problems(host: "h", neededBytes: 1 << 20).isEmpty)
        #expect(WorkRootStatus.parse("root\tmissing\n", path: "/w")?.problems(host: "h", neededBytes: 0)
            == [.workRootMissing(host: "h", path: "/w")])
        #expect(WorkRootStatus.parse("root\treadonly\n", path: "/w")?.problems(host: "h", neededBytes: 0)
            == [.workRootNotWritable(host: "h", path: "/w")])
        #expect(WorkRootStatus.parse("garbage", path: "/w") == nil)
    }

    @Test func uploadAnswerCountsOnlyInstalledFolders() throws {
        let a = try StagingPath("s/a"), b = try StagingPath("s/b"), c = try StagingPath("s/c"), d = try StagingPath("s/d")
        var report = TransferReport()
        let answer = "installed\ts/a\nrefused\ts/b\ts/b/INCAR\tsha256 x, sent y\nrefused\ts/b\ts/b/POSCAR\tmissing from the archive\nstale\ts/c\n"
        StagingEngine.readUploadAnswer(answer, folders: [a, b, c, d], into: &report)
        #expect(report.completed == [a])
        #expect(report.refused[b] == "s/b/INCAR: sha256 x, sent y; s/b/POSCAR: missing from the archive")
        #expect(report.stale == [c])
        #expect(report.refused[d] == "no answer from the cluster")
    }

    @Test func downloadManifestKeepsOnlyWellFormedLines() {
        let sum = String(repeating: "ab", count: 32)
        let text = "file\t12\t\(sum)\ts/a/vasprun.xml\nmissing\ts/a/CONTCAR\nfile\tx\t\(sum)\ts/a/bad\nfile\t3\tnothex\ts/a/bad2\n"
        let entries = StagingEngine.parseDownloadManifest(text)
        #expect(entries == ["s/a/vasprun.xml": .file(FileDigest(sizeBytes: 12, sha256: sum)), "s/a/CONTCAR": .missing])
    }

    @Test func cleanupPolicy() {
        #expect(RemoteCleanupPolicy.keep.deletesAfterFetch(succeeded: true) == false)
        #expect(RemoteCleanupPolicy.deleteAfterFetch.deletesAfterFetch(succeeded: false) == true)
        #expect(RemoteCleanupPolicy.keepFailed.deletesAfterFetch(succeeded: true) == true)
        #expect(RemoteCleanupPolicy.keepFailed.deletesAfterFetch(succeeded: false) == false)
        #expect(RemoteCleanupPolicy(rawValue: "keep-failed") == .keepFailed)
    }
}
