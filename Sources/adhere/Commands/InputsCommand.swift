import ArgumentParser
import Crystal
import Foundation
import Report
import VASP
import Workflow

/// `adhere inputs`: Write VASP inputs (INCAR, KPOINTS, POSCAR, POTCAR) for a structure.
struct InputsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inputs",
        abstract: "Write VASP inputs (INCAR, KPOINTS, POSCAR, POTCAR) for a structure.",
        discussion: """
            The INCAR and KPOINTS come from the profile's Mustache templates (default profile: the \
            study's input_profile, else li-interface-pbe-d3, the seed paper's PBE-D3 protocol); every \
            tag is checked. The POTCAR is concatenated in POSCAR species order from --potcar-dir, \
            else the study's potcar_dir, else VASP_PP_PATH (potpaw_PBE/<variant>/POTCAR); \
            --no-potcar writes POTCAR.spec instead. See docs/inputs.md.
            """)

    @Argument(help: "The structure: POSCAR/CONTCAR/*.vasp, *.cif or *.xyz (told by the file name).")
    var structure: String

    @Option(help: "Profile name (looked for beside the structure, in the study, in the current folder, then built in) or a YAML path. Default: the study's input_profile, else li-interface-pbe-d3.")
    var profile: String?

    @Option(help: "A study folder or study.yaml: its input_profile, potcar_dir and folder are used.")
    var study: String?

    @Option(help: "Kind of cell: interface, slab or bulk (default: slab when there is a vacuum gap, else bulk).")
    var role: InputRole?

    @Option(help: "relax (default) or static.")
    var calculation: CalculationKind = .relax

    @Option(help: "Folder holding POTCARs as <variant>/POTCAR or potpaw_PBE/<variant>/POTCAR.")
    var potcarDir: String?

    @Flag(help: "Write POTCAR.spec (the POTCAR variants) instead of a POTCAR.")
    var noPotcar = false

    @Option(name: [.customShort("o"), .long], help: "Output folder (created if needed).")
    var output: String

    @Flag(help: "Print a JSON summary instead of text.")
    var json = false

    func validate() throws {
        if noPotcar && potcarDir != nil { throw ValidationError("give either --potcar-dir or --no-potcar, not both") }
    }

    /// The JSON summary.
    struct Summary: Codable {
        var directory: String
        var files: [String]
        var inputHash: String
        var role: String
        var calculation: String
        var profile: String
        var kpoints: [Int]
        var warnings: [String]
    }

    func run() throws {
        let result = try StructureInputs.write(
            structurePath: structure, output: URL(fileURLWithPath: output), profileName: profile,
            study: try study.map { path throws(StudyError) in try StudyFile.read(path) }, role: role, calculation: calculation,
            potcarDirectory: potcarDir, specOnly: noPotcar)
        let (written, chosenRole, loaded) = (result.written, result.role, result.profile)
        for w in written.warnings { Diagnostics.warning(w) }
        if json {
            let summary = Summary(directory: written.directory.path, files: written.files, inputHash: written.inputHash,
                                  role: chosenRole.rawValue, calculation: calculation.rawValue, profile: loaded.name,
                                  kpoints: written.kpoints.divisions, warnings: written.warnings)
            print(try JSONOutput.text(summary), terminator: "")
        } else {
            print("wrote \(written.files.joined(separator: ", ")) to \(written.directory.path)")
            print("profile \(loaded.name), role \(chosenRole.rawValue), \(calculation.rawValue), k-mesh \(written.kpoints), input hash \(written.inputHash)")
        }
    }
}
