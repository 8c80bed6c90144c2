import ArgumentParser

/// `adhere structure`: Inspect and convert crystal structure files.
struct StructureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structure",
        abstract: "Inspect and convert crystal structure files.",
        discussion: """
            Formats: POSCAR/CONTCAR (also *.vasp, *.poscar), CIF (read with its symmetry \
            operations, written in P 1) and extended XYZ (written only).
            """,
        subcommands: [StructureInfoCommand.self, StructureConvertCommand.self])
}
