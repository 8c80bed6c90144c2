import Foundation
import Slurm

/// A study run against a cluster that cannot see the study folder (the profile has `work_dir`):
/// each calculation's inputs are uploaded to `WORK/<study>/<calculation>/` before sbatch, the job
/// runs there, and its outputs are fetched back into the local folder, which stays the source of
/// truth (docs/real-cluster.md). The transfers are the Slurm module's `StagingEngine`.
///
/// Two steps join the state machine, written into the history like the sbatch intent:
/// `stage-intent` → upload → `staged` (a built calculation is submitted only when its last event
/// is `staged`: any later event — recovery, retry, rebuild, collect's continuation — asks for a
/// new upload), and `fetch-intent` → download → `fetched` (collect parses a finished calculation,
/// and recovery looks at a failed one, only when its last event is `fetched`). A run killed
/// between intent and result leaves the intent, and the next run simply transfers again:
/// uploads replace the remote folder's content, downloads are renamed into place only when
/// verified, so a repeated transfer never duplicates or half-writes anything.
public final class RemoteStaging: @unchecked Sendable {
    /// The profile's work root as written (`$USER`/`$HOME` not yet expanded).
    public let workRoot: RemoteWorkRoot
    /// The transport of the scheduler commands (same ssh ControlMaster socket).
    public let transport: any Transport
    /// The name of the study's folder under the work root.
    public let studyName: String
    /// The local study folder.
    public let studyDirectory: URL
    /// What happens to fetched folders on the cluster.
    public let cleanup: RemoteCleanupPolicy

    private let lock = NSLock()
    private var resolvedRoot: String?

    /// Staging for `profile`, or nil when the profile has no `work_dir` (shared-path mode).
    public init?(profile: ClusterProfile, studyName: String, studyDirectory: URL, transport: (any Transport)? = nil) {
        guard let root = profile.workDir else { return nil }
        workRoot = root
        self.transport = transport ?? profile.makeTransport()
        self.studyName = studyName
        self.studyDirectory = studyDirectory
        cleanup = profile.remoteCleanup
    }

    // MARK: Decisions (no I/O)

    /// Inputs uploaded for every calculation (those present in its folder).
    public static let inputNames = ["INCAR", "POSCAR", "KPOINTS", "POTCAR", "POTCAR.spec"]

    /// OUTCAR bytes fetched from a finished run (its end; the whole file for a failed one, where
    /// recovery may read NBANDS near its start).
    public static let outcarTailBytes = 1 << 20

    /// The files fetched for a calculation that ended: what collect and recovery read. All are
    /// optional — a job that died early leaves few; collect and recovery judge what is there.
    public static func downloads(for record: CalculationRecord) -> [DownloadFile] {
        var files = [DownloadFile("vasprun.xml", required: false), DownloadFile("CONTCAR", required: false),
                     DownloadFile("OSZICAR", required: false), DownloadFile("vasp.out", required: false),
                     DownloadFile("STOPCAR", required: false)]
        files.append(record.state == .failed ? DownloadFile("OUTCAR", required: false)
                                             : DownloadFile("OUTCAR", extent: .tail(bytes: outcarTailBytes), required: false))
        if let job = record.slurmJobID { files.append(DownloadFile("slurm-\(job).out", required: false)) }
        return files
    }

    /// True when a built calculation's inputs are on the cluster as they are now.
    public static func isStaged(lastEvent: HistoryEvent?) -> Bool { lastEvent == .staged }

    /// True when a calculation's job ended and its outputs are not yet here: finished or failed
    /// with a job, and nothing happened since the scheduler said so but (maybe) a fetch intent.
    public static func awaitsFetch(_ record: CalculationRecord, lastEvent: HistoryEvent?) -> Bool {
        guard record.state == .finished || record.state == .failed, record.slurmJobID != nil else { return false }
        switch lastEvent {
        case .poll?, .reconcile?, .fetchIntent?: return true
        default: return false
        }
    }

    // MARK: Paths

    /// `<study>/<calculation>` below the work root.
    public func remoteFolder(calculationID: String) throws(StagingError) -> StagingPath {
        try StagingPath(studyName).appending(calculationID)
    }

    /// The absolute remote folder of a calculation, once the root was resolved (nil before).
    public func remotePath(calculationID: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        guard let root = resolvedRoot, let folder = try? remoteFolder(calculationID: calculationID) else { return nil }
        return root + "/" + folder.text
    }

    /// The expanded work root (asked from the cluster once).
    public func root() async throws -> String {
        if let r = (lock.withLock { resolvedRoot }) { return r }
        let r = try await workRoot.resolve(over: transport)
        lock.withLock { resolvedRoot = r }
        return r
    }

    func engine() async throws -> StagingEngine {
        guard let channel = transport as? StagingChannel else {
            throw StagingError.unexpectedAnswer(host: transport.hostDescription, step: "staging", output: "this transport cannot carry transfers")
        }
        return StagingEngine(channel: channel, root: try await root(),
                             scratchFolder: studyDirectory.appendingPathComponent(".adhere/transfers").path)
    }

    // MARK: Steps

    /// What one step moved.
    public struct Report: Sendable {
        /// Calculations done (staged or fetched).
        public var done: [String] = []
        /// Calculations left for the next run, with the reason.
        public var refused: [(id: String, reason: String)] = []
        /// File bytes per calculation (uncompressed).
        public var fileBytes: [String: Int64] = [:]
        /// Bytes of the whole batch on the wire (gzip'd tar stream).
        public var wireBytes: Int64 = 0
    }

