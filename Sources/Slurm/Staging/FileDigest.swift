import Checksum
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

/// Digests of files on this machine: SHA-256 from the project's one home for it (Checksum,
/// swift-crypto), read in 1 MiB blocks; sizes from `lstat`. The cluster's side uses coreutils
/// `sha256sum` (StagingScripts): the same function, so the two digests compare.
enum LocalDigest {
    /// Size of a regular file (symbolic links are refused: a transfer never follows one).
    static func regularFileSize(_ path: String) -> Int64? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// `[path: digest]` for every path; throws `.unreadableLocalFile` naming the first file that
    /// is missing, not a regular file, or unreadable.
    static func digests(of paths: [String]) throws(StagingError) -> [String: FileDigest] {
        var digests: [String: FileDigest] = [:]
        for path in paths {
            guard let size = regularFileSize(path) else {
                throw .unreadableLocalFile(path: path, detail: "missing or not a regular file")
            }
            digests[path] = FileDigest(sizeBytes: size, sha256: try sha256(path))
        }
        return digests
    }

    /// SHA-256 of a file's bytes, read in blocks (O_NOFOLLOW: never through a symbolic link).
    static func sha256(_ path: String) throws(StagingError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .unreadableLocalFile(path: path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        do throws(SHA256.ReadError) {
            return try SHA256.hex(fileDescriptor: fd).hex
        } catch {
            throw .unreadableLocalFile(path: path, detail: error.description)
        }
    }
}
