import Archive
import ArgumentParser
import Crystal
import Foundation

/// `adhere-bench archive`: HDF5 archive writing against h5py writing the same layout.
struct ArchiveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Benchmark: HDF5 archive writing against h5py.",
        subcommands: [ArchiveWriteBenchmark.self, ArchiveAppendLoop.self],
        defaultSubcommand: ArchiveWriteBenchmark.self)
}

/// Synthetic calculations whose numbers follow from their index, so a reader can check them
/// without knowing what the writer did.
enum SyntheticCalculations {
    /// Calculation `k`: id `loop-<k, 6 digits>`; ionic step s (0-based) has σ→0 energy
    /// −k − s/1000 eV, free energy that − 0.001, without-entropy that + 0.0005; atom i sits at
    /// fractional (i/atoms, 0.5, 0.25) and feels force (k/1000, i/1000, −1) eV/Å.
    static func record(_ k: Int, atoms: Int, steps: Int) -> ArchivedCalculation {
        let sigma0 = (0..<steps).map { -Double(k) - Double($0) / 1000 }
        let lithium = Element(symbol: "Li")!
        let structure = Structure(
            lattice: Lattice([[10, 0, 0], [0, 10, 0], [0, 0, 30]]),
            elements: Array(repeating: lithium, count: atoms),
            fractional: (0..<atoms).map { Vector3(Double($0) / Double(atoms), 0.5, 0.25) })
        return ArchivedCalculation(
            id: String(format: "loop-%06d", k), role: "film",
            energies: IonicStepEnergies(freeEnergyEV: sigma0.map { $0 - 0.001 },
                                        energyWithoutEntropyEV: sigma0.map { $0 + 0.0005 }, energySigma0EV: sigma0),
            finalStructure: structure,
            forcesEVPerA: (0..<atoms).map { [Double(k) / 1000, Double($0) / 1000, -1] },
            incar: ["ENCUT": "520", "ISMEAR": "0", "SIGMA": "0.05"], kpointMesh: [4, 4, 1],
            potcars: ["PAW_PBE Li_sv 10Feb1998"], vaspVersion: "synthetic", inputHash: "k=\(k)",
            slurmJobID: String(k), collectedAt: Date(timeIntervalSince1970: 1_764_000_000))
    }
}

/// `adhere-bench archive append-loop`: appends synthetic calculations one commit at a time and
/// prints `committed <id>` for each record once its commit is durable. Used by the kill-loop test, which
/// SIGKILLs it at random moments.
struct ArchiveAppendLoop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append-loop",
        abstract: "Append synthetic calculations in a loop (for the crash-safety test).",
        shouldDisplay: false)

    @Option(help: "Archive path.") var archive: String
    @Option(help: "Stop after this many commits (default: run until killed).") var count: Int?
    @Option(help: "Atoms per synthetic calculation.") var atoms = 48
    @Option(help: "Ionic steps per synthetic calculation.") var steps = 20
    @Option(help: "Calculations per commit.") var batch = 1

    func run() throws {
        var next = 0
        if FileManager.default.fileExists(atPath: archive) {
            next = try ArchiveReader(path: archive).calculationIDs().count
        }
        var done = 0
        while count.map({ done < $0 }) ?? true {
            let records = (next..<(next + max(1, batch))).map { SyntheticCalculations.record($0, atoms: atoms, steps: steps) }
            try ArchiveWriter(path: archive, writerName: "adhere-bench append-loop").commit(calculations: records)
            FileHandle.standardOutput.write(Data(records.map { "committed \($0.id)\n" }.joined().utf8))
            next += records.count
            done += 1
        }
    }
}

