import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on `STUDY/.adhere/submit.lock` (flock), so two `adhere` processes never
/// submit or reconcile the same study at once. The kernel drops it when the process dies, even
/// by SIGKILL.
public final class SubmissionLock {
    private let fd: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock, waiting up to `waitSeconds`; throws `SubmissionError.busy` when another
    /// process keeps it.
    public init(studyDirectory: URL, waitSeconds: Double = 30) throws(SubmissionError) {
        let dir = studyDirectory.appendingPathComponent(StateStore.privateFolderName)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("submit.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .busy(path: path, detail: String(cString: strerror(errno))) }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if Date() >= deadline {
                close(fd)
                throw .busy(path: path, detail: "another adhere process holds it")
            }
            usleep(100_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
