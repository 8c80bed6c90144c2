import ArgumentParser
import Foundation
import Workflow

/// `adhere collect`: Parse finished runs into STUDY/archive.h5 and compute W_ad.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Parse finished runs into STUDY/archive.h5 and compute W_ad.",
        discussion: """
            Parses vasprun.xml of every finished calculation (finished → parsed; a truncated or \
            unconverged run → failed, for recovery), then writes every parsed calculation and \
            every interface whose three energies and σ are known into STUDY/archive.h5 in one \
            crash-safe commit. The three calculations of an interface must agree on ENCUT, \
            functional, IVDW, smearing, k-mesh, in-plane lattice, c and POTCARs, or W_ad is refused.
            """)

    @Argument(help: "The study folder (default: the current folder).")
    var study: String = "."

    func run() throws {
        // Nothing to do since the last pass (same study.yaml, plan and summaries): answer from the
        // state store without reading study.yaml, whose size grows with the study.
        let file = StudyFile.studyFileURL(study)
        let directory = file.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: file.path), StateStore.exists(studyDirectory: directory),
           let report = try Collector.unchangedReport(studyFile: file, store: try StateStore.open(studyDirectory: directory)) {
            print(CollectSummary.text(report, archivePath: Collector.archivePath(studyDirectory: directory)))
            return
        }
        let loaded = try StudyFile.read(study)
        guard StateStore.exists(studyDirectory: loaded.directory) else {
            throw BuildError.notBuilt(StateStore.databasePath(studyDirectory: loaded.directory))
        }
        let store = try StateStore.open(studyDirectory: loaded.directory)
        var collector = Collector(loaded)
        // Remote work root: outputs come home in `adhere run`/`submit`; parse only what was fetched.
        collector.requireFetched = (try? loaded.clusterProfile())?.workDir != nil
        let terminal = isatty(STDOUT_FILENO) == 1
        let report = try collector.collect(store: store) { done, total in
            guard terminal else { return }
            let width = 30, filled = total == 0 ? width : width * done / total
            print("\rparsing [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total)",
                  terminator: done == total ? "\n" : "")
            fflush(nil)
        }
        print(CollectSummary.text(report, archivePath: collector.archivePath))
    }
}

/// Text for a collect report (shared by collect and run).
enum CollectSummary {
    static func text(_ r: Collector.Report, archivePath: String) -> String {
        var lines: [String] = []
        for id in r.parsed { lines.append("parsed    \(id)") }
        for f in r.failed { lines.append("failed    \(f.id): \(f.reason)") }
        for id in r.continued { lines.append("continue  \(id): relaxation not converged; CONTCAR → POSCAR, built again (adhere submit or run)") }
        if let sigma = r.surfaceEnergy {
            lines.append(String(format: "sigma     %.4f J/m² (%@)", sigma.jPerM2, sigma.method))
        }
        for w in r.waiting { lines.append("waiting   \(w.name): needs \(w.missing.joined(separator: ", "))") }
        for x in r.refused { lines.append("refused   \(x.name): \(x.reason)") }
        for n in r.notes { lines.append("note: \(n)") }
        lines.append("archive: \(archivePath) (\(r.archivedCalculations.count) calculations, \(r.archivedInterfaceCount) interfaces)")
        return lines.joined(separator: "\n")
    }
}