/// `adhere-bench archive` (default): writes N synthetic calculations with Adhere's writer and
/// the same layout with h5py, and prints both times.
struct ArchiveWriteBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write N calculations with Adhere and with h5py; print both times.")

    @Option(help: "Number of calculations.") var calculations = 200
    @Option(help: "Atoms per calculation.") var atoms = 200
    @Option(help: "Ionic steps per calculation.") var steps = 50
    @Option(help: "Commits for the one-commit-per-calculation figure (copies the archive each time).")
    var singleCommits = 50
    @Option(help: "Python with h5py (default: /opt/adhere-venv/bin/python).") var python = "/opt/adhere-venv/bin/python"

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("adhere-bench-archive-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = (0..<calculations).map { SyntheticCalculations.record($0, atoms: atoms, steps: steps) }

        let batchPath = dir.appendingPathComponent("batch.h5").path
        let t0 = Date()
        try ArchiveWriter(path: batchPath).commit(calculations: records)
        let batchSeconds = Date().timeIntervalSince(t0)

        let singlePath = dir.appendingPathComponent("single.h5").path
        let n = min(singleCommits, calculations)
        let t1 = Date()
        for r in records.prefix(n) { try ArchiveWriter(path: singlePath).add(r) }
        let singleSeconds = Date().timeIntervalSince(t1)

        let t2 = Date()
        let reader = try ArchiveReader(path: batchPath)
        var stepsRead = 0
        for id in try reader.calculationIDs() { stepsRead += try reader.calculation(id).energies.count }
        let readSeconds = Date().timeIntervalSince(t2)

        let size = (try? FileManager.default.attributesOfItem(atPath: batchPath)[.size] as? Int) ?? 0
        print("adhere-bench archive: \(calculations) calculations × \(atoms) atoms × \(steps) ionic steps")
        print(String(format: "  Adhere, one commit (copy+fsync+rename):   %8.3f s  (%d bytes)", batchSeconds, size))
        print(String(format: "  Adhere, %d single commits:                %8.3f s  (%.1f ms per commit, last archive %d calcs)",
                     n, singleSeconds, singleSeconds / Double(max(n, 1)) * 1000, n))
        print(String(format: "  Adhere, read back all (%d steps):        %8.3f s", stepsRead, readSeconds))

        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("  h5py: skipped (\(python) not found)")
            return
        }
        let h5pyPath = dir.appendingPathComponent("h5py.h5").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.h5pyScript, h5pyPath, String(calculations), String(atoms), String(steps)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let parts = output.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard process.terminationStatus == 0, parts.count == 2 else {
            print("  h5py: failed (status \(process.terminationStatus)): \(output)")
            return
        }
        print(String(format: "  h5py %@, same layout, one file + fsync:  %8.3f s  (%d bytes)",
                     Self.h5pyVersion(python), parts[0], Int(parts[1])))
        print(String(format: "  ratio Adhere one commit / h5py:           %8.2f", batchSeconds / parts[0]))
    }

    static func h5pyVersion(_ python: String) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import h5py; print(h5py.__version__)"]
        let pipe = Pipe()
        p.standardOutput = pipe
        guard (try? p.run()) != nil else { return "?" }
        let v = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return v.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes the calculation layout of docs/archive.md with h5py (same datasets and
    /// attributes), then fsyncs; prints seconds and file size.
    static let h5pyScript = """
    import os, sys, time
    import numpy as np, h5py
    path, n, atoms, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    t = time.perf_counter()
    str_t = h5py.string_dtype("utf-8")
    def stamp(g, kind):
        g.attrs["format"] = "adhere-archive"; g.attrs["formatVersion"] = np.int64(1); g.attrs["kind"] = kind
    with h5py.File(path, "w") as f:
        stamp(f, "archive")
        calcs = f.create_group("calculations"); stamp(calcs, "calculations")
        stamp(f.create_group("interfaces"), "interfaces")
        for k in range(n):
            g = calcs.create_group("loop-%06d" % k); stamp(g, "calculation")
            for a, v in [("id", "loop-%06d" % k), ("role", "film"), ("vaspVersion", "synthetic"),
                         ("inputHash", "k=%d" % k), ("slurmJobID", str(k)), ("collectedAt", "2025-11-24T16:00:00.000Z")]:
                g.attrs[a] = v
            g.attrs["isStandIn"] = np.int64(0)
            g.attrs.create("potcars", ["PAW_PBE Li_sv 10Feb1998"], dtype=str_t)
            g.attrs["kpointMesh"] = np.array([4, 4, 1], dtype=np.int64)
            e = g.create_group("energies"); stamp(e, "ionicStepEnergies"); e.attrs["ionicSteps"] = np.int64(steps)
            s0 = -k - np.arange(steps) / 1000.0
            for name, vals, tag in [("freeEnergyEV", s0 - 0.001, "e_fr_energy"), ("energyWithoutEntropyEV", s0 + 0.0005, "e_wo_entrp"),
                                    ("energySigma0EV", s0, "e_0_energy")]:
                d = e.create_dataset(name, data=vals)
                d.attrs["unit"] = "eV"; d.attrs["definition"] = tag; d.attrs["vasprunTag"] = tag; d.attrs["corrections"] = "none"
            sg = g.create_group("finalStructure"); stamp(sg, "structure")
            lat = sg.create_dataset("latticeA", data=np.array([[10.0, 0, 0], [0, 10, 0], [0, 0, 30]]))
            lat.attrs["unit"] = "angstrom"; lat.attrs["definition"] = "rows"
            sg.create_dataset("species", data=["Li"] * atoms, dtype=str_t)
            i = np.arange(atoms)
            fc = sg.create_dataset("fractionalCoordinates", data=np.stack([i / atoms, np.full(atoms, 0.5), np.full(atoms, 0.25)], axis=1))
            fc.attrs["definition"] = "fractional"
            fd = g.create_dataset("forcesEVPerA", data=np.stack([np.full(atoms, k / 1000.0), i / 1000.0, -np.ones(atoms)], axis=1))
            fd.attrs["unit"] = "eV/angstrom"; fd.attrs["definition"] = "forces"
            inc = g.create_group("incar"); stamp(inc, "incar")
            for tag, v in [("ENCUT", "520"), ("ISMEAR", "0"), ("SIGMA", "0.05")]:
                inc.attrs[tag] = v
    fd = os.open(path, os.O_RDWR); os.fsync(fd); os.close(fd)
    print(time.perf_counter() - t, os.path.getsize(path))
    """
}
