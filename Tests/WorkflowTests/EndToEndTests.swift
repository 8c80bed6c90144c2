import Archive
import Foundation
import Testing
import TestSupport

/// The whole path a user takes, through the built `adhere` and `vasp-standin` on the real local
/// Slurm: init → plan → build → run (submit, wait, one injected ZBRENT failure recovered,
/// collect, report) → the archive holds every energy, and W_ad agrees with a hand calculation
/// from the runs' own vasprun.xml files and POSCAR.
@Suite(.serialized, .sharedCluster) struct EndToEndTests {
    static let adhere = Fixtures.executable("adhere")
    static let standin = Fixtures.executable("vasp-standin")
    static let ready = LocalSlurm.reachable && FileManager.default.isExecutableFile(atPath: adhere)
        && FileManager.default.isExecutableFile(atPath: standin)
    static let skip = LocalSlurm.reachable
        ? "skipped: build adhere and vasp-standin first (swift build)"
        : LocalSlurm.missingMessage

    /// The last `e_0_energy` of a vasprun.xml, read as text (independently of the parser).
    static func lastSigma0EnergyEV(_ path: String) throws -> Double {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = text.split(separator: "\n").last { $0.contains("name=\"e_0_energy\"") }!
        return Double(line.split(separator: ">")[1].split(separator: "<")[0].trimmingCharacters(in: .whitespaces))!
    }

    /// |a × b| of a POSCAR's lattice (scale 1.0 as Adhere writes), read as text.
    static func areaA2(poscar path: String) throws -> Double {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let a = lines[2].split(separator: " ").compactMap { Double($0) }
        let b = lines[3].split(separator: " ").compactMap { Double($0) }
        let c = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
        return (c[0] * c[0] + c[1] * c[1] + c[2] * c[2]).squareRoot()
    }

    @Test(.enabled(if: ready, Comment(rawValue: skip)), .timeLimit(.minutes(30)))
    func minimalStudyRunsEndToEndWithOneRecoveredFailure() throws {
        let study = try Fixtures.temporaryDirectory("adhere-e2e").appendingPathComponent("study")
        let env = LocalSlurm.environment.merging([
            "ADHERE_STANDIN_FAIL": "zbrent", "ADHERE_STANDIN_FAIL_ONCE": "1", "ADHERE_STANDIN_FAIL_IN": "LiF-interface",
        ]) { $1 }

        let initialised = Fixtures.run(Self.adhere, ["init", study.path], environment: env)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let plan = Fixtures.run(Self.adhere, ["plan", study.path], environment: env)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("LiF interface, film and substrate from the relaxed cells: built when LiF-bulk is parsed"), "\(plan.stdout)")

