import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Moves calculations' files between this machine and `WORK = root` on the cluster, in batches:
/// one remote command uploads (or downloads) any number of calculations, as one gzip'd tar
/// stream over the channel — for ssh, the ControlMaster socket the scheduler commands use.
///
/// Guarantees (docs/real-cluster.md, "Staging"):
/// - a file is used only after its size and SHA-256 matched the sender's: uploads are unpacked
///   under `WORK/.adhere-incoming/` and renamed into place by the cluster only when verified;
///   downloads are unpacked under `scratchFolder` (same file system as the calculation folders)
///   and renamed into place here only when verified — a killed transfer leaves nothing
///   half-written where a reader looks, only scratch that the next transfer deletes;
/// - a late upload from a killed run never overwrites a newer one (a generation number per
///   folder, under the work root's `flock`);
/// - every path reaches the cluster as a quoted argument or a line of input, never as shell text.
///
/// The caller holds the study's lock (one transfer per study at a time): each call empties
/// `scratchFolder` first.
public struct StagingEngine: Sendable {
    /// Where the commands run (an `SSHTransport`, or `LocalTransport` for a local work root).
    public var channel: any StagingChannel
    /// The expanded absolute work root on the cluster (`RemoteWorkRoot.resolve`).
    public var root: String
    /// A folder on this machine for archives in flight, on the same file system as the
    /// calculation folders (e.g. `STUDY/.adhere/transfers`).
    public var scratchFolder: String
    /// gzip level for downloads (1 fast … 9 small); uploads use gzip's default.
    public var compressionLevel: Int
    /// Time limit for one batch's remote command, in seconds.
    public var timeoutSeconds: Double

    public init(channel: any StagingChannel, root: String, scratchFolder: String,
                compressionLevel: Int = 6, timeoutSeconds: Double = 1800) {
        self.channel = channel
        self.root = root
        self.scratchFolder = scratchFolder
        self.compressionLevel = min(max(compressionLevel, 1), 9)
        self.timeoutSeconds = timeoutSeconds
    }

    private var host: String { channel.hostDescription }

    // MARK: Upload

    /// Sends every item's files in one batch. Throws only when nothing could be decided (no
    /// connection, unreadable local file, remote error); per-folder integrity failures are in
    /// `refused`.
    public func upload(_ items: [UploadItem]) async throws(StagingError) -> TransferReport {
        try await upload(items, beforePacking: nil)
    }

    /// `upload`, with a hook between digesting and packing (tests change a file there to show
    /// that the cluster refuses it).
    func upload(_ items: [UploadItem], beforePacking: (() -> Void)?) async throws(StagingError) -> TransferReport {
        var report = TransferReport()
        guard !items.isEmpty else { return report }
        let work = try freshScratch()
        defer { try? FileManager.default.removeItem(atPath: work) }

        var sources: [(folder: StagingPath, path: StagingPath, local: String)] = []
        for item in items {
            for name in item.files {
                let relative = try item.remoteFolder.appending(name)
                sources.append((item.remoteFolder, relative, item.localFolder + "/" + name))
            }
        }
        let digests = try LocalDigest.digests(of: sources.map(\.local))

        // A tree of symbolic links shaped like the work root; tar follows them (-h).
        let tree = work + "/tree"
        var manifest = ""
        for source in sources {
            let digest = digests[source.local]!
            let link = tree + "/" + source.path.text
            try makeFolder((link as NSString).deletingLastPathComponent)
            do { try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: source.local) } catch {
                throw .localFileSystem(path: link, detail: "\(error)")
            }
            manifest += "\(source.folder.text)\t\(digest.sizeBytes)\t\(digest.sha256)\t\(source.path.text)\n"
            report.fileBytes[source.folder, default: 0] += digest.sizeBytes
        }
        try write(manifest, to: tree + "/.adhere-manifest")
        beforePacking?()
        let archive = work + "/upload.tar.gz"
        try await runLocal(["tar", "-c", "-h", "-z", "--owner=0", "--group=0", "-f", archive, "-C", tree, "."], step: "packing the upload")
        report.wireBytes = LocalDigest.regularFileSize(archive) ?? 0

