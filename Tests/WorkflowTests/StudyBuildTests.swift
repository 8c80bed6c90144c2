import Foundation
import Testing
import TestSupport
import VASP
@testable import Workflow

/// `adhere build` / `plan` on the minimal example (Li(001)|LiF(001)) with the shipped structures.
@Suite struct StudyBuildTests {
    func minimalStudy(extraInterlayer: Bool = false) throws -> LoadedStudy {
        let dir = try Fixtures.temporaryDirectory("adhere-build")
        _ = try StudyExample.minimal.write(to: dir)
        if extraInterlayer {
            // The same interlayer under a second name: all three of its calculations are shared.
            var text = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
            text = text.replacingOccurrences(of: "\nmatching:", with: """
                  - name: LiF-again
                    structure: structures/LiF.cif
                    miller: [0, 0, 1]
                    layers: 1
                    min_thickness_a: 4

                matching:
                """)
            try text.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        }
        return try StudyFile.read(dir.path)
    }

    @Test func minimalStudyPlansBulkSeriesAndOneInterface() throws {
        let planner = StudyPlanner(try minimalStudy())
        let plan = try planner.plan(relaxed: try planner.bulksAsRead())
        #expect(plan.calculations.map(\.id) == ["Li-bulk", "LiF-bulk", "Li-001-L5", "Li-001-L7", "LiF-interface", "LiF-film", "LiF-substrate"])
        #expect(plan.calculations.first { $0.id == "LiF-interface" }?.parents == ["LiF-bulk"])  // bulk_lattice_a: Li's is not used
        let i = try #require(plan.manifest.interfaces.first)
        // The interface holds exactly the film's and the substrate's atoms.
        #expect(i.interfaceAtoms == i.filmAtoms + i.substrateAtoms)
        #expect(plan.manifest.metal.slabs.map(\.layers) == [5, 7])
        // bcc Li(001) has one atom per plane and a 3.44 Å square surface cell (bulk_lattice_a).
        #expect(plan.manifest.metal.slabs.map(\.atoms) == [5, 7])
        #expect(abs(plan.manifest.metal.slabs[0].areaA2 - 3.44 * 3.44) < 1e-6)
    }

    @Test func identicalCalculationsAreSharedNotRepeated() throws {
        let planner = StudyPlanner(try minimalStudy(extraInterlayer: true))
        let plan = try planner.plan(relaxed: try planner.bulksAsRead())
        #expect(plan.calculations.count == 7)
        #expect(plan.manifest.sharedWith == ["LiF-again-bulk": "LiF-bulk", "LiF-again-interface": "LiF-interface", "LiF-again-film": "LiF-film",
                                             "LiF-again-substrate": "LiF-substrate"])
        let again = try #require(plan.manifest.interfaces.last)
        #expect(again.interfaceID == "LiF-interface")
    }

    @Test func buildWritesFoldersRegistersAndIsIdempotent() throws {
        let loaded = try minimalStudy()
        let plan = try StudyPlanner(loaded).plan(relaxed: try StudyPlanner(loaded).bulksAsRead())
        let store = try StateStore.open(studyDirectory: loaded.directory)
        let first = try StudyBuilder(plan: plan).write(store: store)
        #expect(first.written.count == 7)
        #expect(try store.parents()["LiF-interface"] == ["LiF-bulk"])
        for id in first.written {
            for file in ["POSCAR", "INCAR", "KPOINTS"] {
                #expect(FileManager.default.fileExists(atPath: loaded.directory.appendingPathComponent("calculations/\(id)/\(file)").path))
            }
        }
        #expect(try store.calculations().allSatisfy { $0.state == .built })
        let manifest = try StudyManifest.read(studyDirectory: loaded.directory)
        #expect(manifest.interfaces.map(\.name) == ["LiF"])
        let second = try StudyBuilder(plan: try StudyPlanner(loaded).plan(relaxed: try StudyPlanner(loaded).bulksAsRead())).write(store: store)
        #expect(second.written.isEmpty && second.rewritten.isEmpty && second.unchanged.count == 7)
    }

    @Test func planPreviewCostsEachJobByTheDocumentedModel() throws {
        let loaded = try minimalStudy()
        let plan = try StudyPlanner(loaded).plan(relaxed: try StudyPlanner(loaded).bulksAsRead())
        let preview = PlanPreview(plan: plan)
        #expect(preview.errors.isEmpty, "\(preview.errors)")
        #expect(preview.jobs == 7)
        // Hand check for the interface: atoms from the rendered POSCAR's count line, NSW from the
        // INCAR text, k-points from the KPOINTS divisions line; C = 4e-7 (docs/workflow.md).
        let calc = try #require(plan.calculations.first { $0.id == "LiF-interface" })
        let poscarLines = calc.inputs.poscar.split(separator: "\n")
        let atoms = poscarLines[6].split(separator: " ").compactMap { Int($0) }.reduce(0, +)
        let nsw = Int(calc.inputs.incarText.split(separator: "\n").first { $0.hasPrefix("NSW") }!.split(separator: "=")[1]
            .split(separator: "!")[0].trimmingCharacters(in: .whitespaces))!
        let kLines = calc.inputs.kpointsText.split(separator: "\n")
        let k = kLines[3].split(separator: " ").compactMap { Int($0) }.reduce(1, *)
        let row = try #require(preview.rows.first { $0.id == "LiF-interface" })
        #expect(abs(row.coreHours - 4e-7 * pow(Double(atoms), 3) * Double(k) * Double(nsw)) < 1e-9)
    }
}

