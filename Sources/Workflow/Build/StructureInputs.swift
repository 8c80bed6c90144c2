import Crystal
import Foundation
import VASP

/// `adhere inputs`: VASP inputs for one structure file, with a study's input profile and PAW
/// folder when a study is named.
public enum StructureInputs {
    /// What was written, for which role and with which profile.
    public struct Result: Sendable {
        public var written: WrittenInputSet
        public var role: InputRole
        public var profile: InputProfile
    }

    /// Reads `structurePath` and writes its inputs into `output`. The profile is `profileName`,
    /// else the study's `input_profile`, else ``InputProfile/defaultName``, looked for beside the
    /// structure, in the study folder, in `currentDirectory`, then built in. The role, when not
    /// given, is `slab` for a cell with a vacuum gap, else `bulk`. POTCARs come from
    /// `potcarDirectory`, the study's `potcar_dir` or `VASP_PP_PATH`; `specOnly` writes POTCAR.spec.
    public static func write(structurePath: String, output: URL, profileName: String?, study: LoadedStudy?,
                             role: InputRole?, calculation: CalculationKind, potcarDirectory: String?, specOnly: Bool,
                             currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> Result {
        var searchPaths = [URL(fileURLWithPath: structurePath).deletingLastPathComponent().path]
        if let dir = study?.directory.path { searchPaths.append(dir) }
        searchPaths.append(currentDirectory)
        let profile = try InputProfile.load(named: profileName ?? study?.study.inputProfile ?? InputProfile.defaultName,
                                            searchPaths: searchPaths)
        let studyPotcar = study.flatMap { s in s.study.potcarDirectory.map { s.resolve($0).path } }
        let cell = try StructureFile.read(path: structurePath)
        let chosenRole = role ?? (SlabGeometry.detect(cell, minimumVacuumA: profile.minimumVacuumA) == nil ? .bulk : .slab)
        let source: PotcarSource = specOnly ? .specOnly
            : .library(PotcarLibrary.standard(potcarDirectory: potcarDirectory, studyPotcarDirectory: studyPotcar,
                                              functionalDirectory: profile.potcarFunctionalDirectory))
        let written = try InputSetWriter(profile: profile).write(structure: cell, role: chosenRole, calculation: calculation,
                                                                 to: output, potcar: source)
        return Result(written: written, role: chosenRole, profile: profile)
    }
}
