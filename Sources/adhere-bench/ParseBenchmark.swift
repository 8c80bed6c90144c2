import ArgumentParser
import Foundation
import VASP

/// `adhere-bench parse`: vasprun.xml parsing against pymatgen and xmllint.
///
/// Runs, as separate processes measured by the kernel (wall time, peak RSS): Adhere's parser
/// (this binary, `parse --child FILE`), pymatgen `Vasprun(parse_dos=False, parse_eigen=False)`
/// (Benchmarks/anchors/vasprun_pymatgen.py --time), `xmllint --stream --noout` and
/// `xmllint --sax --noout` (libxml2's own passes: the floor for any libxml2-based parser). Files:
/// the largest real fixture (decompressed into /tmp) and a generated file of repeated real
/// `<calculation>` blocks of at least `--generated-mb` MB.
struct ParseBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Benchmark: vasprun.xml parsing against pymatgen and xmllint.")

    @Option(help: "Size of the generated vasprun.xml in MB (repeated <calculation> blocks of a real relaxation).")
    var generatedMb = 200

    @Option(help: "Runs per tool and file (the best wall time is kept; pymatgen runs once on big files).")
    var repeats = 3

    @Option(help: "Largest real fixture (default: ../shared/fixtures/vasprun/many_kpoints_5488.vasprun.xml.gz).")
    var largest: String?

    @Option(help: "Real relaxation whose <calculation> blocks are repeated (default: postprocess.vasprun.xml, 28 steps).")
    var source: String?

    @Flag(help: "Skip pymatgen (it takes ~15-20 s on the generated file).")
    var noPymatgen = false

    @Option(name: .customLong("child"), help: .hidden)
    var childFile: String?

    @Flag(name: .customLong("child-startup"), help: .hidden)
    var childStartup = false

    func run() async throws {
        if childStartup { return }  // measures process start-up alone
        if let childFile {
            // The measured child: parse once, print a line so the work cannot be skipped.
            let run = try Vasprun.parse(path: childFile)
            print(run.ionicStepCount, run.energies.freeEnergyEV ?? .nan)
            return
        }
        let shared = Self.sharedFixtures()
        guard let largestPath = largest ?? shared.map({ "\($0)/many_kpoints_5488.vasprun.xml.gz" }),
              let sourcePath = source ?? shared.map({ "\($0)/postprocess.vasprun.xml" }) else {
            print("adhere-bench parse: ../shared/fixtures/vasprun not found; pass --largest and --source")
            throw ExitCode(2)
        }
        let largestPlain = try Self.decompressed(largestPath)
        let generated = try Self.generate(from: sourcePath, megabytes: generatedMb)
        print("adhere-bench parse — \(Self.machine())")
        for (label, file, steps) in [("largest real fixture", largestPlain, nil as Int?), ("generated", generated.path, generated.steps)] {
            try await bench(label: label, file: file, steps: steps)
        }
    }

    func bench(label: String, file: String, steps: Int?) async throws {
        let bytes = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        let mb = bytes / 1e6
        let stepText = steps.map { ", \($0) ionic steps" } ?? ""
        print("\n== \(label): \(file) (\(String(format: "%.1f", mb)) MB\(stepText))")
        let me = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        var rows: [(String, ProcessMeasurement?)] = []
        rows.append(("adhere (SAX2, this build)", ProcessMeasurement.best(of: repeats, [me, "parse", "--child", file])))
        let startup = ProcessMeasurement.best(of: repeats, [me, "parse", "--child-startup"])
        if let xmllint = executableInPath("xmllint") {
            rows.append(("xmllint --sax --noout", ProcessMeasurement.best(of: repeats, [xmllint, "--sax", "--noout", file])))
            rows.append(("xmllint --stream --noout", ProcessMeasurement.best(of: repeats, [xmllint, "--stream", "--noout", file])))
        } else {
            print("   xmllint not found (Debian: apt-get install libxml2-utils)")
        }
        if !noPymatgen, let python = Self.python(), let script = Self.anchorScript() {
            rows.append(("pymatgen Vasprun (whole process)",
                         ProcessMeasurement.best(of: bytes > 50e6 ? 1 : repeats, [python, script, "--time", file])))
        } else if !noPymatgen {
            print("   pymatgen not found (/opt/adhere-venv or ADHERE_PYTHON); skipped")
        }
        let ours = rows[0].1
        print("   tool                               wall s     MB/s   peak MiB    wall ÷ adhere   CPU s")
        for (name, m) in rows {
            guard let m else { print("   \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) could not start"); continue }
            if m.exitStatus != 0 {
                print("   \(name.padding(toLength: 34, withPad: " ", startingAt: 0)) failed (exit \(m.exitStatus))")
                continue
            }
            let ratio = ours.map { m.wallSeconds / $0.wallSeconds } ?? .nan
            print("   " + name.padding(toLength: 34, withPad: " ", startingAt: 0)
                + String(format: "%7.3f  %7.1f  %9.1f%@  %8.2f×     %6.3f", m.wallSeconds, mb / m.wallSeconds, m.peakRSSMiB,
                         m.rssIsFloor ? "≥" : " ", ratio, m.cpuSeconds))
        }
        if let startup {
            print(String(format: "   (adhere-bench process start-up alone, no parse: %.3f s wall, %.1f MiB)",
                         startup.wallSeconds, startup.peakRSSMiB))
        }
        if let ours, let sax = rows.first(where: { $0.0.hasPrefix("xmllint --sax") })?.1, sax.exitStatus == 0 {
            print(String(format: "   adhere ÷ xmllint --sax = %.2f× wall, %.2f× CPU (goal ≤ 1.5×)",
                         ours.wallSeconds / sax.wallSeconds, ours.cpuSeconds / sax.cpuSeconds))
        }
        if let ours, let pmg = rows.first(where: { $0.0.hasPrefix("pymatgen") })?.1, pmg.exitStatus == 0 {
            print(String(format: "   pymatgen ÷ adhere = %.1f× wall, %.1f× CPU (goal ≥ 10×)",
                         pmg.wallSeconds / ours.wallSeconds, pmg.cpuSeconds / ours.cpuSeconds))
        }
        if let ours { print(String(format: "   adhere peak memory %.1f MiB (goal < 64)", ours.peakRSSMiB)) }
    }

    static func machine() -> String {
        "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB, \(Date())"
    }

    static func sharedFixtures() -> String? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["ADHERE_SHARED"] { candidates.append("\(env)/fixtures/vasprun") }
        for start in [FileManager.default.currentDirectoryPath, CommandLine.arguments[0]] {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<6 {
                candidates.append(dir.deletingLastPathComponent().appendingPathComponent("shared/fixtures/vasprun").path)
                dir.deleteLastPathComponent()
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func python() -> String? {
        let env = ProcessInfo.processInfo.environment
        return [env["ADHERE_PYTHON"], "/opt/adhere-venv/bin/python"].compactMap { $0 }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func anchorScript() -> String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidates = [FileManager.default.currentDirectoryPath + "/Benchmarks/anchors/vasprun_pymatgen.py"]
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Benchmarks/anchors/vasprun_pymatgen.py").path)
            dir.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// A plain copy of a (possibly gzip) file in /tmp, made once.
    static func decompressed(_ path: String) throws -> String {
        guard path.hasSuffix(".gz") else { return path }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let out = "/tmp/adhere-bench-\(name)"
        if FileManager.default.fileExists(atPath: out) { return out }
        guard let gzip = executableInPath("gzip") else { throw ValidationError("gzip not found") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gzip)
        p.arguments = ["-dc", path]
        _ = FileManager.default.createFile(atPath: out + ".part", contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out + ".part"))
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ValidationError("gzip -dc \(path) failed") }
        try FileManager.default.moveItem(atPath: out + ".part", toPath: out)
        return out
    }

    /// Writes (once) a vasprun.xml of at least `megabytes` MB: the source's header, its
    /// `<calculation>` blocks except the last repeated in order, then the last block (which
    /// carries the run's eigenvalues and DOS, written once per run) and the trailer.
    static func generate(from source: String, megabytes: Int) throws -> (path: String, steps: Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let open = Data("<calculation>".utf8), close = Data("</calculation>".utf8)
        guard let first = data.range(of: open), let lastOpen = data.range(of: open, options: .backwards),
              lastOpen.lowerBound > first.lowerBound else {
            throw ValidationError("\(source) needs at least two <calculation> blocks")
        }
        // Start the repeated part at the beginning of the line holding the first <calculation>.
        var start = first.lowerBound
        while start > data.startIndex, data[start - 1] != 0x0A { start -= 1 }
        var end = lastOpen.lowerBound
        while end > data.startIndex, data[end - 1] != 0x0A { end -= 1 }
        let header = data[data.startIndex..<start], body = data[start..<end], trailer = data[end...]
        var stepsPerBody = 0
        var search = body.startIndex
        while let r = body.range(of: close, in: search..<body.endIndex) { stepsPerBody += 1; search = r.upperBound }
        let target = megabytes * 1_000_000
        let repeats = max(1, (target - header.count - trailer.count + body.count - 1) / body.count)
        let name = URL(fileURLWithPath: source).lastPathComponent
        let out = "/tmp/adhere-bench-\(megabytes)MB-v2-\(name)"
        let expected = header.count + repeats * body.count + trailer.count
        if let size = (try? FileManager.default.attributesOfItem(atPath: out))?[.size] as? NSNumber, size.intValue == expected {
            return (out, repeats * stepsPerBody + 1)
        }
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        defer { try? handle.close() }
        try handle.write(contentsOf: header)
        var block = Data()
        let perWrite = max(1, 8_000_000 / body.count)
        for _ in 0..<perWrite { block.append(body) }
        var written = 0
        while written < repeats {
            let n = min(perWrite, repeats - written)
            try handle.write(contentsOf: n == perWrite ? block : block.prefix(n * body.count))
            written += n
        }
        try handle.write(contentsOf: trailer)
        return (out, repeats * stepsPerBody + 1)
    }
}
