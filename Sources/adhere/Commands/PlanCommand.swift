import ArgumentParser
import Foundation
import Slurm
import Workflow

/// `adhere plan`: Check every input of the study and preview its cost (build --dry-run).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check every input of the study and preview its cost (= build --dry-run).",
        discussion: """
            Builds every structure and renders every input in memory, writing nothing: checks \
            INCAR tags and value types, MAGMOM and other per-atom lengths, KPOINTS, POTCAR ENMAX \
            against ENCUT (when a PAW library is set: study potcar_dir or VASP_PP_PATH) and the \
            consistency guard of each interface's three calculations. Then lists the jobs (atoms, \
            k-mesh, NSW) with a core-hour estimate for real VASP: \
            core-hours = 4e-7 × atoms³ × k-points × ionic steps (docs/workflow.md). \
            The study's cluster profile must exist. Sizes are limited before any work \
            (atoms per cell, supercell entries, layers, area: docs/workflow.md). Exit status 1 \
            when any input is refused. With a remote work root (the profile's work_dir), also \
            checks over ssh that it exists, is writable and has room (df) for an estimated \
            5 MiB per atom per calculation (WAVECAR, CHGCAR, vasprun.xml of a relaxation).
            """)

    @Argument(help: "The study folder or its study.yaml (default: the current folder).")
    var study: String = "."

    func run() async throws {
        let loaded = try StudyFile.read(study)
        let (plan, preview, cluster) = try PlanPreview.check(loaded)
        print("study '\(loaded.study.name)' (\(loaded.file.path)), profile \(loaded.study.inputProfile), cluster \(cluster.name)")
        print(preview.text(interfaces: plan.manifest.interfaces), terminator: "")
        if !plan.manifest.sharedWith.isEmpty {
            print("shared (identical inputs, computed once): " + plan.manifest.sharedWith.sorted { $0.key < $1.key }
                .map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
        }
        if !preview.errors.isEmpty { throw CommandFailure("\(preview.errors.count) calculation(s) have inputs that are refused (listed above)") }
        if let workDir = cluster.workDir {
            let neededBytes = Int64(plan.calculations.reduce(0) { $0 + $1.atoms }) * Self.remoteBytesPerAtom
            let status = try await WorkRootCheck.require(workDir, over: cluster.makeTransport(), neededBytes: neededBytes)
            print("work root \(cluster.host):\(status.path): writable, \(status.availableBytes.map { "\($0 >> 30) GiB free" } ?? "free space unknown"), study needs about \(neededBytes >> 20) MiB; transfers by tar+gzip over ssh\(status.tools.contains("flock") ? "" : " (no flock on the cluster)")")
        }
        print("inputs OK; nothing written (adhere build writes them)")
    }

    /// Rough room a calculation takes on the cluster per atom (WAVECAR and CHGCAR dominate).
    static let remoteBytesPerAtom: Int64 = 5 << 20
}
