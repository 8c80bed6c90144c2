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

    @Option(name: .customLong("from"), help: "Input format: poscar or cif (default: from the name).")
    var inputFormat: String?

    @Option(name: .customLong("to"), help: "Output format: poscar, cif or xyz (default: from the name).")
    var outputFormat: String?

    func validate() throws {
        for (option, value) in [("--from", inputFormat), ("--to", outputFormat)] {
            if let value, StructureFile.Format(name: value) == nil {
                throw ValidationError("\(option): unknown format '\(value)': expected poscar, cif or xyz")
            }
        }
        if outputFormat == nil, StructureFile.Format(path: output) == nil {
            throw ValidationError("cannot tell the output format from '\(output)': name it *.cif, *.vasp, POSCAR or *.xyz, or give --to")
        }
    }

    func run() throws {
        do {
            let structure = try StructureFile.read(
                path: input, format: inputFormat.flatMap(StructureFile.Format.init(name:)))
            let format = try StructureFile.format(of: output, explicit: outputFormat.flatMap(StructureFile.Format.init(name:)))
            do {
                try StructureFile.write(structure, to: output, format: format)
            } catch {
                printError("\(output): error: cannot write: \(error.localizedDescription)")
                throw ExitCode.failure
            }
        } catch let error as StructureFileError {
            printError(error.description)
            throw ExitCode.failure
        }
    }
}
