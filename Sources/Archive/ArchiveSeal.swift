import Checksum
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A checksum over the whole archive, kept in the HDF5 user block (the first 512 bytes, which
/// HDF5 never reads). The writer seals the finished temporary file before its atomic rename;
/// the reader verifies the seal before HDF5 decodes a byte, so a damaged archive is refused
/// at once instead of crashing or exhausting memory inside libhdf5 (its 1.10 decoder trusts
/// sizes and offsets it reads). It detects damage, not tampering (docs/input-limits.md).
///
/// Archives written before the seal (HDF5 signature at byte 0) are read without it.
enum ArchiveSeal {
    /// Bytes reserved at the start of a new archive for the seal.
    static let userBlockBytes = 512
    static let magic = "ADHERE-ARCHIVE-SEAL 2 sha256\n"
    static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Writes the seal of `path` (a no-op for a file without a user block).
    static func seal(_ path: String) throws(ArchiveError) {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw .fileSystem(file: path, operation: "open to seal", message: CrashSafeFile.errnoText()) }
        defer { close(fd) }
        guard try readPrefix(fd, path, count: 8) != hdf5Signature else { return }
        let (hash, length) = try digest(fd, path)
        var block = Array((magic + "\(hash) \(length)\n").utf8)
        block += [UInt8](repeating: 0, count: userBlockBytes - block.count)
        let written = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard written == userBlockBytes else {
            throw .fileSystem(file: path, operation: "write the seal", message: CrashSafeFile.errnoText())
        }
    }

    /// Checks the seal of `path`; `.malformed` naming the damage otherwise.
    static func verify(_ path: String) throws(ArchiveError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .fileSystem(file: path, operation: "open", message: CrashSafeFile.errnoText()) }
        defer { close(fd) }
        let head = try readPrefix(fd, path, count: userBlockBytes)
        if head.starts(with: hdf5Signature) { return }  // written before seals existed
        let text = String(decoding: head.prefix { $0 != 0 }, as: UTF8.self)
        guard text.hasPrefix(magic) else {
            throw .malformed(file: path, object: "/", expected: "an Adhere archive (HDF5 file or sealed archive); the first bytes are damaged or this is another kind of file")
        }
        let fields = text.dropFirst(magic.count).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, fields[0].count == 64, let expectedLength = Int64(fields[1]) else {
            throw .malformed(file: path, object: "seal", expected: "a checksum and a length in the archive's seal (damaged)")
        }
        let (hash, length) = try digest(fd, path)
        guard hash == fields[0], length == expectedLength else {
            throw .malformed(file: path, object: "seal", expected: "the bytes the writer sealed: the checksum differs, the archive is damaged (restore it from a backup or rebuild it with adhere collect)")
        }
    }

    private static func readPrefix(_ fd: Int32, _ path: String, count: Int) throws(ArchiveError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        guard n >= 0 else { throw .fileSystem(file: path, operation: "read", message: CrashSafeFile.errnoText()) }
        return Array(bytes.prefix(n))
    }

    /// The SHA-256 (Checksum, the project's one home for it) of every byte after the user block,
    /// and their count.
    private static func digest(_ fd: Int32, _ path: String) throws(ArchiveError) -> (String, Int64) {
        do throws(SHA256.ReadError) {
            return try SHA256.hex(fileDescriptor: fd, from: Int64(userBlockBytes))
        } catch {
            throw .fileSystem(file: path, operation: "read", message: error.description)
        }
    }
}
