#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SHA256 {
    /// A read that failed while hashing a file: the C `errno`, and its text as `description`.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The `errno` of the failed read.
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// The digest of an open file's bytes from `offset` (bytes) to its end, as 64 lower-case hex
    /// digits, and how many bytes that was: the one reader behind every file digest (archive seal,
    /// staging digests, output fingerprints). Reads 1 MiB blocks with `pread`, retrying an
    /// interrupted read; the caller opens and closes `fileDescriptor`. The block is scratch space
    /// that is never zero-filled: most files hashed (a calculation's outputs) are far smaller than
    /// it, and zeroing 1 MiB per file cost more than hashing them.
    public static func hex(fileDescriptor: Int32, from offset: Int64 = 0) throws(ReadError) -> (hex: String, bytes: Int64) {
        try withUnsafeTemporaryAllocation(byteCount: 1 << 20, alignment: 16) { (buffer) throws(ReadError) in
            var hasher = Hasher()
            var position = offset
            while true {
                let n = pread(fileDescriptor, buffer.baseAddress, buffer.count, off_t(position))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ReadError(code: errno)
                }
                if n == 0 { return (hasher.finalizeHex(), position - offset) }
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer.prefix(n)))
                position += Int64(n)
            }
        }
    }
}
