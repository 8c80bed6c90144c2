import Archive
import Crystal
import Foundation
import Report
import Testing
import TestSupport

/// `--si`: structures that ASE reads back exactly, energies with definitions, the σ fit, and a
/// manifest whose checksums match the files (checked with Python's hashlib, not Adhere's SHA-256).
@Suite struct SupportingInformationTests {
    @Test func writesStructuresEnergiesFitAndManifest() throws {
        let archive = try ReportSamples.archive()
        let dir = try Fixtures.temporaryDirectory("adhere-si").appendingPathComponent("si").path
        let manifest = try SupportingInformation(archive: archive).write(to: dir)
        let paths = Set(manifest.files.map(\.path))
        for id in archive.calculations.keys {
            #expect(paths.contains("structures/\(id).vasp") && paths.contains("structures/\(id).cif"), "\(id)")
        }
        #expect(paths.isSuperset(of: ["energies.csv", "surface-energy-fit.csv", "adhesion-table.csv"]))
        #expect(manifest.files.first { $0.path == "structures/LiF-film.vasp" }?.records == ["/calculations/LiF-film/finalStructure"])
        let energies = try String(contentsOfFile: dir + "/energies.csv", encoding: .utf8)
        #expect(energies.contains("/calculations/LiF-film/energies,energySigma0EV (film),-20.0,eV,"))
        #expect(energies.contains("/interfaces/LiF,workOfAdhesionJPerM2,"))
        let fit = try String(contentsOfFile: dir + "/surface-energy-fit.csv", encoding: .utf8)
        #expect(fit.contains("3,Li-L3,-3.29,"))  // E(3) = 0.7 − 1.33·3
        // A second SI into the same folder is refused (never writes over older files).
        #expect(throws: SupportingInformationError.self) { try SupportingInformation(archive: archive).write(to: dir) }
    }

    @Test(.enabled(if: Fixtures.python(with: ["ase", "hashlib"]) != nil, "no Python with ASE (/opt/adhere-venv: cluster/local/install.sh)"))
    func aseReadsStructuresBackExactlyAndChecksumsMatch() throws {
        let archive = try ReportSamples.archive()
        let dir = try Fixtures.temporaryDirectory("adhere-si").appendingPathComponent("si").path
        let manifest = try SupportingInformation(archive: archive).write(to: dir)
        // Reference: the archive's own structures, sorted by species as the POSCAR groups them.
        var expected: [String: Any] = [:]
        for (id, c) in archive.calculations {
            let s = try #require(c.finalStructure).groupedBySpecies()
            expected[id] = ["cell": s.lattice.matrix.arrays, "symbols": s.elements.map(\.symbol),
                            "frac": s.fractionalPositions.map { [$0.x, $0.y, $0.z] },
                            "lengths": [s.lattice.lengthsA.a, s.lattice.lengthsA.b, s.lattice.lengthsA.c],
                            "angles": [s.lattice.anglesDeg.alpha, s.lattice.anglesDeg.beta, s.lattice.anglesDeg.gamma]]
        }
        let expectedPath = dir + "/../expected.json"
        try JSONSerialization.data(withJSONObject: expected).write(to: URL(fileURLWithPath: expectedPath))
        let script = """
            import json, sys, hashlib, numpy as np
            from ase.io import read
            d, exp = sys.argv[1], json.load(open(sys.argv[2]))
            worst = {"poscar_cart": 0.0, "poscar_frac": 0.0, "cif_frac": 0.0, "cif_cell": 0.0}
            for cid, e in exp.items():
                a = read(f"{d}/structures/{cid}.vasp", format="vasp")
                assert a.get_chemical_symbols() == e["symbols"], (cid, a.get_chemical_symbols())
                worst["poscar_cart"] = max(worst["poscar_cart"], float(np.abs(a.cell.array - np.array(e["cell"])).max()))
                worst["poscar_frac"] = max(worst["poscar_frac"], float(np.abs(a.get_scaled_positions(wrap=False) - np.array(e["frac"])).max()))
                c = read(f"{d}/structures/{cid}.cif", format="cif")
                order = np.argsort([s for s in c.get_chemical_symbols()], kind="stable")
                assert sorted(c.get_chemical_symbols()) == sorted(e["symbols"]), cid
                par = c.cell.cellpar()
                worst["cif_cell"] = max(worst["cif_cell"], float(np.abs(par - np.array(e["lengths"] + e["angles"])).max()))
                f1 = sorted(map(tuple, np.round(np.mod(c.get_scaled_positions(wrap=False), 1.0), 12)))
                f2 = sorted(map(tuple, np.round(np.mod(np.array(e["frac"]), 1.0), 12)))
                worst["cif_frac"] = max(worst["cif_frac"], float(np.abs(np.array(f1) - np.array(f2)).max()))
            man = json.load(open(f"{d}/manifest.json"))
            bad = [f["path"] for f in man["files"] if hashlib.sha256(open(f"{d}/{f['path']}", "rb").read()).hexdigest() != f["sha256"]]
            print(json.dumps({"worst": worst, "badChecksums": bad, "files": len(man["files"])}))
            """
        let python = try #require(Fixtures.python(with: ["ase"]))
        let result = Fixtures.run(python, ["-c", script, dir, expectedPath])
        #expect(result.status == 0, "\(result.stderr)")
        struct Outcome: Decodable { let worst: [String: Double]; let badChecksums: [String]; let files: Int }
        let outcome = try JSONDecoder().decode(Outcome.self, from: Data(result.stdout.utf8))
        // Exact: the POSCAR cell reads back to the same doubles; fractions through ASE's cartesian round trip
        // (and the CIF's cell from lengths and angles) agree to rounding.
        #expect(outcome.worst["poscar_cart"] == 0 && (outcome.worst["poscar_frac"] ?? 1) < 1e-12, "\(outcome.worst)")
        #expect((outcome.worst["cif_frac"] ?? 1) < 1e-12 && (outcome.worst["cif_cell"] ?? 1) < 1e-9, "\(outcome.worst)")
        #expect(outcome.badChecksums.isEmpty)
        #expect(outcome.files == manifest.files.count)
    }
}
