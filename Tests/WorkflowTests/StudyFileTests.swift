import Foundation
import Testing
import TestSupport
@testable import Workflow

/// The study file: parsing, validation messages with line numbers, the shipped examples.
@Suite struct StudyFileTests {
    /// A folder with empty structure files so the paths in the YAML exist.
    func folder(with files: [String]) throws -> URL {
        let dir = try Fixtures.temporaryDirectory("adhere-study")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("structures"), withIntermediateDirectories: true)
        for f in files { FileManager.default.createFile(atPath: dir.appendingPathComponent(f).path, contents: Data()) }
        return dir
    }

    @Test func minimalExampleParsesToTheWrittenValues() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif", "structures/LiF.cif"])
        let loaded = try StudyFile.parse(StudyExample.minimal.yaml, file: dir.appendingPathComponent("study.yaml"))
        #expect(loaded.study.name == "minimal")
        #expect(loaded.study.metal.miller == [0, 0, 1])
        #expect(loaded.study.metal.bulkLatticeA == 3.44)
        #expect(loaded.study.interlayers.map(\.name) == ["LiF"])
        #expect(loaded.study.geometry == Geometry(gapA: 2.0, vacuumA: 10.0))
        #expect(loaded.study.surfaceEnergy.layers == [3, 5])
        #expect(loaded.resolve("structures/LiF.cif").path == dir.appendingPathComponent("structures/LiF.cif").standardizedFileURL.path)
    }

    @Test func paperExampleNamesTheFourInterlayersAndExplicitCells() throws {
        let dir = try folder(with: StudyExample.paper.structureFiles.map { "structures/\($0)" })
        let study = try StudyFile.parse(StudyExample.paper.yaml, file: dir.appendingPathComponent("study.yaml")).study
        #expect(study.interlayers.map(\.name) == ["LLZO", "LiCF3SO3", "LiF", "Li2CO3"])
        #expect(study.interlayers.allSatisfy { $0.miller == [0, 0, 1] })
        // The paper's Li(001) 4×4 on LLZO(001) 1×1 (reference-structures/FACTS.md).
        #expect(study.interlayers[0].supercells == ExplicitSupercells(metal: [[4, 0], [0, 4]], interlayer: [[1, 0], [0, 1]]))
    }

    @Test func wrongTypeNamesFileLineAndKey() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif", "structures/LiF.cif"])
        let yaml = StudyExample.minimal.yaml.replacingOccurrences(of: "  layers: 3\n", with: "  layers: three\n")
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("layers: three") }! + 1
        let error = #expect(throws: StudyError.self) {
            try StudyFile.parse(yaml, file: dir.appendingPathComponent("study.yaml"))
        }
        #expect(error?.line == line)
        #expect(error?.key == "metal.layers")
        #expect(error?.description.contains("study.yaml:\(line)") == true)
    }

    @Test func missingStructureFileIsReportedWithItsKey() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif"])
        let error = #expect(throws: StudyError.self) {
            try StudyFile.parse(StudyExample.minimal.yaml, file: dir.appendingPathComponent("study.yaml"))
        }
        #expect(error?.key == "interlayers[0].structure")
        #expect(error?.problem.contains("LiF.cif") == true)
    }

    @Test func initAgainWithTheSameExampleIsAllowedButNotOverAnotherStudy() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-init")
        _ = try StudyExample.minimal.write(to: dir)
        _ = try StudyExample.minimal.write(to: dir)  // the README command can be run twice
        let file = dir.appendingPathComponent("study.yaml")
        try (StudyExample.minimal.yaml + "# edited\n").write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: StudyError.self) { try StudyExample.minimal.write(to: dir) }
        #expect(error?.problem.contains("--force") == true)
        _ = try StudyExample.minimal.write(to: dir, force: true)
        #expect(try String(contentsOf: file, encoding: .utf8) == StudyExample.minimal.yaml)
    }

    @Test func singularSupercellAndShortSeriesAreRefused() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif", "structures/LiF.cif"])
        let singular = StudyExample.minimal.yaml.replacingOccurrences(
            of: "    layers: 1\n", with: "    layers: 1\n    supercells:\n      metal: [[1, 2], [2, 4]]\n      interlayer: [[1, 0], [0, 1]]\n")
        let e1 = #expect(throws: StudyError.self) { try StudyFile.parse(singular, file: dir.appendingPathComponent("study.yaml")) }
        #expect(e1?.key == "interlayers[0].supercells.metal")
        let short = StudyExample.minimal.yaml.replacingOccurrences(of: "layers: [3, 5]", with: "layers: [3, 3]")
        let e2 = #expect(throws: StudyError.self) { try StudyFile.parse(short, file: dir.appendingPathComponent("study.yaml")) }
        #expect(e2?.key == "surface_energy.layers")
    }
}

/// The cost model of `adhere plan` (docs/workflow.md): C · N³ · N_k · N_steps, C = 4e-7.
@Suite struct CostModelTests {
    @Test func costModelIsCubicInAtoms() {
        let m = CostModel.standard
        #expect(abs(m.coreHours(atoms: 100, kpoints: 4, ionicSteps: 1) - 1.6) < 1e-12)
        #expect(abs(m.coreHours(atoms: 200, kpoints: 4, ionicSteps: 1) / m.coreHours(atoms: 100, kpoints: 4, ionicSteps: 1) - 8) < 1e-12)
    }
}
