import Foundation

/// Reads and writes structure files by format: POSCAR/CONTCAR (VASP), CIF, extended XYZ.
public enum StructureFile {
    /// A structure file format.
    public enum Format: String, CaseIterable, Sendable {
        /// VASP POSCAR/CONTCAR (`POSCAR`, `CONTCAR`, `*.vasp`, `*.poscar`).
        case poscar
        /// Crystallographic Information File (`*.cif`).
        case cif
        /// Extended XYZ (`*.xyz`, `*.extxyz`), periodic (with a `Lattice`).
        case xyz

        /// The format named by a user (`poscar`, `vasp`, `contcar`, `cif`, `xyz`, `extxyz`).
        public init?(name: String) {
            switch name.lowercased() {
            case "poscar", "contcar", "vasp": self = .poscar
            case "cif": self = .cif
            case "xyz", "extxyz": self = .xyz
            default: return nil
            }
        }

        /// The format told by a file name; nil when the name says nothing.
        public init?(path: String) {
            let name = (path as NSString).lastPathComponent.lowercased()
            let ext = (name as NSString).pathExtension
            if ["cif"].contains(ext) { self = .cif; return }
            if ["xyz", "extxyz"].contains(ext) { self = .xyz; return }
            if ["vasp", "poscar", "contcar"].contains(ext) || name.hasPrefix("poscar") || name.hasPrefix("contcar")
                || name.hasSuffix("poscar") || name.hasSuffix("contcar")
            {
                self = .poscar
                return
            }
            return nil
        }
    }

    /// The text of a structure file after `InputFile.check` (regular file, at most `limitBytes`).
    static func text(_ path: String, limitBytes: Int64) throws(StructureFileError) -> String {
        do { return try InputFile.text(path, limitBytes: limitBytes) } catch {
            switch error {
            case .missing(let why): throw StructureFileError(file: path, line: nil, .unreadable(why))
            default: throw StructureFileError(file: path, line: nil, .unusableFile(error))
            }
        }
    }

    /// The format of `path`: `format` if given, else from the name; `unknownFormat` otherwise.
    public static func format(of path: String, explicit format: Format? = nil) throws(StructureFileError) -> Format {
        if let format { return format }
        guard let found = Format(path: path) else { throw StructureFileError(file: path, line: nil, .unknownFormat(path)) }
        return found
    }

    /// Reads a structure usable in DFT: a CIF with partially occupied sites is refused with a
    /// `partialOccupancy` error naming them (use `inspect` to see such files). Every reader
    /// refuses special files and files above its size limit, and validates what it read
    /// (`StructureCheck`, docs/input-limits.md).
    public static func read(path: String, format: Format? = nil) throws(StructureFileError) -> Structure {
        switch try self.format(of: path, explicit: format) {
        case .poscar: return try POSCAR.read(path: path)
        case .cif: return try CIF.read(path: path).requireOrdered()
        case .xyz: return try ExtendedXYZ.read(path: path)
        }
    }

    /// Reads a structure and the occupancy of each atom (1 for POSCAR), without refusing
    /// disordered CIFs: for reports such as `adhere structure info`.
    public static func inspect(path: String, format: Format? = nil) throws(StructureFileError)
        -> (structure: Structure, occupancies: [Double])
    {
        switch try self.format(of: path, explicit: format) {
        case .poscar:
            let s = try POSCAR.read(path: path)
            return (s, Array(repeating: 1, count: s.count))
        case .cif:
            let contents = try CIF.read(path: path)
            return (contents.structure, contents.occupancies)
        case .xyz:
            let s = try ExtendedXYZ.read(path: path)
            return (s, Array(repeating: 1, count: s.count))
        }
    }

    /// The text of `structure` in `format`.
    public static func string(_ structure: Structure, format: Format) -> String {
        switch format {
        case .poscar: return POSCAR.string(structure)
        case .cif: return CIF.string(structure)
        case .xyz: return ExtendedXYZ.string(structure)
        }
    }

    /// Writes `structure` to `path` in `format` (else the format told by the name).
    public static func write(_ structure: Structure, to path: String, format: Format? = nil) throws {
        let chosen = try self.format(of: path, explicit: format)
        try string(structure, format: chosen).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
