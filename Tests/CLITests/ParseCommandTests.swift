import Foundation
import Testing
import TestSupport

/// `adhere parse` run as a program. Expected numbers: pymatgen 2026.10.24 on the same files
/// (Vasprun(...).final_energy, ionic_steps[-1], efermi), obtained once by
/// Benchmarks/anchors/vasprun_pymatgen.py; the largest free force by numpy over pymatgen's forces.
/// The suite needs the built `adhere` and ../shared (skipped visibly otherwise).
private let parseCommandReady = FileManager.default.isExecutableFile(atPath: Fixtures.executable("adhere")) && Fixtures.sharedAvailable

@Suite(.enabled(if: parseCommandReady, "skipped: needs adhere built (swift build --product adhere) and ../shared/fixtures beside the clone")) struct ParseCommandTests {
    static let adhere = Fixtures.executable("adhere")
    static let keys: Set<String> = [
        "complete", "program", "version", "natoms", "species", "ionicSteps", "energies", "finalLattice",
        "maxForceEVPerA", "convergedElectronic", "convergedIonic", "efermiEV", "kpointCount", "parameters",
        "damage",  // null unless a step held an unreadable number (docs/vasprun.md)
    ]

    /// A fixture that must be there when the suite runs.
    static func fixture(_ relativePath: String) throws -> String {
        try #require(Fixtures.shared(relativePath), "\(relativePath) missing from ../shared")
    }

    static func json(_ args: [String]) throws -> [String: Any] {
        let r = Fixtures.run(adhere, args)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonKeysAndValuesForTheSelectiveSlab() throws {
        let path = try Self.fixture("fixtures/vasprun/vasp46_slab_selective.vasprun.xml")
        let j = try Self.json(["parse", path, "--json"])
        #expect(Set(j.keys) == Self.keys)
        #expect(j["complete"] as? Bool == true)
        #expect(j["natoms"] as? Int == 40)
        #expect((j["species"] as? [String])?.count == 40)
        #expect(j["ionicSteps"] as? Int == 4)
        #expect(j["kpointCount"] as? Int == 128)
        #expect((j["version"] as? String)?.hasPrefix("4.6.28") == true)
        let e = try #require(j["energies"] as? [String: Any])
        #expect(Set(e.keys) == ["freeEnergyEV", "energyWithoutEntropyEV", "energySigma0EV"])
        #expect(abs((e["freeEnergyEV"] as? Double ?? 0) - (-179.58411663)) < 1e-8)
        #expect(abs((e["energySigma0EV"] as? Double ?? 0) - (-179.5803976)) < 1e-8)
        #expect(abs((j["maxForceEVPerA"] as? Double ?? 99) - 0.009984530821395665) < 1e-7)
        #expect(j["efermiEV"] is NSNull)
        #expect(j["damage"] is NSNull)
        #expect((j["finalLattice"] as? [[Double]])?.count == 3)
        #expect(j["convergedIonic"] as? Bool == true)
        #expect((j["parameters"] as? [String: Any])?["NSW"] as? Int == 10)
    }

    @Test func truncatedFileAndTrajectory() throws {
        let path = try Self.fixture("fixtures/vasprun/truncated_relax.vasprun.xml")
        let j = try Self.json(["parse", path, "--json", "--trajectory"])
        #expect(j["complete"] as? Bool == false)
        #expect(j["convergedIonic"] as? Bool == false)
        #expect(j["ionicSteps"] as? Int == 5)
        #expect((j["trajectory"] as? [Any])?.count == 5)
        #expect(abs((j["efermiEV"] as? Double ?? 0) - 0.63706997) < 1e-8)
    }

    @Test func gzipAndTextOutput() throws {
        let path = try Self.fixture("fixtures/vasprun/pbe_d3bj_relax_1atom.vasprun.xml.gz")
        let r = Fixtures.run(Self.adhere, ["parse", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("-15.92115453"))  // F with the D3 term
        #expect(r.stdout.contains("ionic steps:         8"))
    }

    @Test func noCompleteStepExitsWithOneAndNamesTheFile() throws {
        let path = try Self.fixture("fixtures/vasprun/killed_interface_slab.vasprun.xml")
        let r = Fixtures.run(Self.adhere, ["parse", path, "--json"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(path) && r.stderr.contains("no complete ionic step"))
        #expect(r.stdout.isEmpty)
    }
}
