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
            print("skipped: \(Self.adhere) not built (swift build --product adhere)"); return
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

    @Test func missingPotcarFailsWithEveryPathTried() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.adhere) else {
            print("skipped: \(Self.adhere) not built (swift build --product adhere)"); return
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
            print("skipped: \(Self.adhere) not built (swift build --product adhere)"); return
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
            print("skipped: \(Self.adhere) not built (swift build --product adhere)"); return
        }
        let dir = try poscar()
        let r = Fixtures.run(Self.adhere, ["inputs", dir.appendingPathComponent("POSCAR").path, "--role", "slab", "--no-potcar",
                                           "-o", dir.appendingPathComponent("out").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("vacuum"))
    }
}