    /// Uploads every built calculation not yet staged (one batch), `built` stays `built`, the
    /// history says `staged`.
    public func stageBuilt(_ store: StateStore) async throws -> Report {
        let last = try store.lastHistoryEvents()
        let due = try store.calculations(in: [.built]).filter { !Self.isStaged(lastEvent: last[$0.id]) }
        guard !due.isEmpty else { return Report() }
        let engine = try await engine()
        var items: [UploadItem] = []
        var ids: [StagingPath: String] = [:]
        for record in due {
            let local = studyDirectory.appendingPathComponent(record.folder).path
            let names = Self.inputNames.filter { FileManager.default.fileExists(atPath: local + "/" + $0) }
            let folder = try remoteFolder(calculationID: record.id)
            ids[folder] = record.id
            items.append(UploadItem(remoteFolder: folder, localFolder: local, files: names))
        }
        var bytes: Int64 = 0
        for item in items {
            for name in item.files {
                bytes += ((try? FileManager.default.attributesOfItem(atPath: item.localFolder + "/" + name))?[.size] as? Int64) ?? 0
            }
        }
        try store.transaction { tx throws(StateStoreError) in
            for (folder, id) in ids { try tx.note(id, event: .stageIntent, note: "uploading inputs to \(engine.root)/\(folder)") }
        }
        let inFlight = TransferInFlight(direction: .upload, calculations: due.map(\.id), fileBytes: bytes, startedAt: Date())
        try? inFlight.save(studyDirectory: studyDirectory)
        defer { TransferInFlight.clear(studyDirectory: studyDirectory) }
        let transfer = try await engine.upload(items)
        return try record(transfer, ids: ids, store: store, event: .staged, verb: "staged")
    }

    /// Downloads the outputs of every calculation whose job ended and that is not yet fetched
    /// (one batch). Calculations whose fetch failed stay waiting (returned in `refused`).
    public func fetchSettled(_ store: StateStore) async throws -> Report {
        let last = try store.lastHistoryEvents()
        let due = try store.calculations(in: [.finished, .failed]).filter { Self.awaitsFetch($0, lastEvent: last[$0.id]) }
        guard !due.isEmpty else { return Report() }
        let engine = try await engine()
        var items: [DownloadItem] = []
        var ids: [StagingPath: String] = [:]
        for record in due {
            let folder = try remoteFolder(calculationID: record.id)
            ids[folder] = record.id
            items.append(DownloadItem(remoteFolder: folder, localFolder: studyDirectory.appendingPathComponent(record.folder).path,
                                      files: Self.downloads(for: record)))
        }
        try store.transaction { tx throws(StateStoreError) in
            for r in due { try tx.note(r.id, event: .fetchIntent, note: "downloading the outputs of job \(r.slurmJobID ?? "-")") }
        }
        let inFlight = TransferInFlight(direction: .download, calculations: due.map(\.id), fileBytes: nil, startedAt: Date())
        try? inFlight.save(studyDirectory: studyDirectory)
        defer { TransferInFlight.clear(studyDirectory: studyDirectory) }
        let transfer = try await engine.download(items)
        let report = try record(transfer, ids: ids, store: store, event: .fetched, verb: "fetched")
        // Failed runs: the policy may delete them now (succeeded ones go after collect).
        let failedDone = due.filter { $0.state == .failed && report.done.contains($0.id) }.map(\.id)
        if cleanup.deletesAfterFetch(succeeded: false) { try await remove(failedDone, store: store) }
        return report
    }

    /// Applies the clean-up policy to calculations collect has just parsed.
    public func cleanUp(parsed ids: [String], store: StateStore) async throws {
        guard cleanup.deletesAfterFetch(succeeded: true) else { return }
        try await remove(ids, store: store)
    }

    private func remove(_ ids: [String], store: StateStore) async throws {
        guard !ids.isEmpty else { return }
        let engine = try await engine()
        var byFolder: [String: String] = [:]
        for id in ids { byFolder[try remoteFolder(calculationID: id).text] = id }
        let removed = try await engine.remove(try ids.map { try remoteFolder(calculationID: $0) })
        try store.transaction { tx throws(StateStoreError) in
            for folder in removed {
                if let id = byFolder[folder.text] { try tx.note(id, event: .remoteCleanup, note: "deleted \(engine.root)/\(folder) (\(cleanup.rawValue))") }
            }
        }
    }

    private func record(_ transfer: TransferReport, ids: [StagingPath: String], store: StateStore,
                        event: HistoryEvent, verb: String) throws -> Report {
        var report = Report()
        report.wireBytes = transfer.wireBytes
        let total = max(transfer.totalFileBytes, 1)
        try store.transaction { tx throws(StateStoreError) in
            for folder in transfer.completed {
                guard let id = ids[folder] else { continue }
                let bytes = transfer.fileBytes[folder] ?? 0
                // The batch's wire bytes shared out by file size: an estimate per calculation.
                let wire = Int64((Double(bytes) / Double(total) * Double(transfer.wireBytes)).rounded())
                try tx.note(id, event: event, note: "\(verb): \(bytes) B (≈ \(wire) B gzip'd on the wire)")
                report.done.append(id)
                report.fileBytes[id] = bytes
            }
            for (folder, reason) in transfer.refused {
                guard let id = ids[folder] else { continue }
                // Recorded as the intent again: the step is still due and the next run redoes it.
                let intent: HistoryEvent = event == .staged ? .stageIntent : .fetchIntent
                try tx.note(id, event: intent, note: "\(event == .staged ? "upload" : "download") refused, redone next run: \(reason)")
                report.refused.append((id, reason))
            }
            for folder in transfer.stale {
                if let id = ids[folder] { report.refused.append((id, "a newer upload reached the cluster first")) }
            }
        }
        return report
    }
}
