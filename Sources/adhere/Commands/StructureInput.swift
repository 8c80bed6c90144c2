import Crystal
import Foundation

/// Reads the structure files the surface commands accept.
enum StructureInput {
    /// POSCAR-format files (POSCAR, CONTCAR, *.vasp, *.poscar).
    static func read(path: String) throws -> Structure {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".cif") {
            throw StructureFileError(file: path, line: nil, .unknownFormat(name + " (CIF reading is not available in this build)"))
        }
        return try POSCAR.read(path: path)
    }
}
