#if canImport(Glibc)
import Glibc
#endif

/// Size and SHA-256 of a file's bytes: what both ends compare before a transferred file is used.
public struct FileDigest: Sendable, Hashable, CustomStringConvertible {
    public var sizeBytes: Int64
    /// 64 lower-case hexadecimal digits.
    public var sha256: String

    public init(sizeBytes: Int64, sha256: String) {
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
    }

    public var description: String { "\(sizeBytes) B, sha256 \(sha256.prefix(12))…" }

    /// True for 64 lower-case hexadecimal digits.
    static func isDigest(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}

/// Digests of files on this machine. SHA-256 comes from coreutils `sha256sum` (the same program
/// that checks the other end), one call for many files; sizes from `lstat`.
enum LocalDigest {
    /// Size of a regular file (symbolic links are refused: a transfer never follows one).
    static func regularFileSize(_ path: String) -> Int64? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// `[path: digest]` for every path; throws `.unreadableLocalFile` naming the first file that
    /// is missing, not a regular file, or unreadable.
    static func digests(of paths: [String], timeoutSeconds: Double = 600) async throws(StagingError) -> [String: FileDigest] {
        var sizes: [String: Int64] = [:]
        for path in paths {
            guard let size = regularFileSize(path) else {
                throw .unreadableLocalFile(path: path, detail: "missing or not a regular file")
            }
            sizes[path] = size
        }
        var digests: [String: FileDigest] = [:]
        let batchSize = 256
        var start = 0
        while start < paths.count {
            let batch = Array(paths[start..<min(start + batchSize, paths.count)])
            start += batchSize
            let result: CommandResult
            do {
                // -z: NUL-terminated records, file names never escaped.
                result = try await LocalTransport().run(["sha256sum", "-z", "--"] + batch, input: nil, timeoutSeconds: timeoutSeconds)
            } catch {
                throw .unreadableLocalFile(path: batch[0], detail: "\(error)")
            }
            guard result.status == 0 else {
                throw .unreadableLocalFile(path: batch[0], detail: result.stderr.trimmed)
            }
            for record in result.stdout.split(separator: "\0") {
                let hash = record.prefix(64)
                let rest = record.dropFirst(64)
                guard FileDigest.isDigest(hash), rest.hasPrefix("  ") || rest.hasPrefix(" *") else { continue }
                let path = String(rest.dropFirst(2))
                if let size = sizes[path] { digests[path] = FileDigest(sizeBytes: size, sha256: String(hash)) }
            }
        }
        if let absent = paths.first(where: { digests[$0] == nil }) {
            throw .unreadableLocalFile(path: absent, detail: "sha256sum gave no digest")
        }
        return digests
    }
}
