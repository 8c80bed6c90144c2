import Adhesion
import Archive
import Foundation
import HDF5
import Testing
import TestSupport

@Suite struct ArchiveRoundTripTests {
    func archivePath() throws -> String {
        try Fixtures.temporaryDirectory("archive").appendingPathComponent("archive.h5").path
    }

    @Test func calculationsAndInterfacesRoundTrip() throws {
        let path = try archivePath()
        let writer = ArchiveWriter(path: path)
        let film = ArchiveSamples.calculation("film", role: "film", sigma0: [-99.5, -100])
        let sub = ArchiveSamples.calculation("sub", role: "substrate", sigma0: [-200])
        try writer.commit(calculations: [film, sub])
        var iface = ArchiveSamples.calculation("iface", role: "interface", sigma0: [-300, -300.4, -300.5])
        iface.slurmJobID = nil
        iface.finishedAt = nil
        let record = try ArchiveSamples.interface()
        try writer.commit(calculations: [iface], interfaces: [record])

        let reader = try ArchiveReader(path: path)
        #expect(reader.formatVersion == 1)
        #expect(try reader.calculationIDs() == ["film", "iface", "sub"])
        #expect(try reader.calculation("film") == film)
        #expect(try reader.calculation("iface") == iface)
        #expect(try reader.interfaceNames() == ["Li001_Li2CO3_001"])
        let back = try reader.interface("Li001_Li2CO3_001")
        #expect(back == record)
        // Hand calculation: 0.5 eV / 50 Å² = 0.01 eV/Å² = 0.1602176634 J/m².
        #expect(abs(back.analysis.workOfAdhesion.jPerM2 - 0.1602176634) < 1e-12)
        #expect(throws: ArchiveError.missing(file: path, kind: "calculation", name: "nope")) { try reader.calculation("nope") }
    }

    @Test func everyGroupCarriesFormatAndVersion() throws {
        let path = try archivePath()
        try ArchiveWriter(path: path).commit(calculations: [ArchiveSamples.calculation("c1", role: "bulk", sigma0: [-1])],
                                             interfaces: [try ArchiveSamples.interface()])
        let f = try HDF5File.open(at: path)
        func visit(_ g: HDF5Group) throws -> Int {
            #expect(try g.stringAttribute("format") == "adhere-archive", "\(g.path)")
            #expect(try g.int64Attribute("formatVersion") == 1, "\(g.path)")
            var n = 1
            for child in try g.childNames() where try g.isGroup(child) { n += try visit(try g.openGroup(child)) }
            return n
        }
        // root, calculations, interfaces, c1 + energies/finalStructure/incar, interface + surfaceEnergy
        #expect(try visit(f.root) == 9)
    }

