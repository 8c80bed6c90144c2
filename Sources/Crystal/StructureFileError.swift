/// A malformed structure file: names the file, the line (1-based) and what was expected.
public struct StructureFileError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file ended before `expected` was read.
        case truncated(expected: String)
        /// A field that should be a number is not.
        case notANumber(field: String, found: String)
        /// VASP 4 POSCAR without a species line and no species given.
        case missingSpeciesLine
        /// Species names and counts (or sites) disagree.
        case countMismatch(what: String, expected: Int, found: Int)
        /// A symbol that is no element of the periodic table (H…Og).
        case unknownElement(String)
        /// A number outside its finite, physical range.
        case outOfRange(field: String, value: Double, expected: String)
        /// A structure without atoms.
        case noAtoms
        /// More atoms than `StructureLimits.maxAtoms` (refused before allocating).
        case tooManyAtoms(found: Int, limit: Int)
        /// A cell of zero (or tiny, or non-finite) volume.
        case degenerateCell(volumeA3: Double)
        /// Two atoms closer than the absolute floor.
        case atomsTooClose(first: String, second: String, distanceA: Double, floorA: Double)
        /// A CIF occupancy that is not a number in (0, 1].
        case badOccupancy(site: String, value: Double)
        /// A symmetry operation whose rotation is not an isometry of the lattice.
        case symmetryNotIsometry(String)
        /// Not a regular file, or too large (refused before reading).
        case unusableFile(InputFile.Problem)
        /// A line of the wrong form.
        case unexpected(expected: String, found: String)
        /// A CIF loop that cannot be read.
        case unreadableCIFLoop(String)
        /// A CIF symmetry operation that cannot be parsed.
        case badSymmetryOperation(String)
        /// Partially occupied sites, refused for DFT use.
        case partialOccupancy(sites: [String])
        /// The file cannot be opened.
        case unreadable(String)
        /// The format cannot be told from the file name.
        case unknownFormat(String)
        /// A required item (CIF tag, table, section) is absent.
        case missingItem(String)
        /// The format can be written but not read (or the reverse).
        case unsupported(String)
    }

    /// The file path (or "<string>").
    public var file: String
    /// 1-based line number; nil when the problem is not on one line.
    public var line: Int?
    /// What went wrong.
    public var kind: Kind

    /// Creates an error.
    public init(file: String, line: Int?, _ kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    public var description: String { "\(location): \(message)" }

    /// `file:line`, or `file` when the problem is not on one line.
    public var location: String { line.map { "\(file):\($0)" } ?? file }

    /// The message without the place.
    public var message: String {
        switch kind {
        case .truncated(let e): return "file ends early: expected \(e)"
        case .notANumber(let field, let found): return "expected a number for \(field), found '\(found)'"
        case .missingSpeciesLine:
            return "no species line (VASP 4 format): expected element symbols on line 6, or give the species (e.g. --species Li,O)"
        case .countMismatch(let what, let e, let f): return "\(what): expected \(e), found \(f)"
        case .unknownElement(let s): return "unknown element '\(s)': expected an element symbol of the periodic table (H…Og), e.g. Li, Cm, No"
        case .outOfRange(let field, let value, let expected): return "\(field) is \(value): expected \(expected)"
        case .noAtoms: return "no atoms: expected at least one atom"
        case .tooManyAtoms(let found, let limit):
            return "\(found) atoms: expected at most \(limit) (docs/input-limits.md)"
        case .degenerateCell(let v):
            return "cell volume \(v) Å³: expected a cell of positive volume (at least \(StructureLimits.minCellVolumeA3) Å³)"
        case .atomsTooClose(let a, let b, let d, let floor):
            return "\(a) and \(b) are \(String(format: "%.3f", d)) Å apart: expected at least \(floor) Å (atoms on top of each other?)"
        case .badOccupancy(let site, let value):
            return "occupancy of atom site \(site) is \(value): expected a number in (0, 1]"
        case .symmetryNotIsometry(let op):
            return "symmetry operation '\(op)' does not preserve distances in this cell: expected a rotation or reflection of the lattice (e.g. 'x, -y, z')"
        case .unusableFile(let problem): return problem.description
        case .unexpected(let e, let f): return "expected \(e), found '\(f)'"
        case .unreadableCIFLoop(let why): return "unreadable CIF loop: \(why)"
        case .badSymmetryOperation(let op): return "cannot read symmetry operation '\(op)': expected e.g. 'x, -y+1/2, z'"
        case .partialOccupancy(let sites):
            return "partially occupied sites (\(sites.joined(separator: ", "))): DFT needs an ordered cell; order the structure first (e.g. an enumerated supercell)"
        case .unreadable(let why): return "cannot read file: \(why)"
        case .unknownFormat(let name):
            return "cannot tell the format of '\(name)': expected POSCAR/CONTCAR/*.vasp, *.cif or *.xyz (or give --to/--from)"
        case .missingItem(let what): return "missing: expected \(what)"
        case .unsupported(let what): return "not supported: \(what)"
        }
    }
}
