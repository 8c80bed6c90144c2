import Checksum
import Foundation
import SystemPackage

/// What identifies one output file's content: size, modification time and SHA-256. Kept in the
/// state store when the output is parsed, so a file is parsed once, and a changed one is seen.
public struct OutputFingerprint: Sendable, Equatable, Codable {
    /// Size in bytes.
    public var sizeBytes: Int64
    /// Modification time in nanoseconds since 1970.
    public var modifiedNanoseconds: Int64
    /// SHA-256 of the content, lower-case hex.
    public var sha256: String

    /// Creates a fingerprint from its parts.
    public init(sizeBytes: Int64, modifiedNanoseconds: Int64, sha256: String) {
        self.sizeBytes = sizeBytes
        self.modifiedNanoseconds = modifiedNanoseconds
        self.sha256 = sha256
    }

    /// Reads the file at `path` once, in 1 MiB blocks.
    public init(path: String) throws {
        let fd = try FileDescriptor.open(FilePath(path), .readOnly)
        defer { try? fd.close() }
        let digest: (hex: String, bytes: Int64)
        do { digest = try SHA256.hex(fileDescriptor: fd.rawValue) } catch { throw Errno(rawValue: error.code) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        self.init(sizeBytes: digest.bytes, modifiedNanoseconds: Int64((modified * 1e9).rounded()),
                  sha256: digest.hex)
    }
}
