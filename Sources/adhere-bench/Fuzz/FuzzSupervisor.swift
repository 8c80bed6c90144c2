#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Starts a `fuzz-worker` child, reads its progress lines, and stops it when one input takes
/// longer than the time limit. The input that was running when the child died or stalled is
/// the crash or the hang.
enum FuzzSupervisor {
    enum Outcome {
        case finished
        /// The worker died; `index` is the input it had started (nil: before any input).
        case crashed(index: Int?, status: Int32)
        case hung(index: Int)
    }

    /// The shared fixtures (`ADHERE_SHARED`, else a `shared/` folder beside a parent of the
    /// working directory or of this executable), read in place for vasprun seeds.
    static let sharedFixtures: URL? = {
        if let env = ProcessInfo.processInfo.environment["ADHERE_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env).appendingPathComponent("fixtures")
        }
        for start in [FileManager.default.currentDirectoryPath, executablePath] {
            var url = URL(fileURLWithPath: start)
            while url.path != "/" {
                let candidate = url.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }()

    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// CPU seconds (user + system) the process `pid` has used, from /proc (nil when unreadable).
    static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Runs the worker with `arguments`, handing every complete output line to `onLine`. An
    /// input hangs when it uses more than `timeoutSeconds` of CPU time, or six times that of
    /// wall time (CPU time, so that a loaded machine does not turn slow inputs into hangs).
    static func runWorker(_ arguments: [String], timeoutSeconds: Double, onLine: (String) -> Void) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let fd = pipe.fileHandleForReading.fileDescriptor
        var pending: [UInt8] = []
        var started: Int? = nil
        var finishedCleanly = false
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var deadline = Date().addingTimeInterval(6 * timeoutSeconds + 120)  // corpus set-up gets two minutes more
        var cpuAtStart = 0.0
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = max(0, deadline.timeIntervalSinceNow)
            let ready = poll(&poller, 1, Int32(min(wait, 1) * 1000))
            if ready == 0 {
                let cpuUsed = (cpuSeconds(process.processIdentifier) ?? cpuAtStart) - cpuAtStart
                if Date() >= deadline || (started != nil && cpuUsed > timeoutSeconds) {
                    process.terminate()
                    usleep(200_000)
                    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                    process.waitUntilExit()
                    if let started { return .hung(index: started) }
                    return .crashed(index: nil, status: -1)
                }
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.hasPrefix("S ") {
                    started = Int(line.dropFirst(2))
                    deadline = Date().addingTimeInterval(6 * timeoutSeconds)
                    cpuAtStart = cpuSeconds(process.processIdentifier) ?? 0
                } else if line.hasPrefix("R ") {
                    started = nil
                    deadline = Date().addingTimeInterval(6 * timeoutSeconds)  // time to make the next input
                    onLine(line)
                } else if line == "D" {
                    finishedCleanly = true
                } else {
                    onLine(line)
                }
            }
        }
        process.waitUntilExit()
        if finishedCleanly, process.terminationStatus == 0 { return .finished }
        return .crashed(index: started, status: process.terminationStatus)
    }

    /// Peak resident memory of any finished child so far, MiB (Linux reports KiB).
    static func childrenPeakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
