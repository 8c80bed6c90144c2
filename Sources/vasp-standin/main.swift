// vasp-standin: NOT VASP. A stand-in for machines without VASP; see docs/vasp-standin.md.
//
// Run it in a VASP run folder (POSCAR, INCAR, KPOINTS; POTCAR is not read). It relaxes the atoms
// with a pair potential for up to NSW ionic steps and writes CONTCAR, OSZICAR, OUTCAR and
// vasprun.xml in VASP's formats, with `vasp-standin` as the program name. Exit status 0 on a
// normal end, 1 on an input error or an injected VASP error.
import Crystal
import Foundation

let directory = FileManager.default.currentDirectoryPath
let environment = ProcessInfo.processInfo.environment

func say(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

do {
    var standin = try StandinRun(directory: directory, environment: environment)
    exit(standin.run())
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
