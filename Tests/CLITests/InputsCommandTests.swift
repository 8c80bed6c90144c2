import Foundation
import Testing
import TestSupport

/// `adhere inputs` run as a program: exit 0 on success, 1 when the work fails (with the error on
/// stderr), 64 on bad usage.
@Suite struct InputsCommandTests {
    static let adhere = Fixtures.executable("adhere")
    static let bccLi = """
        Li bcc
        1.0
          3.44 0 0
          0 3.44 0
          0 0 3.44
        Li
        2
        Direct
          0 0 0
          0.5 0.5 0.5

        """

    func poscar() throws -> URL {
        let dir = try Fixtures.temporaryDirectory("adhere-cli-inputs")
        try Self.bccLi.write(to: dir.appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func writesInputsWithoutPotcar() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.adhere) else {
            try Test.cancel(Comment(rawValue: "skipped: \(Self.adhere) not built (swift build --product adhere)"))
        }
        let dir = try poscar()
        let out = dir.appendingPathComponent("out")
        let r = Fixtures.run(Self.adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--no-potcar", "-o", out.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(summary?["role"] as? String == "bulk")
        #expect(summary?["kpoints"] as? [Int] == [10, 10, 10])
        for file in ["POSCAR", "INCAR", "KPOINTS", "POTCAR.spec"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
        let incar = try String(contentsOf: out.appendingPathComponent("INCAR"), encoding: .utf8)
        #expect(incar.contains("ISIF = 3\n") && incar.contains("IVDW = 11\n") && incar.contains("ENCUT = 450\n"))
    }

    /// The shipped rock-salt LiF CIF (a = 4.027 Å, F m -3 m): 8 atoms; |b| = 2π/4.027 = 1.560 1/Å,
    /// /0.20 = 7.8 → 8 divisions.
    @Test func readsTheShippedLiFCIF() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.adhere) else {
            try Test.cancel(Comment(rawValue: "skipped: \(Self.adhere) not built (swift build --product adhere)"))
        }
        let cif = Fixtures.project("structures/LiF.cif")
        guard FileManager.default.fileExists(atPath: cif) else { try Test.cancel(Comment(rawValue: "skipped: \(cif) not in this checkout")) }
        let out = try Fixtures.temporaryDirectory("adhere-cli-cif")
        let r = Fixtures.run(Self.adhere, ["inputs", cif, "--no-potcar", "-o", out.path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(summary?["kpoints"] as? [Int] == [8, 8, 8])
        let spec = try String(contentsOf: out.appendingPathComponent("POTCAR.spec"), encoding: .utf8)
        #expect(Set(spec.split(separator: "\n")) == ["Li_sv", "F"])
        let poscar = try String(contentsOf: out.appendingPathComponent("POSCAR"), encoding: .utf8).split(separator: "\n")
        #expect(poscar[6].split(separator: " ").compactMap { Int($0) } == [4, 4])
    }

    @Test func missingPotcarFailsWithEveryPathTried() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.adhere) else {
            try Test.cancel(Comment(rawValue: "skipped: \(Self.adhere) not built (swift build --product adhere)"))
        }
        let dir = try poscar()
        let r = Fixtures.run(Self.adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--potcar-dir", dir.path,
                                           "-o", dir.appendingPathComponent("out").path], environment: ["VASP_PP_PATH": ""])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(dir.path)/Li_sv/POTCAR") && r.stderr.contains("\(dir.path)/potpaw_PBE/Li_sv/POTCAR"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/INCAR").path))
    }

    @Test func badUsageExits64() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.adhere) else {
            try Test.cancel(Comment(rawValue: "skipped: \(Self.adhere) not built (swift build --product adhere)"))
        }
        let dir = try poscar()
        let both = Fixtures.run(Self.adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--no-potcar",
                                              "--potcar-dir", dir.path, "-o", dir.path])
        #expect(both.status == 64)
        let role = Fixtures.run(Self.adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--role", "wire", "-o", dir.path])
        #expect(role.status == 64)
    }

    @Test func slabRoleOnABulkCellFails() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.adhere) else {
            try Test.cancel(Comment(rawValue: "skipped: \(Self.adhere) not built (swift build --product adhere)"))
        }
        let dir = try poscar()
        let r = Fixtures.run(Self.adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--role", "slab", "--no-potcar",
                                           "-o", dir.appendingPathComponent("out").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("vacuum"))
    }
}

/// `adhere inputs --study`: the study's potcar_dir is searched (after --potcar-dir, before
/// VASP_PP_PATH). The POTCAR is SYNTHETIC (header lines only).
@Suite struct InputsCommandStudyTests {
    @Test func studyPotcarDirectoryIsUsed() throws {
        let adhere = Fixtures.executable("adhere")
        try #require(FileManager.default.isExecutableFile(atPath: adhere), "build adhere first (swift build --product adhere)")
        let dir = try Fixtures.temporaryDirectory("adhere-cli-study")
        let home = ["ADHERE_HOME": Fixtures.repositoryRoot.path, "VASP_PP_PATH": ""]
        let initRun = Fixtures.run(adhere, ["init", dir.path, "--example", "minimal"], environment: home)
        try #require(initRun.status == 0, "'adhere init --example minimal' failed: \(initRun.stderr)")
        let studyFile = dir.appendingPathComponent("study.yaml")
        try (String(contentsOf: studyFile, encoding: .utf8) + "potcar_dir: paw\n").write(to: studyFile, atomically: true, encoding: .utf8)
        let potcarDir = dir.appendingPathComponent("paw/potpaw_PBE/Li_sv")
        try FileManager.default.createDirectory(at: potcarDir, withIntermediateDirectories: true)
        let synthetic = """
              PAW_PBE Li_sv 10Sep2004
               SYNTHETIC TEST FILE: header lines only, not a PAW dataset
               VRHFIN =Li: 1s2s2p
               TITEL  = PAW_PBE Li_sv 10Sep2004
               POMASS =    1.000; ZVAL   =    3.000    mass and valenz
               ENMAX  =  499.034; ENMIN  =  100.000 eV
             End of Dataset

            """
        try synthetic.write(to: potcarDir.appendingPathComponent("POTCAR"), atomically: true, encoding: .utf8)
        try InputsCommandTests.bccLi.write(to: dir.appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = Fixtures.run(adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--study", dir.path, "-o", out.path],
                             environment: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("POTCAR"), encoding: .utf8) == synthetic)
        // 1.3 × 499.034 eV = 648.7442 eV > 450 eV.
        #expect(r.stderr.contains("warning:") && r.stderr.contains("648.7442"))
    }
}
