import ArgumentParser
import Crystal
import Foundation

/// `adhere-bench match`: lattice matching against pymatgen's ZSLGenerator.
///
/// For the seed paper's four pairs, Li(001) on X(001), runs Adhere's search (slab builders +
/// matcher, best of `--repeat`) and pymatgen's SubstrateAnalyzer (ZSLGenerator on
/// SlabGenerator's cells, via Benchmarks/anchors/zsl_pymatgen.py) with the same limits, prints
/// both match lists, how many of pymatgen's matches Adhere equals or beats (area and strain),
/// the time ratio, and the comparison with the paper's cells.
struct MatchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Benchmark: lattice matching against pymatgen's ZSLGenerator.")

    @Option(help: "Folder with the bulk structures (default: the project's structures/).")
    var structures: String?

    @Option(name: .customLong("film-a"), help: "Li lattice constant used, Å (PBE value by default; the shipped file has 3.51).")
    var filmAA: Double = 3.44

    @Option(name: .customLong("max-area"), help: "Largest interface area, Å².")
    var maxAreaA2: Double = MatchLimits().maxAreaA2

    @Option(help: "Length tolerance (fraction).")
    var maxStrain: Double = MatchLimits().maxLengthStrain

    @Option(help: "Angle tolerance (relative).")
    var maxAngleStrain: Double = MatchLimits().maxAngleStrain

    @Option(help: "Area-ratio tolerance.")
    var maxAreaRatio: Double = MatchLimits().maxAreaRatioTolerance

    @Option(name: .customLong("repeat"), help: "Timing repeats (best of).")
    var repeats: Int = 20

    @Option(help: "Rows of each match list to print.")
    var rows: Int = 8

    @Option(help: "Python with pymatgen (default: ADHERE_PYTHON or /opt/adhere-venv/bin/python).")
    var python: String?

    /// One of the paper's pairs: file name and the supercells the paper used (conventional cells).
    struct Pair {
        let name: String, file: String
        let film: IntMatrix2, substrate: IntMatrix2
    }

    static let pairs = [
        Pair(name: "Li7La3Zr2O12", file: "Li7La3Zr2O12.cif", film: .diagonal(4, 4), substrate: .diagonal(1, 1)),
        Pair(name: "LiCF3SO3", file: "LiCF3SO3.cif", film: .diagonal(3, 3), substrate: .diagonal(1, 1)),
        Pair(name: "LiF", file: "LiF.cif", film: .diagonal(4, 4), substrate: .diagonal(3, 3)),
        Pair(name: "Li2CO3", file: "Li2CO3.cif", film: .diagonal(3, 3), substrate: .diagonal(2, 2)),
    ]

    func run() async throws {
        let dir = structures ?? Self.defaultStructures()
        var li = try StructureFile.read(path: "\(dir)/Li-bcc.cif")
        let scale = filmAA / li.lattice.lengthsA.a
        li.lattice = Lattice(matrix: Matrix3(rows: li.lattice.matrix.rows.map { $0 * scale }))
        let limits = MatchLimits(maxAreaA2: maxAreaA2, maxLengthStrain: maxStrain, maxAngleStrain: maxAngleStrain,
                                 maxAreaRatioTolerance: maxAreaRatio)
        print("adhere-bench match: Li(001) a = \(filmAA) Å on X(001); max area \(maxAreaA2) Å², length tol \(maxStrain), "
              + "angle tol \(maxAngleStrain), area-ratio tol \(maxAreaRatio); film 7 planes, substrate ≥ 10 Å")
        var table: [String] = []
        var ratios: [Double] = [], searchRatios: [Double] = []
        for pair in Self.pairs {
            let path = "\(dir)/\(pair.file)"
            guard FileManager.default.fileExists(atPath: path) else { print("\n== \(pair.name): \(path) missing, skipped"); continue }
            let bulk = try StructureFile.read(path: path)
            var ours: [LatticeMatch] = []
            var matcher: LatticeMatcher?
            var best = Double.infinity, bestSearch = Double.infinity
            for _ in 0..<max(1, self.repeats) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let f = SlabBuilder(bulk: li, miller: MillerIndex(0, 0, 1)!)
                let s = SlabBuilder(bulk: bulk, miller: MillerIndex(0, 0, 1)!)
                let m = try LatticeMatcher(film: f, substrate: s, limits: limits)
                let t1 = DispatchTime.now().uptimeNanoseconds
                ours = m.matches()
                let t2 = DispatchTime.now().uptimeNanoseconds
                best = min(best, Double(t2 - t0) / 1e9)
                bestSearch = min(bestSearch, Double(t2 - t1) / 1e9)
                matcher = m
            }
            print("\n== Li(001) | \(pair.name)(001)")
            print("Adhere: \(ours.count) matches in \(String(format: "%.5f", best)) s with slab builders, "
                  + "\(String(format: "%.5f", bestSearch)) s search alone (best of \(self.repeats))")
            print(Self.header)
            for (i, m) in ours.prefix(rows).enumerated() { print(Self.row(i, m)) }
            let anchor = runAnchor(structure: path, liPath: "\(dir)/Li-bcc.cif")
            if let anchor {
                let unique = Self.uniquePymatgen(anchor.matches)
                print("pymatgen \(anchor.version) SubstrateAnalyzer: \(anchor.matches.count) matches (\(unique.count) distinct by area and strain) in \(String(format: "%.4f", anchor.seconds)) s")
                print("   #  film T      substrate T     sub(Å²)  film(Å²)  film lengths (Å)   substrate lengths (Å)  vonMises")
                for (i, m) in unique.prefix(rows).enumerated() {
                    print(String(format: "%4d  %-15@ %-15@ %8.2f %8.2f  %6.3f %6.3f      %6.3f %6.3f         %6.2f %%", i,
                                 "\(m.film)", "\(m.substrate)", m.substrateArea, m.filmArea, m.filmLengths[0], m.filmLengths[1],
                                 m.substrateLengths[0], m.substrateLengths[1], m.vonMises * 100))
                }
                let covered = unique.filter { p in ours.contains { $0.areaA2 <= p.substrateArea + 1e-6 && $0.vonMisesStrain <= p.vonMises + 1e-6 } }
                print("pymatgen matches equalled or beaten by an Adhere match (area ≤ and von Mises ≤): \(covered.count) / \(unique.count)")
                let ratio = anchor.seconds / best, searchRatio = anchor.searchSeconds / bestSearch
                ratios.append(ratio)
                searchRatios.append(searchRatio)
                print(String(format: "time with surface generation: pymatgen %.4f s, Adhere %.5f s: Adhere %.0f× faster", anchor.seconds, best, ratio))
                print(String(format: "time of the search alone:     pymatgen %.4f s, Adhere %.5f s: Adhere %.0f× faster", anchor.searchSeconds,
                             bestSearch, searchRatio))
            } else {
                print("pymatgen: not run (no Python with pymatgen; set ADHERE_PYTHON or --python)")
            }
            if let matcher { table.append(paperRow(pair, matcher: matcher, ours: ours)) }
        }
        print("\n== Paper cells (conventional surface cells) against Adhere's best")
        print("| pair | paper film/sub | paper strain (principal) | paper area Å² | paper atoms | Adhere best (primitive cells) | area Å² | strain (principal) | vM | atoms |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in table { print(r) }
        if !ratios.isEmpty {
            print(String(format: "\nspeed-up over pymatgen with surface generation: min %.0f×, max %.0f×; search alone: min %.0f×, max %.0f× (goal ≥ 50×)",
                         ratios.min()!, ratios.max()!, searchRatios.min()!, searchRatios.max()!))
        }
    }

    /// The paper's cell evaluated, and Adhere's lowest-strain match no larger than it (the
    /// smallest match when none is).
    func paperRow(_ pair: Pair, matcher: LatticeMatcher, ours: [LatticeMatch]) -> String {
        guard let eval = try? matcher.evaluate(filmMatrix: pair.film, substrateMatrix: pair.substrate) else { return "| \(pair.name) | ? |" }
        let p = eval.match
        let within = ours.filter { $0.areaA2 <= p.areaA2 + 1e-6 }
        let best = within.min { $0.vonMisesStrain < $1.vonMisesStrain } ?? ours.first
        func strains(_ m: LatticeMatch) -> String { m.principalStrains.map { String(format: "%+.1f %%", $0 * 100) }.joined(separator: ", ") }
        let paper = "| \(pair.name) | \(pair.film)/\(pair.substrate) | \(strains(p))\(eval.isPlausible ? "" : " ✗") | "
            + String(format: "%.1f", p.areaA2) + " | \(p.totalAtoms) | "
        guard let b = best else { return paper + "none | | | | |" }
        return paper + "\(b.filmMatrix)/\(b.substrateMatrix) | " + String(format: "%.1f", b.areaA2) + " | \(strains(b)) | "
            + String(format: "%.2f %%", b.vonMisesStrain * 100) + " | \(b.totalAtoms) |"
    }

    static let header = "   #  film               substrate           sub(Å²)  film(Å²)  principal strains      vonMises  atoms"

    static func row(_ i: Int, _ m: LatticeMatch) -> String {
        String(format: "%4d  %-18@ %-18@ %8.2f %8.2f  %+6.2f %% %+6.2f %%   %6.2f %%  %5d", i, m.filmMatrix.description,
               m.substrateMatrix.description, m.areaA2, m.filmAreaA2, m.principalStrains[0] * 100, m.principalStrains[1] * 100,
               m.vonMisesStrain * 100, m.totalAtoms)
    }

    /// One pymatgen match.
    struct AnchorMatch {
        let film: [[Int]], substrate: [[Int]]
        let filmArea: Double, substrateArea: Double
        let filmLengths: [Double], substrateLengths: [Double]
        let vonMises: Double
    }

    /// pymatgen's matches with the same substrate area and strain kept once.
    static func uniquePymatgen(_ all: [AnchorMatch]) -> [AnchorMatch] {
        var seen = Set<String>()
        return all.filter { seen.insert(String(format: "%.4f %.6f", $0.substrateArea, $0.vonMises)).inserted }
    }

    func runAnchor(structure: String, liPath: String) -> (version: String, seconds: Double, searchSeconds: Double, matches: [AnchorMatch])? {
        let env = ProcessInfo.processInfo.environment
        let candidates = [python, env["ADHERE_PYTHON"], "/opt/adhere-venv/bin/python"].compactMap { $0 }
        guard let py = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let script = Self.projectFile("Benchmarks/anchors/zsl_pymatgen.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: py)
        process.arguments = [script, liPath, structure, "--film-a", "\(filmAA)", "--max-area", "\(maxAreaA2)",
                             "--max-length-tol", "\(maxStrain)", "--max-angle-tol", "\(maxAngleStrain)",
                             "--max-area-ratio-tol", "\(maxAreaRatio)", "--repeat", "3"]
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = json["seconds"] as? Double, let list = json["matches"] as? [[String: Any]]
        else { return nil }
        let matches = list.map { m in
            AnchorMatch(film: m["filmTransformation"] as? [[Int]] ?? [], substrate: m["substrateTransformation"] as? [[Int]] ?? [],
                        filmArea: m["filmAreaA2"] as? Double ?? 0, substrateArea: m["substrateAreaA2"] as? Double ?? 0,
                        filmLengths: m["filmLengthsA"] as? [Double] ?? [0, 0], substrateLengths: m["substrateLengthsA"] as? [Double] ?? [0, 0],
                        vonMises: m["vonMisesStrain"] as? Double ?? 0)
        }
        return (json["pymatgen"] as? String ?? "?", seconds, json["searchSeconds"] as? Double ?? seconds, matches)
    }

    /// The project's structures/ folder: ADHERE_HOME, else walking up from the working directory.
    static func defaultStructures() -> String { projectFile("structures") }

    static func projectFile(_ relative: String) -> String {
        if let home = ProcessInfo.processInfo.environment["ADHERE_HOME"], !home.isEmpty { return "\(home)/\(relative)" }
        var url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent(relative).path
            }
            url.deleteLastPathComponent()
        }
        return relative
    }
}
