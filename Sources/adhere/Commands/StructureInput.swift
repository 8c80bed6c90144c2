import Crystal

/// Reads the structure files the surface commands accept.
enum StructureInput {
    /// POSCAR/CONTCAR/*.vasp, *.cif or *.xyz, by file name (see `StructureFile`).
    static func read(path: String) throws -> Structure {
        try StructureFile.read(path: path)
    }
}
