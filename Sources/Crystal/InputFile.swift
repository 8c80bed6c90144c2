import Foundation

/// The check every reader makes before it opens a file: the path names a regular file (not a
/// FIFO, device, socket or directory, which would block or never end) no larger than the
/// reader's limit. Done with `stat` before any byte is read or any buffer allocated.
/// Limits are listed in docs/input-limits.md.
public enum InputFile {
    /// Why a path cannot be read as an input file.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Nothing at the path (or no permission to look).
        case missing(String)
        /// Not a regular file: `kind` is "directory", "FIFO", "character device", …
        case notRegular(kind: String)
        /// Larger than the reader accepts.
        case tooLarge(bytes: Int64, limitBytes: Int64)

        public var description: String {
            switch self {
            case .missing(let why): return "cannot read file: \(why)"
            case .notRegular(let kind): return "is a \(kind), expected a regular file"
            case .tooLarge(let bytes, let limit):
                return "file is \(bytes) bytes, above the limit of \(limit) bytes for this format (docs/input-limits.md)"
            }
        }
    }

    /// Checks `path` and returns its size in bytes.
    public static func check(_ path: String, limitBytes: Int64) throws(Problem) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .missing(String(cString: strerror(errno))) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind: String
            switch type {
            case S_IFDIR: kind = "directory"
            case S_IFIFO: kind = "FIFO (named pipe)"
            case S_IFCHR: kind = "character device"
            case S_IFBLK: kind = "block device"
            case S_IFSOCK: kind = "socket"
            default: kind = "special file"
            }
            throw .notRegular(kind: kind)
        }
        let size = Int64(info.st_size)
        guard size <= limitBytes else { throw .tooLarge(bytes: size, limitBytes: limitBytes) }
        return size
    }

    /// Reads a checked file as UTF-8 text (invalid bytes become U+FFFD, so binary junk is a
    /// syntax error of the reader rather than an unreadable file).
    public static func text(_ path: String, limitBytes: Int64) throws(Problem) -> String {
        _ = try check(path, limitBytes: limitBytes)
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing("cannot open") }
        guard data.count <= limitBytes else { throw .tooLarge(bytes: Int64(data.count), limitBytes: limitBytes) }
        return String(decoding: data, as: UTF8.self)
    }
}
