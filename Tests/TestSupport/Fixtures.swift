import Foundation

/// Locates the project's own files and the shared, read-in-place fixtures for tests.
public enum Fixtures {
    /// The repository root (the folder holding Package.swift).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `../shared` beside the clone (or `ADHERE_SHARED`), when present.
    public static let sharedDirectory: URL? = {
        if let env = ProcessInfo.processInfo.environment["ADHERE_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let candidate = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("fixtures").path) ? candidate : nil
    }()

    /// True when ../shared/fixtures is available.
    public static var sharedAvailable: Bool { sharedDirectory != nil }

    /// The message a test prints when it skips for lack of ../shared.
    public static let sharedMissingMessage =
        "skipped: ../shared (real VASP fixtures) is not beside the clone; set ADHERE_SHARED to its path"

    /// Path of a shared file, e.g. `shared("fixtures/vasprun/lobster_v51.vasprun.xml")`; nil if absent.
    public static func shared(_ relativePath: String) -> String? {
        guard let dir = sharedDirectory else { return nil }
        let path = dir.appendingPathComponent(relativePath).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Path of a file in the repository (e.g. "structures/LiF.cif").
    public static func project(_ relativePath: String) -> String {
        repositoryRoot.appendingPathComponent(relativePath).path
    }

    /// The folder of built products (`ADHERE_BUILD_DIR`, else `.build/debug` of the repository).
    public static var buildDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["ADHERE_BUILD_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }

    /// Path of a built executable (`adhere`, `vasp-standin`).
    public static func executable(_ name: String) -> String { buildDirectory.appendingPathComponent(name).path }

    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ prefix: String = "adhere-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A Python interpreter that has the given modules (the project venv first), or nil.
    public static func python(with modules: [String]) -> String? {
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["ADHERE_PYTHON"], "/opt/adhere-venv/bin/python", "/usr/bin/python3"].compactMap { $0 }
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            let result = run(python, ["-c", modules.map { "import \($0)" }.joined(separator: "; ")])
            if result.status == 0 { return python }
        }
        return nil
    }

    /// Runs a program to completion; returns its exit status, standard output and standard error.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil, input: String? = nil)
        -> (status: Int32, stdout: String, stderr: String)
    {
        // A child that exits before reading its input must not kill the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        do { try process.run() } catch { return (-1, "", "cannot run \(program): \(error)") }
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
