import Foundation
import Testing
import Crystal
@testable import Engines

/// The Swift and Python halves of the contract must name the same keys: every key the runner
/// reads from engine.json is one `EngineInput` writes, and every result key the reader needs is
/// one the runner writes. Read from the shipped runner's text, so a rename on either side fails.
@Suite struct EngineContractTests {
    static let runner = (try? String(contentsOfFile: ResourcePaths.engineFile("adhere_engine_runner.py"), encoding: .utf8)) ?? ""

    static func matches(_ pattern: String, in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return Set(regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
    }

    @Test func runnerReadsOnlyKeysAdhereWrites() throws {
        #expect(!Self.runner.isEmpty, "templates/engines/adhere_engine_runner.py is shipped")
        let profile = EngineProfile(engine: .gpaw, dispersion: .d3bj)
        let input = EngineInput(profile: profile, relax: true, bulk: false, kpoints: [4, 4, 1], dipoleAxis: 2)
        let written = try JSONSerialization.jsonObject(with: Data(input.json().utf8)) as! [String: Any]
        let gpaw = written["gpaw"] as! [String: Any]
        let readTop = Self.matches(#"spec(?:\.get\(|\[)"([a-z_A-Z]+)""#, in: Self.runner)
        let readGPAW = Self.matches(#"settings(?:\.get\(|\[)"([a-z_A-Z]+)""#, in: Self.runner)
        #expect(!readTop.isEmpty && !readGPAW.isEmpty)
        // model and second_model are written for mlip only (this input is gpaw's).
        for key in readTop { #expect(written[key] != nil || ["model", "second_model"].contains(key), "runner reads engine.json key '\(key)'") }
        for key in readGPAW { #expect(gpaw[key] != nil || key == "setups_path", "runner reads gpaw key '\(key)'") }
        #expect(written["format"] as? String == "adhere-engine-input/1")
        #expect(Self.runner.contains(#"INPUT_FORMAT = "adhere-engine-input/1""#))
        #expect(Self.runner.contains(#"FORMAT = "adhere-engine-result/1""#))
    }

    @Test func bulkRelaxationRelaxesTheCellAndSlabsDoNot() {
        let p = EngineProfile(engine: .mlip)
        #expect(EngineInput(profile: p, relax: true, bulk: true, kpoints: nil, dipoleAxis: nil).relaxCell)
        #expect(!EngineInput(profile: p, relax: true, bulk: false, kpoints: nil, dipoleAxis: nil).relaxCell)
        #expect(!EngineInput(profile: p, relax: false, bulk: true, kpoints: nil, dipoleAxis: nil).relaxCell)
        #expect(EngineInput(profile: p, relax: true, bulk: false, kpoints: [4, 4, 1], dipoleAxis: 2).kpoints == nil,
                "the mlip engine takes no k-points")
    }

    @Test func runFolderHoldsInputStructureAndRunner() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adhere-engine-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lattice = Lattice.cubic(3.44)
        let li = Element(symbol: "Li")!
        let structure = Structure(lattice: lattice, sites: [
            Site(element: li, fractional: Vector3(0, 0, 0), selectiveDynamics: [false, false, false]),
            Site(element: li, fractional: Vector3(0.5, 0.5, 0.5), selectiveDynamics: [true, true, true]),
        ])
        try EngineInput(profile: EngineProfile(engine: .mlip), relax: true, bulk: false, kpoints: nil, dipoleAxis: nil)
            .write(structure: structure, to: folder)
        for name in ["engine.json", "POSCAR", "adhere_engine_runner.py"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        let poscar = try POSCAR.read(path: folder.appendingPathComponent("POSCAR").path)
        #expect(poscar.sites.map(\.selectiveDynamics) == [[false, false, false], [true, true, true]])
    }
}
