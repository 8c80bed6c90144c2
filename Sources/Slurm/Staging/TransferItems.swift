/// One calculation's inputs to send: `files` (names in `localFolder`) land, under the same
/// names, in `WORK/remoteFolder/`.
public struct UploadItem: Sendable, Equatable {
    /// Below the work root, e.g. `paper/li-slab-5` (study/calculation).
    public var remoteFolder: StagingPath
    /// Absolute folder on this machine.
    public var localFolder: String
    public var files: [String]

    public init(remoteFolder: StagingPath, localFolder: String, files: [String]) {
        self.remoteFolder = remoteFolder
        self.localFolder = localFolder
        self.files = files
    }
}

/// One file to fetch: all of it, or only its last bytes (e.g. the OUTCAR tail a reader needs).
public struct DownloadFile: Sendable, Equatable, Hashable {
    public enum Extent: Sendable, Equatable, Hashable {
        case whole
        /// The last `bytes` bytes.
        case tail(bytes: Int)
    }

    public var name: String
    public var extent: Extent
    /// A missing required file makes the whole calculation's fetch fail; optional ones are
    /// simply reported missing (e.g. CONTCAR of a job that never started VASP).
    public var required: Bool

    public init(_ name: String, extent: Extent = .whole, required: Bool = true) {
        self.name = name
        self.extent = extent
        self.required = required
    }
}

/// One calculation's outputs to fetch from `WORK/remoteFolder/` into `localFolder`.
public struct DownloadItem: Sendable, Equatable {
    public var remoteFolder: StagingPath
    public var localFolder: String
    public var files: [DownloadFile]

    public init(remoteFolder: StagingPath, localFolder: String, files: [DownloadFile]) {
        self.remoteFolder = remoteFolder
        self.localFolder = localFolder
        self.files = files
    }
}

/// What one batched transfer did. A folder is in `completed` only when every one of its files
/// passed the size and SHA-256 check and was renamed into place; `refused` folders kept their
/// previous files untouched apart from files already renamed into place whole (try again).
public struct TransferReport: Sendable, Equatable {
    /// Folders whose files are all in place and verified.
    public var completed: [StagingPath] = []
    /// Folders not (fully) transferred, with the reason.
    public var refused: [StagingPath: String] = [:]
    /// Upload only: folders a newer upload already reached (an older, killed run's late answer).
    public var stale: [StagingPath] = []
    /// Download only: optional files that did not exist on the cluster, per folder.
    public var missingOptional: [StagingPath: [String]] = [:]
    /// Bytes of the files themselves, per folder (uncompressed).
    public var fileBytes: [StagingPath: Int64] = [:]
    /// Bytes that crossed the connection for the whole batch (the gzip'd tar stream).
    public var wireBytes: Int64 = 0
    /// Commands run on the cluster for this batch (one per upload or download batch).
    public var remoteCommands: Int = 0

    public init() {}

    /// Sum of `fileBytes`.
    public var totalFileBytes: Int64 { fileBytes.values.reduce(0, +) }
}