        // First only submit (as if the user pressed Ctrl-C after submitting), then run again: it resumes.
        let submitOnly = Fixtures.run(Self.adhere, ["run", study.path, "--no-wait"], environment: env)
        #expect(submitOnly.status == 0, "\(submitOnly.stdout)\n\(submitOnly.stderr)")
        #expect(submitOnly.stdout.contains("submitted LiF-bulk as Slurm job"))
        var run = Fixtures.run(Self.adhere, ["run", study.path, "--poll", "1", "--max-wait", "60"], environment: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("build: 4 calculations (0 new, 0 rewritten, 4 unchanged, 0 shared)"), "\(run.stdout)")  // bulks and σ series; the interface stage follows LiF-bulk
        run.stdout = submitOnly.stdout + run.stdout
        // One line per poll when not a terminal, the injected failure recovered, the table printed.
        #expect(run.stdout.contains("calculations: "))
        #expect(run.stdout.contains("recovery: LiF-interface"), "\(run.stdout)")
        #expect(run.stdout.contains("not physics"))
        #expect(run.stdout.contains("| Li(001) \\| LiF(001) |"), "\(run.stdout)")
        let folder = study.appendingPathComponent("calculations/LiF-interface")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".vasp-standin-injected-zbrent").path))

        // The archive holds every calculation with the energy its vasprun.xml ends with.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: study.appendingPathComponent("calculations/manifest.json"))) as! [String: Any]
        let entries = manifest["calculations"] as! [[String: Any]]
        let shared = manifest["sharedWith"] as! [String: String]
        let reader = try ArchiveReader(path: study.appendingPathComponent("archive.h5").path)
        let archived = Set(try reader.calculationIDs())
        // A collect with nothing new answers from the state store without opening the archive:
        // its count must still be the archive's own.
        let noop = Fixtures.run(Self.adhere, ["collect", study.path], environment: env)
        #expect(noop.status == 0, "\(noop.stderr)")
        #expect(!noop.stdout.contains("parsed    "), "\(noop.stdout)")
        #expect(noop.stdout.contains("(\(archived.count) calculations, 1 interfaces)"), "\(noop.stdout)")
        for entry in entries {
            let id = shared[entry["id"] as! String] ?? entry["id"] as! String
            #expect(archived.contains(id), "archive lacks \(id)")
            let record = try reader.calculation(id)
            let expected = try Self.lastSigma0EnergyEV(study.appendingPathComponent("calculations/\(id)/vasprun.xml").path)
            #expect(abs(record.energies.energySigma0EV.last! - expected) < 1e-6)
            #expect(record.isStandIn)
        }

        // W_ad by hand: (E_film + E_substrate − E_interface) / |a × b|, in J/m² (1 eV/Å² = 16.021766 J/m²).
        let e = { (id: String) in try Self.lastSigma0EnergyEV(study.appendingPathComponent("calculations/\(id)/vasprun.xml").path) }
        let area = try Self.areaA2(poscar: folder.appendingPathComponent("POSCAR").path)
        let wadByHand = (try e(shared["LiF-film"] ?? "LiF-film") + e(shared["LiF-substrate"] ?? "LiF-substrate") - e("LiF-interface")) / area * 16.021_766_34
        let interface = try reader.interface("LiF")
        #expect(abs(interface.analysis.workOfAdhesion.jPerM2 - wadByHand) < 1e-6)
        #expect(interface.analysis.workOfAdhesion.jPerM2 > 0)
        #expect(interface.isStandIn)

        // Running it again changes nothing and says the study is complete.
        let again = Fixtures.run(Self.adhere, ["run", study.path, "--poll", "1", "--max-wait", "2"], environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.contains("unchanged"), "\(again.stdout)")
    }

    /// The time limit: a 1-minute job whose script gets USR1 20 s before the limit writes STOPCAR;
    /// the stand-in ("timeout" mode: it would sleep for a day) stops cleanly after its first ionic
    /// step; collect sees forces above |EDIFFG| and continues the relaxation from CONTCAR.
    @Test(.enabled(if: ready, Comment(rawValue: skip)), .timeLimit(.minutes(30)))
    func timeLimitWarningStopsTheRunWhichContinuesFromContcar() throws {
        let study = try Fixtures.temporaryDirectory("adhere-e2e").appendingPathComponent("study")
        let env = LocalSlurm.environment.merging([
            "ADHERE_STANDIN_FAIL": "timeout", "ADHERE_STANDIN_FAIL_ONCE": "1", "ADHERE_STANDIN_FAIL_IN": "LiF-interface",
        ]) { $1 }
        #expect(Fixtures.run(Self.adhere, ["init", study.path], environment: env).status == 0)
        let local = try String(contentsOfFile: Fixtures.project("cluster/local.yaml"), encoding: .utf8)
        let short = local.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("time:") { return "time: \"00:01:00\"" }
            // 20, not 30: Slurm may send USR1 up to 60 s early; at 20 s it still comes 10 s into
            // the job at the earliest, after the script set its trap (see LocalSlurmTimeoutTests).
            if line.hasPrefix("signal_seconds_before_limit:") { return "signal_seconds_before_limit: 20" }
            return String(line)
        }.joined(separator: "\n")
        try short.write(to: study.appendingPathComponent("short.yaml"), atomically: true, encoding: .utf8)
        let yaml = try String(contentsOf: study.appendingPathComponent("study.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "cluster_profile: local", with: "cluster_profile: short.yaml")
        try yaml.write(to: study.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)

        let run = Fixtures.run(Self.adhere, ["run", study.path, "--poll", "2", "--max-wait", "8"], environment: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("continuing LiF-interface from its CONTCAR"), "\(run.stdout)")
        let folder = study.appendingPathComponent("calculations/LiF-interface")
        let firstJob = try String(contentsOf: folder.appendingPathComponent("POSCAR.attempt-1"), encoding: .utf8)
        #expect(!firstJob.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("STOPCAR").path))
        let outputs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("slurm-") }
        #expect(outputs.count == 2)
        let texts = try outputs.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        #expect(texts.contains { $0.contains("wrote STOPCAR") && $0.contains("stop requested") })
        #expect(texts.contains { $0.contains("reached required accuracy") })
        #expect(run.stdout.contains("| Li(001) \\| LiF(001) |"))
    }
}
