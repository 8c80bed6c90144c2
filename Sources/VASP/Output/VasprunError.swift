/// Why a vasprun.xml could not be read.
public enum VasprunError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or is not readable.
    case cannotOpen(path: String)
    /// Reading or gzip decompression failed part-way.
    case readFailed(path: String, bytesRead: Int)
    /// No `<calculation>` block was completed (the job died before its first ionic step, or the
    /// file is not a vasprun.xml). `line`/`reason` describe where libxml2 stopped, if it did.
    case noCompleteStep(path: String, line: Int?, reason: String)
    /// The file contradicts itself (e.g. a structure with a different atom count than
    /// `<atominfo>`), or names an element Adhere does not know.
    case inconsistent(path: String, detail: String)

    /// The first ionic step holds a number that cannot be read (and so no step is valid).
    case damaged(path: String, step: Int, detail: String, lastValidStep: Int?)
    /// The path is a directory, FIFO, device or socket.
    case notAFile(path: String, reason: String)

    /// The file concerned, with the line where libxml2 stopped when there is one.
    public var location: String {
        switch self {
        case .cannotOpen(let path), .readFailed(let path, _), .inconsistent(let path, _),
             .damaged(let path, _, _, _), .notAFile(let path, _):
            return path
        case .noCompleteStep(let path, let line, _):
            return line.map { "\(path):\($0)" } ?? path
        }
    }

    /// The problem, without the location.
    public var message: String {
        switch self {
        case .cannotOpen: return "cannot open the file"
        case .readFailed(_, let n): return "read or gzip decompression failed after \(n) bytes"
        case .noCompleteStep(_, _, let reason):
            return "no complete ionic step; expected at least one closed <calculation> block: \(reason)"
        case .inconsistent(_, let detail): return detail
        case .damaged(_, let step, let detail, _):
            return "damaged at ionic step \(step): cannot read \(detail); expected finite numbers, and no earlier step is valid"
        case .notAFile(_, let reason): return reason
        }
    }

    public var description: String { "\(location): \(message)" }
}
