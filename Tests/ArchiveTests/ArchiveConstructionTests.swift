import Adhesion
import Archive
import Crystal
import Foundation
import HDF5
import Testing
import TestSupport

/// Issue #14 in the archive: the termination taken (composition, charge, dipole, Tasker type,
/// symmetry), the film's named strains, the fixed atoms, the starting separation, the bulk
/// lattices before and after relaxation, and the scan with one UBER fit per shift — written
/// beside an interface's numbers and read back; an archive without them reads as nil.
@Suite struct ArchiveConstructionTests {
    func archivePath() throws -> String {
        try Fixtures.temporaryDirectory("adhere-archive-construction").appendingPathComponent("archive.h5").path
    }

    /// LiF(001)-like termination numbers (hand-chosen): neutral planes, Tasker type 1.
    static func termination(dipole: Double?, tasker: TaskerType?) -> TerminationCandidate {
        TerminationCandidate(row: 3, termination: 1, kind: .stoichiometric, topPlaneIndex: 7, bottomFormula: "Li2O2",
                             topFormula: "Li2O2", formula: "Li8La2Zr2O12", atoms: 24, layers: 6, thicknessA: 9.25,
                             isStoichiometric: true, netChargeE: dipole == nil ? nil : 0, dipolePerAreaEPerA: dipole,
                             isSymmetric: false, isPolar: true, taskerType: tasker, brokenBonds: 8, brokenBondsPerA2: 0.0228)
    }

    /// E(d) = E∞ − E_b (1 + a) e^(−a), a = (d − d₀)/ℓ, from hand-chosen parameters: shift 0
    /// (E∞ −100 eV, E_b 0.5 eV, d₀ 2.0 Å, ℓ 0.4 Å), shift 1 the same 0.1 eV lower.
    static func scan() throws -> ScanOutcome {
        let d = [1.5, 2.0, 2.5, 3.0, 3.5, 4.5]
        func e(_ x: Double, _ offset: Double) -> Double { let a = (x - 2.0) / 0.4; return -100 - offset - 0.5 * (1 + a) * exp(-a) }
        let energies = [d.map { e($0, 0) }, d.map { e($0, 0.1) }]
        return ScanOutcome(interlayer: "LiF", shiftsFractional: [[0, 0], [0.5, 0.25]], separationsA: d, energiesEV: energies,
                           fits: try energies.map { try UBERFit(separationsA: d, energiesEV: $0) }, bestShift: 1, bestSeparationA: 2.0)
    }

    static func construction() -> InterfaceConstruction {
        let cubic = { (a: Double) in Lattice([[a, 0, 0], [0, a, 0], [0, 0, a]]) }
        return InterfaceConstruction(
            substrateTermination: termination(dipole: -0.1088, tasker: .three), filmTermination: termination(dipole: nil, tasker: nil),
            substrateSelection: "automatic", terminationNotes: ["substrate: took row 3, stoichiometric with the least |dipole| 0.109 e·Å/Å²"],
            principalStrains: [-0.0381, -0.0381], arealStrain: 0.9619 * 0.9619 - 1, vonMisesStrain: 0.0249,
            startingSeparationA: 2.343, separationSource: "species-aware (covalent radii)",
            substrateFixedRegion: "bottom 4.00 Å", filmFixedRegion: "top 40 %", substrateFixedAtoms: 48, filmFixedAtoms: 32,
            bulkLattices: [BulkLattice(id: "Li-bulk", input: cubic(3.51), relaxed: cubic(3.44), usedForSlabs: true),
                           BulkLattice(id: "LLZO-bulk", input: cubic(12.97), relaxed: nil, usedForSlabs: true)])
    }

    @Test func constructionAndScanRoundTrip() throws {
        let path = try archivePath()
        var record = try ArchiveSamples.interface()
        record.construction = Self.construction()
        record.scan = try Self.scan()
        record.unconvergedRelaxations = ["LLZO-interface: relaxation not converged (step limit) after 2 attempts"]
        try ArchiveWriter(path: path).commit(calculations: [], interfaces: [record, try ArchiveSamples.interface("older")])
        let reader = try ArchiveReader(path: path)
        let back = try reader.interfaces().first { $0.name == record.name }
        let c = try #require(back?.construction)
        let want = Self.construction()
        #expect(c.substrateTermination == want.substrateTermination && c.filmTermination == want.filmTermination)
        #expect(c.substrateTermination.taskerType == .three && c.filmTermination.taskerType == nil && c.filmTermination.netChargeE == nil)
        #expect(zip(c.principalStrains, want.principalStrains).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(abs(c.arealStrain - want.arealStrain) < 1e-12 && abs(c.vonMisesStrain - 0.0249) < 1e-12)
        #expect(c.startingSeparationA == 2.343 && c.separationSource == want.separationSource)
        #expect(c.substrateFixedAtoms == 48 && c.filmFixedAtoms == 32 && c.filmFixedRegion == "top 40 %")
        #expect(c.terminationNotes == want.terminationNotes && c.bulkLattices == want.bulkLattices)
        #expect(back?.scan == (try Self.scan()))
        #expect(back?.unconvergedRelaxations == ["LLZO-interface: relaxation not converged (step limit) after 2 attempts"])
        // An interface archived without these records reads as before.
        let older = try reader.interfaces().first { $0.name == "older" }
        #expect(older != nil && older?.construction == nil && older?.scan == nil && older?.unconvergedRelaxations == [])
    }

