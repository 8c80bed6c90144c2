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

    public var description: String {
        switch self {
        case .cannotOpen(let path): return "\(path): cannot open the file"
        case .readFailed(let path, let n): return "\(path): read or gzip decompression failed after \(n) bytes"
        case .noCompleteStep(let path, let line, let reason):
            let at = line.map { " (line \($0))" } ?? ""
            return "\(path)\(at): no complete ionic step; expected at least one closed <calculation> block: \(reason)"
        case .inconsistent(let path, let detail): return "\(path): \(detail)"
        case .damaged(let path, let step, let detail, _):
            return "\(path): damaged at ionic step \(step): cannot read \(detail); expected finite numbers, and no earlier step is valid"
        case .notAFile(let path, let reason): return "\(path): \(reason)"
        }
    }
}
