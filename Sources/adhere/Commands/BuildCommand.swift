import ArgumentParser
import Foundation
import Workflow

/// `adhere build`: Write every calculation folder of the study and register it.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write every calculation folder of the study and register it.",
        discussion: """
            Writes STUDY/calculations/<id>/ (POSCAR, INCAR, KPOINTS, POTCAR or POTCAR.spec) for \
            the metal bulk, the metal slabs of the surface-energy series, and for each interlayer \
            the interface and its film and substrate references; identical calculations (same \
            input hash) are written once and shared. Each is registered in the study's state \
            store as 'built'; STUDY/calculations/manifest.json records which calculation gives \
            which energy. Running it again leaves unchanged calculations alone.
            """)

    @Argument(help: "The study folder or its study.yaml (default: the current folder).")
    var study: String = "."

    @Flag(name: .long, help: "Check and preview only (same as adhere plan).")
    var dryRun = false

    func run() async throws {
        if dryRun {
            var plan = try PlanCommand.parse([study])
            try await plan.run()
            return
        }
        let loaded = try StudyFile.read(study)
        let (plan, report) = try StudyBuilder.build(loaded)
        for w in report.warnings { print("warning: \(w)") }
        for id in report.written { print("wrote     calculations/\(id)") }
        for id in report.rewritten { print("rewrote   calculations/\(id) (inputs changed)") }
        for id in report.unchanged { print("unchanged calculations/\(id)") }
        for (id, other) in report.shared.sorted(by: { $0.key < $1.key }) { print("shared    \(id) = \(other) (identical inputs)") }
        print("\(plan.calculations.count) calculations in \(loaded.directory.appendingPathComponent("calculations").path); next: adhere run \(study)")
    }
}
