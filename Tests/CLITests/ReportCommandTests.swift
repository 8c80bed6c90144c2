import Adhesion
import Archive
import Foundation
import Testing
import TestSupport

/// `adhere report` reads STUDY/archive.h5 written through the Archive API.
/// The built `adhere` the suite runs (skipped visibly when it is not built).
private let adhereBuilt = FileManager.default.isExecutableFile(atPath: Fixtures.executable("adhere"))

@Suite(.enabled(if: adhereBuilt, "skipped: build adhere first (swift build --product adhere)")) struct ReportCommandTests {
    var adhere: String { Fixtures.executable("adhere") }

    /// A study with one interface: ΔE = 0.53/16.02176634 × 100 eV over 100 Å² → W_ad 0.53 J/m²,
    /// σ = 0.424549837 → θ = 75.6° (hand calculation, Python math.acos).
    func makeStudy(standIn: Bool) throws -> URL {
        let dir = try Fixtures.temporaryDirectory("report-study")
        let delta = 0.53 / 16.021_766_34 * 100
        let w = try WorkOfAdhesion(interfaceEnergyEV: -1000 - delta, filmEnergyEV: -400, substrateEnergyEV: -600, interfaceAreaA2: 100)
        let record = ArchivedInterface(
            name: "Li_LiF", filmLabel: "Li(001)", substrateLabel: "LiF(001)", filmMiller: [0, 0, 1], substrateMiller: [0, 0, 1],
            filmSupercell: [[2, 0, 0], [0, 2, 0], [0, 0, 1]], substrateSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            strainPercent: 0.8, atomCount: 120, interfaceCalculationID: "i", filmCalculationID: "f", substrateCalculationID: "s",
            analysis: try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .given(jPerM2: 0.424_549_837)))
        let calc = { (id: String) in
            ArchivedCalculation(id: id, role: "x", energies: IonicStepEnergies(freeEnergyEV: [-1], energyWithoutEntropyEV: [-1], energySigma0EV: [-1]),
                              isStandIn: standIn && id == "f")
        }
        try ArchiveWriter(path: dir.appendingPathComponent("archive.h5").path)
            .commit(calculations: [calc("i"), calc("f"), calc("s")], interfaces: [record])
        return dir
    }

    @Test func markdownTableAndChart() throws {
        let study = try makeStudy(standIn: false)
        let svg = study.appendingPathComponent("wad.svg").path
        let r = Fixtures.run(adhere, ["report", study.path, "--plot", svg])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| Li(001) \\| LiF(001) | 2×2 | 1×1 | 120 | 100.00 | 0.80 | 0.530 | 75.6 | partial wetting |"))
        #expect(!r.stdout.contains("stand-in"))
        let chart = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg"))
        #expect(chart.contains("θ = 75.6°"))
    }

    @Test func standInCalculationFlagsTheTable() throws {
        let study = try makeStudy(standIn: true)
        let r = Fixtures.run(adhere, ["report", study.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(j?["banner"] as? String == "numbers from the VASP stand-in, not physics")
        let rows = j?["rows"] as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(abs((rows?.first?["workOfAdhesionJPerM2"] as? Double ?? 0) - 0.53) < 1e-9)
        #expect(rows?.first?["isStandIn"] as? Bool == true)
    }

    @Test func missingArchiveAndBadFormat() throws {
        let empty = try Fixtures.temporaryDirectory("report-empty")
        let r = Fixtures.run(adhere, ["report", empty.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("archive.h5: error: no archive"))
        let bad = Fixtures.run(adhere, ["report", empty.path, "--format", "xlsx"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--format"))
    }

    @Test func methodsSupportingInformationAndPDFChart() throws {
        let study = try makeStudy(standIn: false)
        let methods = Fixtures.run(adhere, ["report", study.path, "--methods", "--format", "tex"])
        #expect(methods.status == 0, "\(methods.stderr)")
        #expect(methods.stdout.contains("\\section*{Computational details}"))
        let si = study.appendingPathComponent("si").path
        let first = Fixtures.run(adhere, ["report", study.path, "--si", si])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: si + "/manifest.json") && FileManager.default.fileExists(atPath: si + "/energies.csv"))
        let again = Fixtures.run(adhere, ["report", study.path, "--si", si])
        #expect(again.status == 1 && again.stderr.contains("folder is not empty"))
        let pdf = study.appendingPathComponent("chart.pdf").path
        let chart = Fixtures.run(adhere, ["report", study.path, "--plot", pdf, "--references",
                                          Fixtures.project("structures/references/ji-2024-li-llzto.csv")])
        #expect(chart.status == 0, "\(chart.stderr)")
        #expect(FileManager.default.contents(atPath: pdf)?.prefix(5) == Data("%PDF-".utf8))
    }

    @Test func reportUsageErrors() throws {
        let study = try makeStudy(standIn: false)
        for arguments in [["--methods", "--format", "csv"], ["--plot", "chart.png"], ["--references", "r.csv"]] {
            let r = Fixtures.run(adhere, ["report", study.path] + arguments)
            #expect(r.status == 64, "\(arguments): \(r.stderr)")
        }
        let missing = Fixtures.run(adhere, ["report", study.path, "--plot", study.appendingPathComponent("c.svg").path, "--references", "/nonexistent.csv"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("/nonexistent.csv: error:") && missing.stdout.isEmpty)
    }
}
