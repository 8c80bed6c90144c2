import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// pymatgen (the project venv; checked with pymatgen 2026.10.16) reads our INCAR, KPOINTS and
/// POSCAR with the same values. Skipped with a message when no Python with pymatgen is found.
@Suite struct InputPymatgenInteropTests {
    static let script = """
        import json, sys
        from pymatgen.io.vasp.inputs import Incar, Kpoints, Poscar
        d = sys.argv[1]
        incar = Incar.from_file(d + "/INCAR")
        kp = Kpoints.from_file(d + "/KPOINTS")
        pos = Poscar.from_file(d + "/POSCAR")
        s = pos.structure
        print(json.dumps({
            "incar": {k: v for k, v in incar.items()},
            "kpts": [list(k) for k in kp.kpts], "style": kp.style.name, "shift": list(kp.kpts_shift),
            "lattice": s.lattice.matrix.tolist(), "species": [str(x.specie) for x in s],
            "frac": s.frac_coords.tolist(),
        }))
        """

    @Test(arguments: [InputRole.interface, .bulk])
    func pymatgenReadsTheSameValues(role: InputRole) throws {
        guard let python = Fixtures.python(with: ["pymatgen.io.vasp"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with pymatgen (set ADHERE_PYTHON or create /opt/adhere-venv)"))
        }
        let dir = try Fixtures.temporaryDirectory("adhere-pymatgen")
        let structure = role == .bulk ? InputTestStructures.bulkLi : InputTestStructures.interface
        let writer = InputSetWriter(profile: try InputTestStructures.defaultProfile())
        let written = try writer.write(structure: structure, role: role, to: dir, potcar: .specOnly)
        let result = Fixtures.run(python, ["-c", Self.script, dir.path])
        try #require(result.status == 0, "pymatgen failed: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])

        // INCAR: same tags, same values.
        let theirs = try #require(json["incar"] as? [String: Any])
        #expect(Set(theirs.keys) == Set(written.incar.tags))
        for (tag, value) in written.incar.entries {
            let other = theirs[tag]
            switch value {
            case .int(let i): #expect((other as? NSNumber)?.intValue == i, "\(tag)")
            case .real(let r): #expect((other as? NSNumber)?.doubleValue == r, "\(tag)")
            case .bool(let b): #expect((other as? NSNumber)?.boolValue == b, "\(tag)")
            case .string(let s): #expect((other as? String)?.lowercased() == s.lowercased(), "\(tag)")
            case .reals(let list): #expect((other as? [NSNumber])?.map(\.doubleValue) == list, "\(tag)")
            case .ints(let list): #expect((other as? [NSNumber])?.map(\.intValue) == list, "\(tag)")
            }
        }
        // KPOINTS
        #expect((json["kpts"] as? [[Int]]) == [written.kpoints.divisions])
        #expect((json["style"] as? String) == "Gamma")
        #expect((json["shift"] as? [Double]) == [0, 0, 0])
        // POSCAR: species in order; lattice (Å) and coordinates to 1e-12 (pymatgen's own arithmetic
        // on reading changes the last bit of some numbers).
        let s = written.inputSet.structure
        #expect((json["species"] as? [String]) == s.elements.map(\.symbol))
        let lattice = try #require(json["lattice"] as? [[Double]])
        #expect(Self.maxDifference(lattice, s.lattice.matrix.arrays) < 1e-12)
        let frac = try #require(json["frac"] as? [[Double]])
        #expect(frac.count == s.count)
        #expect(Self.maxDifference(frac, s.fractionalPositions.map { [$0.x, $0.y, $0.z] }) < 1e-12)
    }

    static func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { r in zip(r.0, r.1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }

    /// Every tag both tables know has the same type in pymatgen's INCAR parameter table (bool, int,
    /// float, str, list); an independent check of IncarTags.
    @Test func tagTypesAgreeWithPymatgen() throws {
        guard let python = Fixtures.python(with: ["pymatgen.io.vasp"]) else {
            try Test.cancel(Comment(rawValue: "skipped: no Python with pymatgen (set ADHERE_PYTHON or create /opt/adhere-venv)"))
        }
        let script = """
            import json
            from pymatgen.io.vasp.inputs import Incar
            print(json.dumps({k: v.get("type") for k, v in Incar.INCAR_PARAMS.items() if v.get("type")}))
            """
        let result = Fixtures.run(python, ["-c", script])
        try #require(result.status == 0, "pymatgen failed: \(result.stderr)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
        var compared = 0
        for (tag, kind) in IncarTags.known {
            guard let types = theirs[tag]?.split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) else { continue }
            compared += 1
            let ok: Bool
            switch kind {
            case .bool: ok = types.contains("bool")
            case .int: ok = types.contains("int")
            case .real: ok = types.contains("float") || types.contains("int")
            case .string, .choice: ok = types.contains("str")
            case .ints, .reals: ok = types.contains("list")
            case .boolOrChoice: ok = types.contains("bool") && types.contains("str")
            }
            #expect(ok, "\(tag): Adhere \(kind), pymatgen \(types)")
        }
        #expect(compared > 150)
    }
}
