import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// Golden files: the four inputs of the Li(001)|LiF(001) interface and its film and substrate
/// references, written with the default profile and SYNTHETIC POTCARs. A difference fails; to
/// re-record on purpose run with ADHERE_RECORD_GOLDEN=1 and review the diff. The golden POTCARs
/// are stored as `POTCAR.synthetic` (header lines only, never a real, licensed PAW dataset).
@Suite struct InputGoldenTests {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/li001-lif001")
    static let recording = ProcessInfo.processInfo.environment["ADHERE_RECORD_GOLDEN"] == "1"

    /// The golden file's name: POTCARs are kept as `POTCAR.synthetic`.
    static func goldenName(_ file: String) -> String { file == "POTCAR" ? "POTCAR.synthetic" : file }

    /// Writes the three input sets into a temporary folder; returns it.
    static func writeSets() throws -> URL {
        let root = try Fixtures.temporaryDirectory("adhere-golden")
        let library = try InputTestStructures.syntheticLibrary()
        let writer = InputSetWriter(profile: try InputTestStructures.defaultProfile())
        let written = try writer.writeInterfaceSet(
            interface: InputTestStructures.interface, film: InputTestStructures.film,
            substrate: InputTestStructures.substrate,
            to: (root.appendingPathComponent("interface"), root.appendingPathComponent("film"), root.appendingPathComponent("substrate")),
            potcar: .library(PotcarLibrary(roots: [library.path])))
        #expect(written.count == 3)
        return root
    }

    @Test(arguments: ["interface", "film", "substrate"])
    func inputsMatchGoldenFiles(calculation: String) throws {
        let root = try Self.writeSets()
        for file in ["POSCAR", "INCAR", "KPOINTS", "POTCAR"] {
            let produced = try String(contentsOf: root.appendingPathComponent(calculation).appendingPathComponent(file), encoding: .utf8)
            let golden = Self.goldenRoot.appendingPathComponent(calculation).appendingPathComponent(Self.goldenName(file))
            if Self.recording {
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try produced.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(produced == expected, "\(calculation)/\(file) differs from \(golden.path); re-record with ADHERE_RECORD_GOLDEN=1 if intended")
        }
    }

    /// Independent checks of the golden content (hand-derived, not from Adhere's output).
    @Test func goldenFilesHoldTheExpectedPhysics() throws {
        let dir = Self.goldenRoot
        let interface = try POSCAR.read(path: dir.appendingPathComponent("interface/POSCAR").path)
        // 2 LiF layers × 13 + 3 Li layers × 9 = 79 atoms; √13 × 4.03/√2 Å = 10.27452 Å in-plane.
        #expect(interface.count == 79)
        #expect(interface.composition[Element(symbol: "F")!] == 26)
        #expect(abs(interface.lattice.lengthsA.a - 13.0.squareRoot() * 4.03 / 2.0.squareRoot()) < 1e-12)
        let incar = try Incar.read(path: dir.appendingPathComponent("interface/INCAR").path)
        #expect(incar["ENCUT"]?.doubleValue == 450 && incar["IVDW"] == .int(11) && incar["GGA"] == .string("PE"))
        #expect(incar["ISIF"] == .int(2) && incar["EDIFFG"] == .real(-0.03) && incar["LDIPOL"] == .bool(true))
        for name in ["film", "substrate"] {
            // Symmetric on their own, but a reference takes the interface's dipole correction as is.
            let slab = try Incar.read(path: dir.appendingPathComponent("\(name)/INCAR").path)
            #expect(slab["LDIPOL"] == .bool(true), "\(name) takes the interface's dipole correction")
            #expect(slab["IDIPOL"] == incar["IDIPOL"] && slab["DIPOL"] == incar["DIPOL"], "\(name): same IDIPOL and DIPOL")
        }
        let potcar = try String(contentsOf: dir.appendingPathComponent("interface/POTCAR.synthetic"), encoding: .utf8)
        #expect(potcar.contains("SYNTHETIC TEST FILE"))
        #expect(try PotcarHeader.parse(potcar, file: "POTCAR").map(\.variant) == ["Li_sv", "F"])
        let kpoints = try String(contentsOf: dir.appendingPathComponent("interface/KPOINTS"), encoding: .utf8)
        #expect(try KPointMesh.parse(kpoints).divisions == [4, 4, 1])
    }
}