    @Test func duplicatesAreRefusedUnlessReplacing() throws {
        let path = try archivePath()
        let writer = ArchiveWriter(path: path)
        try writer.add(ArchiveSamples.calculation("c1", role: "film", sigma0: [-1]))
        #expect(throws: ArchiveError.duplicate(kind: "calculation", name: "c1")) {
            try writer.add(ArchiveSamples.calculation("c1", role: "film", sigma0: [-2]))
        }
        #expect(throws: ArchiveError.duplicate(kind: "calculation", name: "c2")) {
            try writer.commit(calculations: [ArchiveSamples.calculation("c2", role: "film", sigma0: [-2]),
                                             ArchiveSamples.calculation("c2", role: "film", sigma0: [-2])])
        }
        #expect(throws: ArchiveError.invalidName(kind: "calculation", name: "a/b")) {
            try writer.add(ArchiveSamples.calculation("a/b", role: "film", sigma0: [-2]))
        }
        try writer.add(ArchiveSamples.calculation("c3", role: "film", sigma0: [-3]))
        let sizeBefore = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        for _ in 0..<5 { try writer.add(ArchiveSamples.calculation("c1", role: "film", sigma0: [-7, -8]), replace: true) }
        let sizeAfter = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        let reader = try ArchiveReader(path: path)
        #expect(try reader.calculationIDs() == ["c1", "c3"])
        #expect(try reader.calculation("c1").energies.energySigma0EV == [-7, -8])
        #expect(try reader.calculation("c3").energies.energySigma0EV == [-3])
        // The root holds links only: five replacements add a few kB to it, never a copy of the data
        // (each replacement's records sit in their own batch file).
        #expect(sizeAfter - sizeBefore < 32 * 1024, "root grew \(sizeAfter - sizeBefore) bytes")
        // No temporary files or partial archives are left beside it or among the batches.
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["archive.h5", "archive.h5.d", "archive.h5.lock"])
        let batches = try FileManager.default.contentsOfDirectory(atPath: path + ".d")
        #expect(batches.allSatisfy { $0.hasPrefix("batch-") && $0.hasSuffix(".h5") }, "\(batches)")
    }

    @Test func foreignAndNewerFilesAreRecognised() throws {
        let path = try archivePath()
        do {
            let f = try HDF5File.create(at: path)
            try f.root.setAttribute("format", "something-else")
            try f.close()
        }
        #expect(throws: ArchiveError.notAnArchive(file: path, found: "something-else")) { try ArchiveReader(path: path) }
        do {
            let f = try HDF5File.open(at: path, mode: .readWrite)
            try f.root.setAttribute("format", "adhere-archive")
            try f.root.setAttribute("formatVersion", Int64(99))
            try f.close()
        }
        #expect(throws: ArchiveError.unsupportedVersion(file: path, found: 99, newestSupported: 1)) { try ArchiveReader(path: path) }
        let text = try archivePath()
        try "not hdf5".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: ArchiveError.self) { try ArchiveReader(path: text) }
    }

    /// h5py (3.16.0, /opt/adhere-venv) opens an archive written by Adhere and reads the same
    /// numbers: the hand-chosen energies, W_ad = 0.5 eV / 50 Å² = 0.01 eV/Å² (0.1602176634 J/m²),
    /// and θ from Young–Dupré computed by Python's math.acos independently.
    @Test func h5pyReadsTheArchive() throws {
        guard let python = Fixtures.python(with: ["h5py"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with h5py (/opt/adhere-venv or ADHERE_PYTHON)"))
        }
        let path = try archivePath()
        try ArchiveWriter(path: path).commit(
            calculations: [ArchiveSamples.calculation("film", role: "film", sigma0: [-99.5, -100])],
            interfaces: [try ArchiveSamples.interface()])
        let script = """
        import h5py, json, math, sys
        with h5py.File(sys.argv[1], "r") as f:
            c = f["calculations/film"]
            i = f["interfaces/Li001_Li2CO3_001"]
            w = i["workOfAdhesionJPerM2"][()]
            s = i["surfaceEnergyJPerM2"][()]
            print(json.dumps({
                "format": f.attrs["format"], "version": int(f.attrs["formatVersion"]),
                "role": c.attrs["role"], "job": c.attrs["slurmJobID"],
                "sigma0": c["energies/energySigma0EV"][()].tolist(),
                "free": c["energies/freeEnergyEV"][()].tolist(),
                "lattice": c["finalStructure/latticeA"][()].tolist(),
                "species": list(c["finalStructure/species"].asstr()[()]),
                "forces": c["forcesEVPerA"][()].tolist(), "encut": c["incar"].attrs["ENCUT"],
                "wEV": float(i["workOfAdhesionEVPerA2"][()]), "w": float(w), "sigma": float(s),
                "theta": float(i["contactAngleDeg"][()]),
                "thetaPython": math.degrees(math.acos(w / s - 1)),
                "regime": i["wettingRegime"].asstr()[()],
                "area": float(i["interfaceAreaA2"][()]), "atoms": int(i["atomCount"][()]),
                "filmSupercell": i["filmSupercell"][()].tolist(),
                "definition": i["interfaceEnergyEV"].attrs["definition"],
                "corrections": i["interfaceEnergyEV"].attrs["corrections"],
            }))
        """
        let r = Fixtures.run(python, ["-c", script, path])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(j["format"] as? String == "adhere-archive")
        #expect(j["version"] as? Int == 1)
        #expect(j["role"] as? String == "film")
        #expect(j["job"] as? String == "4242")
        #expect(j["sigma0"] as? [Double] == [-99.5, -100])
        #expect(j["free"] as? [Double] == [-99.501, -100.001])
        #expect(j["lattice"] as? [[Double]] == [[3.44, 0, 0], [0, 3.44, 0], [0, 0, 20]])
        #expect(j["species"] as? [String] == ["Li", "Li", "O"])
        #expect(j["forces"] as? [[Double]] == [[0.01, -0.02, 0.03], [0, 0, 0], [-0.01, 0.02, -0.03]])
        #expect(j["encut"] as? String == "520")
        #expect(abs((j["wEV"] as? Double ?? 0) - 0.01) < 1e-15)
        #expect(abs((j["w"] as? Double ?? 0) - 0.1602176634) < 1e-12)
        #expect(j["sigma"] as? Double == 0.4245)
        #expect(abs((j["theta"] as? Double ?? 0) - (j["thetaPython"] as? Double ?? -1)) < 1e-9)
        #expect(j["regime"] as? String == "partial wetting")
        #expect(j["area"] as? Double == 50)
        #expect(j["atoms"] as? Int == 312)
        #expect(j["filmSupercell"] as? [[Int]] == [[3, 0, 0], [0, 2, 0], [0, 0, 1]])
        #expect((j["definition"] as? String ?? "").contains("sigma->0"))
        #expect(j["corrections"] as? String == "dipole correction IDIPOL=3")
    }
}
