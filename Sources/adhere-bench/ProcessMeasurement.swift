#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Wall time and peak resident memory of one child process, measured by the kernel
/// (`wait4` fills `rusage.ru_maxrss`), so an interpreter's start-up and imports count too.
///
/// Linux caveat: a child's `ru_maxrss` starts at the high-water mark of the memory image it
/// replaced at `exec` — this (tens of MiB) process's, when spawned directly. So when GNU `time`
/// (/usr/bin/time, itself a small wait4 caller) is installed, the child is started through it
/// and its report of the child's own `ru_maxrss` is used; otherwise `ru_maxrss` from our own
/// `wait4` is reported, with `rssIsFloor` set (the true peak may be lower).
struct ProcessMeasurement: Sendable {
    /// The command line that ran.
    var command: [String]
    /// Wall-clock seconds from spawn to exit.
    var wallSeconds: Double
    /// Peak resident set size in MiB.
    var peakRSSMiB: Double
    /// User + system CPU seconds (less sensitive than wall time to other load on the machine).
    var cpuSeconds: Double
    /// Exit status (0 = success); a signal shows as 128 + signal number.
    var exitStatus: Int32
    /// True when the peak could include this process's own memory (see the type's note).
    var rssIsFloor: Bool

    /// Runs `arguments[0]` (an absolute path or a name looked up in PATH) with the rest as
    /// arguments; standard output goes to /dev/null, standard error to `stderrPath` (or
    /// /dev/null). Returns nil when the program cannot be started.
    static func run(_ arguments: [String]) -> ProcessMeasurement? {
        guard let time = executableInPath("/usr/bin/time") else { return spawn(arguments, stderrPath: "/dev/null") }
        let report = "/tmp/adhere-bench-time-\(getpid()).txt"
        defer { unlink(report) }
        guard var m = spawn([time, "-f", "%M %U %S", "-o", report, "--"] + arguments, stderrPath: "/dev/null") else { return nil }
        guard let text = try? String(contentsOfFile: report, encoding: .utf8),
              let fields = text.split(separator: "\n").last?.split(separator: " ").compactMap({ Double($0) }),
              fields.count == 3
        else { return m }
        m.command = arguments
        m.peakRSSMiB = fields[0] / 1024
        m.cpuSeconds = fields[1] + fields[2]
        m.rssIsFloor = false
        return m
    }

    /// Spawns directly and measures with our own `wait4`.
    static func spawn(_ arguments: [String], stderrPath: String) -> ProcessMeasurement? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let rc = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        guard rc == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let wall = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        let exited = status & 0x7f == 0
        let code: Int32 = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return ProcessMeasurement(command: arguments, wallSeconds: wall,
                                  peakRSSMiB: Double(usage.ru_maxrss) / 1024, cpuSeconds: cpu, exitStatus: code, rssIsFloor: true)
    }

    /// The best (lowest wall time) of `repeats` runs; peak memory is that run's.
    static func best(of repeats: Int, _ arguments: [String]) -> ProcessMeasurement? {
        var best: ProcessMeasurement?
        for _ in 0..<max(1, repeats) {
            guard let m = run(arguments) else { return nil }
            if m.exitStatus != 0 { return m }
            if best == nil || m.wallSeconds < best!.wallSeconds { best = m }
        }
        return best
    }
}

/// Finds an executable in PATH (nil when absent).
func executableInPath(_ name: String) -> String? {
    if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