/// `adhere plan`'s input checks: POTCAR ENMAX against ENCUT, per-atom lengths, unknown tags.
@Suite struct PlanCheckTests {
    /// A SYNTHETIC POTCAR (header lines only, not a PAW dataset; real ones are licensed). ENMAX
    /// values as printed in the PBE.54 headers: Li_sv 499.034 eV, F 400.000 eV.
    static func syntheticPotcar(titel: String, vrhfin: String, enmax: Double, zval: Double) -> String {
        """
          \(titel)
         \(String(format: "%.15f", zval))
         parameters from PSCTR are:
           SYNTHETIC TEST FILE: header lines only, not a PAW dataset (written by Adhere's tests)
           VRHFIN =\(vrhfin)
           LEXCH  = PE
           TITEL  = \(titel)
           POMASS =    1.000; ZVAL   =   \(String(format: "%7.3f", zval))    mass and valenz
           ENMAX  = \(String(format: "%8.3f", enmax)); ENMIN  =  100.000 eV
         End of Dataset

        """
    }

    func study(profileEdit: ((String) -> String)? = nil, potcars: Bool) throws -> LoadedStudy {
        let dir = try Fixtures.temporaryDirectory("adhere-plan")
        _ = try StudyExample.minimal.write(to: dir)
        var yaml = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
        if potcars {
            for (variant, titel, vrhfin, enmax, zval) in [("Li_sv", "PAW_PBE Li_sv 10Sep2004", "Li: 1s2s2p", 499.034, 3.0),
                                                          ("F", "PAW_PBE F 08Apr2002", "F: s2p5", 400.0, 7.0)] {
                let folder = dir.appendingPathComponent("paw/potpaw_PBE/\(variant)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Self.syntheticPotcar(titel: titel, vrhfin: vrhfin, enmax: enmax, zval: zval)
                    .write(to: folder.appendingPathComponent("POTCAR"), atomically: true, encoding: .utf8)
            }
            yaml += "potcar_dir: paw\n"
        }
        if let profileEdit {
            let shipped = try String(contentsOfFile: Fixtures.project("templates/profiles/li-interface-pbe-d3.yaml"), encoding: .utf8)
            try profileEdit(shipped.replacingOccurrences(of: "name: li-interface-pbe-d3", with: "name: edited"))
                .write(to: dir.appendingPathComponent("edited.yaml"), atomically: true, encoding: .utf8)
            yaml = yaml.replacingOccurrences(of: "input_profile: li-interface-pbe-d3", with: "input_profile: edited")
        }
        try yaml.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        return try StudyFile.read(dir.path)
    }

    @Test func encutBelowOnePointThreeTimesEnmaxIsReported() throws {
        let planner = StudyPlanner(try study(potcars: true))
        let preview = PlanPreview(plan: try planner.plan(relaxed: try planner.bulksAsRead()))
        #expect(preview.errors.isEmpty, "\(preview.errors)")
        // 1.3 × 499.034 eV (Li_sv) = 648.7 eV > ENCUT = 450 eV of the default profile.
        #expect(preview.warnings.contains { $0.hasPrefix("LiF-interface: ENCUT = 450") && $0.contains("648.7") }, "\(preview.warnings)")
        #expect(!preview.warnings.contains { $0.contains("no PAW library") })
    }

    @Test func wrongMagmomLengthAndUnknownTagStopThePlan() throws {
        // MAGMOM with 3 values: the 2-atom Li bulk cell is the first calculation rendered.
        let magmom = try study(profileEdit: { $0.replacingOccurrences(of: "  ISPIN: 1 ", with: "  ISPIN: 2\n  MAGMOM: 1 1 1\n  #") }, potcars: false)
        let e1 = #expect(throws: BuildError.self) { try StudyPlanner(magmom).plan(relaxed: StudyPlanner(magmom).bulksAsRead()) }
        #expect(e1.map { "\($0)" }?.contains("MAGMOM has 3 values: expected 2") == true, "\(String(describing: e1))")
        // A misspelt tag in the profile, with a suggestion, at the profile's own file and line.
        let typo = try study(profileEdit: { $0.replacingOccurrences(of: "  ISPIN: 1 ", with: "  ISPN: 1\n  #") }, potcars: false)
        let e2 = #expect(throws: InputError.self) { try StudyPlanner(typo).plan(relaxed: StudyPlanner(typo).bulksAsRead()) }
        #expect(e2?.message.contains("did you mean ISPIN?") == true, "\(String(describing: e2))")
        #expect(e2?.file.hasSuffix("edited.yaml") == true)
        #expect(e2?.line != nil)
    }
}
