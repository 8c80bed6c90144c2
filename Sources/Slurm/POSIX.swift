#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real user id as text (for per-user temporary folders).
func getuidString() -> String { String(getuid()) }

/// Creates `path` with mode 0700 if missing; true when it exists as a directory afterwards.
func makePrivateDirectory(_ path: String) -> Bool {
    if mkdir(path, 0o700) == 0 { return true }
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