        let answerPath = work + "/answer.txt"
        let stage = "\(Self.generationNow())-\(getpid())"
        let outcome = try await runRemote(["sh", "-c", StagingScripts.upload, "sh", root, stage, String(Self.generationNow())],
                                          input: archive, output: answerPath, step: "upload")
        report.remoteCommands = 1
        let answer = (try? String(contentsOfFile: answerPath, encoding: .utf8)) ?? ""
        try check(outcome, step: "upload", answer: answer)
        let folders = items.map(\.remoteFolder)
        Self.readUploadAnswer(answer, folders: folders, into: &report)
        return report
    }

    /// Fills `completed`/`refused`/`stale` from the upload script's answer; a folder the answer
    /// does not mention is refused (the script stopped before it).
    static func readUploadAnswer(_ answer: String, folders: [StagingPath], into report: inout TransferReport) {
        var byText: [String: StagingPath] = [:]
        for f in folders { byText[f.text] = f }
        var installed = Set<StagingPath>()
        for line in answer.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2, let folder = byText[fields[1]] else { continue }
            switch fields[0] {
            case "installed": installed.insert(folder)
            case "stale": report.stale.append(folder)
            case "refused" where fields.count >= 4:
                report.refused[folder] = (report.refused[folder].map { $0 + "; " } ?? "") + "\(fields[2]): \(fields[3])"
            default: continue
            }
        }
        for folder in folders where report.refused[folder] == nil && !report.stale.contains(folder) {
            if installed.contains(folder) { report.completed.append(folder) } else { report.refused[folder] = "no answer from the cluster" }
        }
    }

    // MARK: Download

    /// Fetches every item's files in one batch into the items' local folders (created when
    /// missing). Each file is renamed into place only after its size and SHA-256 matched the
    /// cluster's; a folder is `completed` when all its present files did and no required file
    /// was missing.
    public func download(_ items: [DownloadItem]) async throws(StagingError) -> TransferReport {
        let fetched = try await fetchArchive(items)
        defer { try? FileManager.default.removeItem(atPath: fetched.work) }
        return try await install(fetched, items: items)
    }

    /// A downloaded and unpacked batch, not yet checked nor installed.
    struct FetchedBatch {
        var work: String
        var tree: String
        var manifest: [String: ManifestEntry]
        var wireBytes: Int64
    }

    enum ManifestEntry: Equatable {
        case file(FileDigest)
        case missing
    }

    /// Step 1 of `download`: one remote command, its stream unpacked under the scratch folder.
    func fetchArchive(_ items: [DownloadItem]) async throws(StagingError) -> FetchedBatch {
        let work = try freshScratch()
        var request = ""
        for item in items {
            for file in item.files {
                let path = try item.remoteFolder.appending(file.name)
                switch file.extent {
                case .whole: request += "whole\t\(path.text)\n"
                case let .tail(bytes): request += "tail:\(max(bytes, 1))\t\(path.text)\n"
                }
            }
        }
        let requestPath = work + "/request.txt"
        try write(request, to: requestPath)
        let archive = work + "/download.tar.gz"
        let outcome = try await runRemote(["sh", "-c", StagingScripts.download, "sh", root, String(compressionLevel)],
                                          input: requestPath, output: archive, step: "download")
        try check(outcome, step: "download", answer: "")
        let tree = work + "/tree"
        try makeFolder(tree)
        try await runLocal(["tar", "-x", "-z", "--no-same-owner", "--no-same-permissions", "-f", archive, "-C", tree],
                           step: "unpacking the download")
        guard let text = try? String(contentsOfFile: tree + "/.adhere-manifest", encoding: .utf8) else {
            throw .unexpectedAnswer(host: host, step: "download", output: "no manifest in the archive")
        }
        return FetchedBatch(work: work, tree: tree, manifest: Self.parseDownloadManifest(text),
                            wireBytes: LocalDigest.regularFileSize(archive) ?? 0)
    }

    /// `[path: entry]` from the download script's manifest; malformed lines are ignored (their
    /// files then count as not received).
    static func parseDownloadManifest(_ text: String) -> [String: ManifestEntry] {
        var entries: [String: ManifestEntry] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count == 2, fields[0] == "missing" { entries[fields[1]] = .missing }
            if fields.count == 4, fields[0] == "file", let size = Int64(fields[1]), FileDigest.isDigest(fields[2]) {
                entries[fields[3]] = .file(FileDigest(sizeBytes: size, sha256: fields[2]))
            }
        }
        return entries
    }

    /// Step 2 of `download`: checks every received file against the manifest and renames the
    /// files of each fully verified folder into place.
    func install(_ batch: FetchedBatch, items: [DownloadItem]) async throws(StagingError) -> TransferReport {
        var report = TransferReport()
        report.wireBytes = batch.wireBytes
        report.remoteCommands = 1
        var received: [String] = []
        for item in items {
            for file in item.files {
                let path = try item.remoteFolder.appending(file.name).text
                if case .file = batch.manifest[path], LocalDigest.regularFileSize(batch.tree + "/" + path) != nil {
                    received.append(batch.tree + "/" + path)
                }
            }
        }
        let local = received.isEmpty ? [:] : try LocalDigest.digests(of: received)
        for item in items {
            var problems: [String] = []
            var ready: [(from: String, to: String)] = []
            var bytes: Int64 = 0
            for file in item.files {
                let path = try item.remoteFolder.appending(file.name).text
                switch batch.manifest[path] {
                case .missing?:
                    if file.required { problems.append("\(file.name) missing on the cluster") } else {
                        report.missingOptional[item.remoteFolder, default: []].append(file.name)
                    }
                case let .file(sent)?:
                    guard let got = local[batch.tree + "/" + path] else { problems.append("\(file.name) not received"); continue }
                    if got != sent {
                        problems.append("\(file.name): received \(got), sent \(sent)")
                        continue
                    }
                    bytes += got.sizeBytes
                    ready.append((batch.tree + "/" + path, item.localFolder + "/" + file.name))
                case nil:
                    problems.append("\(file.name) not in the cluster's answer")
                }
            }
            report.fileBytes[item.remoteFolder] = bytes
            guard problems.isEmpty else {
                report.refused[item.remoteFolder] = problems.joined(separator: "; ")
                continue
            }
            try makeFolder(item.localFolder)
            for move in ready where rename(move.from, move.to) != 0 {
                throw .localFileSystem(path: move.to, detail: "cannot rename the verified file into place: \(String(cString: strerror(errno)))")
            }
            report.completed.append(item.remoteFolder)
        }
        return report
    }

    // MARK: Clean-up

    /// Deletes `folders` below the work root (one remote command). Returns the folders removed.
    @discardableResult
    public func remove(_ folders: [StagingPath]) async throws(StagingError) -> [StagingPath] {
        guard !folders.isEmpty else { return [] }
        let work = try freshScratch()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let answerPath = work + "/answer.txt"
        let outcome = try await runRemote(["sh", "-c", StagingScripts.remove, "sh", root] + folders.map(\.text),
                                          input: nil, output: answerPath, step: "clean-up")
        let answer = (try? String(contentsOfFile: answerPath, encoding: .utf8)) ?? ""
        try check(outcome, step: "clean-up", answer: answer)
        let removed = Set(answer.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("removed\t") ? String(line.dropFirst("removed\t".count)) : nil
        })
        return folders.filter { removed.contains($0.text) }
    }

    // MARK: Plumbing

    /// A new private folder under `scratchFolder`, after deleting what killed transfers left.
    private func freshScratch() throws(StagingError) -> String {
        let fm = FileManager.default
        try makeFolder(scratchFolder)
        if let leftovers = try? fm.contentsOfDirectory(atPath: scratchFolder) {
            for name in leftovers { try? fm.removeItem(atPath: scratchFolder + "/" + name) }
        }
        let work = scratchFolder + "/" + UUID().uuidString
        try makeFolder(work)
        return work
    }

    private func makeFolder(_ path: String) throws(StagingError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .localFileSystem(path: path, detail: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    private func write(_ text: String, to path: String) throws(StagingError) {
        do { try text.write(toFile: path, atomically: false, encoding: .utf8) } catch {
            throw .localFileSystem(path: path, detail: "cannot write: \(error.localizedDescription)")
        }
    }

    private func runLocal(_ arguments: [String], step: String) async throws(StagingError) {
        let result: CommandResult
        do { result = try await LocalTransport().run(arguments, input: nil, timeoutSeconds: Self.localTimeoutSeconds) } catch {
            throw .transferFailed(host: "local", step: step, status: -1, detail: "\(error)")
        }
        if result.timedOut { throw .timedOut(host: "local", step: step, seconds: Self.localTimeoutSeconds) }
        guard result.status == 0 else {
            throw .transferFailed(host: "local", step: step, status: result.status, detail: result.stderr.trimmed)
        }
    }

    private func runRemote(_ arguments: [String], input: String?, output: String, step: String) async throws(StagingError) -> StreamingCommand.Outcome {
        let argv: [String]
        do { argv = try channel.channelArguments(for: arguments) } catch {
            throw .transferFailed(host: host, step: step, status: -1, detail: "\(error)")
        }
        return try await StreamingCommand.run(argv, inputPath: input, outputPath: output, timeoutSeconds: timeoutSeconds)
    }

    /// Turns a failed remote command into the error the caller acts on.
    private func check(_ outcome: StreamingCommand.Outcome, step: String, answer: String) throws(StagingError) {
        if outcome.timedOut { throw .timedOut(host: host, step: step, seconds: timeoutSeconds) }
        guard outcome.status == 0 else {
            let detail = outcome.status == channel.statusMeansConnectionLost ? "connection lost: " + outcome.stderr.trimmed : outcome.stderr.trimmed
            throw .transferFailed(host: host, step: step, status: outcome.status, detail: detail.isEmpty ? answer.trimmed : detail)
        }
    }

    /// Time limit for steps on this machine (digests, packing, unpacking), in seconds.
    static let localTimeoutSeconds: Double = 3600

    /// Microseconds since 1970: orders uploads of one folder across runs.
    static func generationNow() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}
