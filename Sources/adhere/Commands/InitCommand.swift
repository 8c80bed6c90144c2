import ArgumentParser
import Foundation
import Workflow

/// `adhere init`: Create a study folder (adhere init DIR --example paper).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a study folder (adhere init DIR --example paper).",
        discussion: """
            Writes DIR/study.yaml and copies the structure files it names into DIR/structures/. \
            '--example paper' is the seed paper's study (Li(001) on LLZO, LiCF3SO3, LiF, Li2CO3), \
            sized for vasp-standin on a small local Slurm; '--example gpaw' is σ_Li(001) and a 47-atom \
            Li|LiF interface with GPAW PBE single points (docs/validation.md); without --example a \
            minimal Li|LiF study is written. Edit study.yaml, then 'adhere plan DIR' and 'adhere run DIR'.
            """)

    @Argument(help: "The study folder to create.")
    var directory: String

    @Option(help: "Which study to write (templates/examples/NAME/study.yaml).")
    var example: StudyExample = .minimal

    @Flag(help: "Overwrite an existing study.yaml.")
    var force = false

    func run() throws {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        let files = try example.write(to: url, force: force)
        // Read it back so a broken shipped example is caught here, not at build time.
        let loaded = try StudyFile.read(url.path)
        print("study '\(loaded.study.name)' in \(url.path):")
        for f in files { print("  \(f.path.replacingOccurrences(of: url.path + "/", with: ""))") }
        print("next: adhere plan \(directory)   then   adhere run \(directory)")
    }
}
