import ArgumentParser

/// `adhere inputs`: Write VASP inputs (INCAR, KPOINTS, POSCAR, POTCAR) for a structure.
struct InputsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inputs",
        abstract: "Write VASP inputs (INCAR, KPOINTS, POSCAR, POTCAR) for a structure.")

    func run() throws { throw NotYetImplemented(command: "inputs") }
}
