import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// POTCAR assembly from SYNTHETIC POTCARs (header lines only; real POTCARs are licensed).
@Suite struct InputPotcarTests {
    let li = Element(symbol: "Li")!, f = Element(symbol: "F")!

    @Test func readsHeaderValues() throws {
        let h = try PotcarHeader.parse(InputTestStructures.syntheticPotcar("Li_sv"), file: "POTCAR")
        #expect(h.count == 1)
        #expect(h[0].titel == "PAW_PBE Li_sv 10Sep2004")
        #expect(h[0].variant == "Li_sv")
        #expect(h[0].element == "Li")
        #expect(h[0].valenceElectrons == 3)
        #expect(h[0].enmaxEV == 499.034)
    }

    @Test func concatenatesInPOSCARSpeciesOrder() throws {
        let root = try InputTestStructures.syntheticLibrary()
        let library = PotcarLibrary(roots: [root.path])
        let potcar = try AssembledPotcar.assemble(species: [li, f], variants: ["Li": "Li_sv"], library: library)
        #expect(potcar.headers.map(\.variant) == ["Li_sv", "F"])
        #expect(potcar.text == InputTestStructures.syntheticPotcar("Li_sv") + InputTestStructures.syntheticPotcar("F"))
        #expect(potcar.maxEnmaxEV == 499.034)
        let reversed = try AssembledPotcar.assemble(species: [f, li], variants: ["Li": "Li_sv"], library: library)
        #expect(reversed.headers.map(\.variant) == ["F", "Li_sv"])
    }

    @Test func missingPotcarNamesEveryPathTried() throws {
        let a = try Fixtures.temporaryDirectory(), b = try Fixtures.temporaryDirectory()
        let library = PotcarLibrary(roots: [a.path, b.path])
        #expect {
            try AssembledPotcar.assemble(species: [li], variants: ["Li": "Li_sv"], library: library)
        } throws: { e in
            guard let e = e as? InputError, case .potcarMissing("Li", "Li_sv", let tried) = e.kind else { return false }
            return tried == [
                "\(a.path)/Li_sv/POTCAR", "\(a.path)/potpaw_PBE/Li_sv/POTCAR",
                "\(b.path)/Li_sv/POTCAR", "\(b.path)/potpaw_PBE/Li_sv/POTCAR",
            ] && tried.allSatisfy { e.description.contains($0) }
        }
    }

    @Test func searchOrderIsFlagThenStudyThenVASP_PP_PATH() {
        let lib = PotcarLibrary.standard(potcarDirectory: "/flag", studyPotcarDirectory: "/study",
                                         environment: ["VASP_PP_PATH": "/env"])
        #expect(lib.roots == ["/flag", "/study", "/env"])
        #expect(PotcarLibrary.standard(potcarDirectory: nil, environment: ["VASP_PP_PATH": "/env"]).roots == ["/env"])
    }

    @Test func potcarOfAnotherElementIsRefused() throws {
        let root = try Fixtures.temporaryDirectory()
        let dir = root.appendingPathComponent("Li_sv")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try InputTestStructures.syntheticPotcar("F").write(to: dir.appendingPathComponent("POTCAR"), atomically: true, encoding: .utf8)
        #expect {
            try PotcarLibrary(roots: [root.path]).potcar(element: li, variant: "Li_sv")
        } throws: { e in
            guard let e = e as? InputError, case .potcarInvalid(let why) = e.kind else { return false }
            return why.contains("is for F")
        }
    }

    /// 1.3 × 499.034 eV (Li_sv) = 648.74 eV > 450 eV: warned. 700 eV: not warned.
    @Test func warnsWhenENCUTIsBelow1Point3TimesENMAX() throws {
        let root = try InputTestStructures.syntheticLibrary()
        let potcar = try AssembledPotcar.assemble(species: [li, f], variants: ["Li": "Li_sv"], library: PotcarLibrary(roots: [root.path]))
        let low = InputSetWriter.potcarWarnings(potcar, incar: try Incar([("ENCUT", .real(450)), ("GGA", .string("PE"))]), name: "x")
        #expect(low.count == 1)
        #expect(low.first?.contains("648.7442") == true)
        #expect(InputSetWriter.potcarWarnings(potcar, incar: try Incar([("ENCUT", .real(700))]), name: "x").isEmpty)
    }

    @Test func noPotcarWritesSpecInSpeciesOrder() throws {
        let dir = try Fixtures.temporaryDirectory()
        let writer = InputSetWriter(profile: try InputTestStructures.defaultProfile())
        let written = try writer.write(structure: InputTestStructures.interface, role: .interface, to: dir, potcar: .specOnly)
        #expect(written.files == ["POSCAR", "INCAR", "KPOINTS", "POTCAR.spec"])
        #expect(try String(contentsOf: dir.appendingPathComponent("POTCAR.spec"), encoding: .utf8) == "Li_sv\nF\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("POTCAR").path))
    }
}