    /// h5py reads the termination's dipole and Tasker type, the named strains and the scan; each
    /// shift's stored UBER parameters are the hand-chosen ones (E_b 0.5 eV, d₀ 2.0 Å, ℓ 0.4 Å,
    /// E∞ −100 and −100.1 eV), and the fitted curve at 2.7 Å, evaluated in Python, is the
    /// hand-chosen curve's −100 − 0.5 (1 + 1.75) e^(−1.75) = −100.23894 eV.
    @Test func h5pyReadsTerminationStrainsAndScan() throws {
        guard let python = Fixtures.python(with: ["h5py", "numpy"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with h5py (/opt/adhere-venv or ADHERE_PYTHON)"))
        }
        let path = try archivePath()
        var record = try ArchiveSamples.interface()
        record.construction = Self.construction()
        record.scan = try Self.scan()
        record.unconvergedRelaxations = ["LLZO-interface: relaxation not converged (step limit) after 2 attempts"]
        try ArchiveWriter(path: path).commit(calculations: [], interfaces: [record])
        let script = """
        import h5py, json, math, sys
        with h5py.File(sys.argv[1], "r") as f:
            i = f["interfaces/Li001_Li2CO3_001"]
            t = i["construction/substrateTermination"]
            s = i["scans"]
            fit = s["uberFit"][()]
            e0, eb, d0, l = fit[0][0], fit[0][1], fit[0][2], fit[0][3]
            a = (2.7 - d0) / l
            print(json.dumps({
                "dipole": float(t["dipolePerAreaEPerA"][()]), "unit": t["dipolePerAreaEPerA"].attrs["unit"],
                "tasker": int(t.attrs["taskerType"]), "formula": t.attrs["formula"], "stoich": int(t.attrs["isStoichiometric"]),
                "principal": i["principalStrainsPercent"][()].tolist(), "vonMises": float(i["vonMisesStrainPercent"][()]),
                "fixed": int(i["construction/substrateFixedAtoms"][()]),
                "relaxedA": float(i["construction/bulkLattices/00/relaxedLatticeA"][()][0][0]),
                "energiesShape": list(s["energiesEV"].shape), "fit": fit.tolist(), "bestShift": int(s.attrs["bestShift"]),
                "e27": float(e0 - eb * (1 + a) * math.exp(-a)),
            }))
        """
        let r = Fixtures.run(python, ["-c", script, path])
        try #require(r.status == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(j["dipole"] as? Double == -0.1088)
        #expect(j["unit"] as? String == "e*angstrom/angstrom^2")
        #expect(j["tasker"] as? Int == 3 && j["stoich"] as? Int == 1 && j["formula"] as? String == "Li8La2Zr2O12")
        #expect((j["principal"] as? [Double])?.allSatisfy { abs($0 + 3.81) < 1e-9 } == true)
        #expect(abs((j["vonMises"] as? Double ?? 0) - 2.49) < 1e-9)
        #expect(j["fixed"] as? Int == 48 && j["relaxedA"] as? Double == 3.44)
        #expect(j["energiesShape"] as? [Int] == [2, 6] && j["bestShift"] as? Int == 1)
        let fit = try #require(j["fit"] as? [[Double]])
        for (row, einf) in zip(fit, [-100.0, -100.1]) {
            #expect(abs(row[0] - einf) < 1e-4 && abs(row[1] - 0.5) < 1e-4 && abs(row[2] - 2.0) < 1e-4 && abs(row[3] - 0.4) < 1e-4, "\(row)")
        }
        #expect(abs((j["e27"] as? Double ?? 0) - (-100 - 0.5 * 2.75 * exp(-1.75))) < 1e-5)
    }
}
