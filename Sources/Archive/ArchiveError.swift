import HDF5

/// Why an archive could not be read or written. Every case names the file.
public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An HDF5 call failed.
    case hdf5(file: String, HDF5Error)
    /// The file is not an Adhere archive (no or another `format` attribute).
    case notAnArchive(file: String, found: String?)
    /// The archive was written by a newer layout than this build reads.
    case unsupportedVersion(file: String, found: Int64, newestSupported: Int64)
    /// A calculation id or interface name cannot be an HDF5 link name.
    case invalidName(kind: String, name: String)
    /// The same id or name appears twice in one commit, or already exists and `replace` is off.
    case duplicate(kind: String, name: String)
    /// A record asked for is not in the archive.
    case missing(file: String, kind: String, name: String)
    /// An object exists but does not hold what the layout says it should.
    case malformed(file: String, object: String, expected: String)
    /// A file-system step of the crash-safe write failed.
    case fileSystem(file: String, operation: String, message: String)

    public var description: String {
        switch self {
        case let .hdf5(file, error): return "\(file): \(error)"
        case let .notAnArchive(file, found):
            return "\(file): not an Adhere archive (format attribute \(found.map { "'\($0)'" } ?? "missing"), expected '\(ArchiveFormat.name)')"
        case let .unsupportedVersion(file, found, newest):
            return "\(file): archive format version \(found) is newer than this Adhere reads (\(newest)); update Adhere"
        case let .invalidName(kind, name):
            return "invalid \(kind) name '\(name)': must be non-empty, without '/', and not '.' or '..'"
        case let .duplicate(kind, name): return "\(kind) '\(name)' is already in the archive (or twice in one commit)"
        case let .missing(file, kind, name): return "\(file): no \(kind) '\(name)' in the archive"
        case let .malformed(file, object, expected): return "\(file): \(object): expected \(expected)"
        case let .fileSystem(file, operation, message): return "\(file): cannot \(operation): \(message)"
        }
    }
}
