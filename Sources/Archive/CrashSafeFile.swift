import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system steps of the crash-safe write: an exclusive lock beside the target, temporary
/// files next to it, fsync, and an atomic rename.
enum CrashSafeFile {
    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Holds an exclusive `flock` on `<target>.lock` while `body` runs, so two writers
    /// (two `adhere collect`, or collect and a test) never interleave their commits.
    static func withLock<T>(_ target: String, _ body: () throws(ArchiveError) -> T) throws(ArchiveError) -> T {
        let lockPath = target + ".lock"
        let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .fileSystem(file: lockPath, operation: "open the lock file", message: errnoText()) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw .fileSystem(file: lockPath, operation: "lock", message: errnoText()) }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }

    /// Prefix of temporary files for `target`: hidden, in the same directory (same file system,
    /// so rename is atomic).
    static func temporaryPrefix(_ target: String) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".tmp-").path
    }

    /// A fresh temporary path for `target`.
    static func temporaryPath(_ target: String) -> String {
        temporaryPrefix(target) + "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Removes temporary files left by writers that were killed (call with the lock held).
    static func removeStaleTemporaries(_ target: String) {
        let prefix = temporaryPrefix(target)
        let dir = URL(fileURLWithPath: prefix).deletingLastPathComponent().path
        let namePrefix = URL(fileURLWithPath: prefix).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(namePrefix) {
            unlink(dir + "/" + name)
        }
    }

    /// Copies a file byte for byte.
    static func copy(_ source: String, to destination: String) throws(ArchiveError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .fileSystem(file: source, operation: "open for copying", message: errnoText()) }
        defer { close(input) }
        let output = open(destination, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .fileSystem(file: destination, operation: "create", message: errnoText()) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .fileSystem(file: source, operation: "read", message: errnoText())
            }
            if n == 0 { break }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, n - written) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw .fileSystem(file: destination, operation: "write", message: errnoText())
                }
                written += w
            }
        }
    }

    /// Forces a file's (or directory's) contents to disk.
    static func sync(_ path: String, directory: Bool = false) throws(ArchiveError) {
        let fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC)
        guard fd >= 0 else { throw .fileSystem(file: path, operation: "open for fsync", message: errnoText()) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .fileSystem(file: path, operation: "fsync", message: errnoText()) }
    }

    /// Atomically replaces `target` with `temporary`, then syncs the directory so the new name
    /// survives a power cut.
    static func replace(_ target: String, with temporary: String) throws(ArchiveError) {
        if rename(temporary, target) != 0 {
            throw .fileSystem(file: target, operation: "rename \(temporary) onto it", message: errnoText())
        }
        try sync(URL(fileURLWithPath: target).deletingLastPathComponent().path, directory: true)
    }
}
