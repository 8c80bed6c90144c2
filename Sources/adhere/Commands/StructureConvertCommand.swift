import ArgumentParser
import Crystal

/// `adhere structure convert IN OUT [--to FORMAT]`: convert between structure formats.
struct StructureConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a structure file (POSCAR, CIF → POSCAR, CIF in P 1, extended XYZ).",
        discussion: """
            Formats come from the file names (POSCAR, CONTCAR, *.vasp, *.poscar, *.cif, *.xyz) \
            unless --from/--to name them. A CIF with partially occupied sites is refused: order \
            it first.
            """)

    @Argument(help: "The input structure file.")
    var input: String

    @Argument(help: "The output file.")
    var output: String

    @Option(name: .customLong("from"), help: "Input format (default: from the name).")
    var inputFormat: StructureFile.Format?

    @Option(name: .customLong("to"), help: "Output format (default: from the name).")
    var outputFormat: StructureFile.Format?

    func validate() throws {
        if outputFormat == nil, StructureFile.Format(path: output) == nil {
            throw ValidationError("cannot tell the output format from '\(output)': name it *.cif, *.vasp, POSCAR or *.xyz, or give --to")
        }
    }

    func run() throws {
        let structure = try StructureFile.read(path: input, format: inputFormat)
        let format = try StructureFile.format(of: output, explicit: outputFormat)
        do { try StructureFile.write(structure, to: output, format: format) } catch {
            throw CommandFailure("cannot write: \(error.localizedDescription)", file: output)
        }
    }
}
