import Crystal
import Foundation

/// Decides whether a CONTCAR left by a run that hit its time limit can be continued from.
///
/// VASP rewrites CONTCAR after every ionic step; a job killed at the wrong moment leaves it
/// empty or cut short. A CONTCAR is used only when all of these hold:
/// - it parses with Crystal's POSCAR reader;
/// - it has the same species, in the same order, with the same counts as the POSCAR it continues;
/// - its text ends with a newline and every coordinate line is complete;
/// - if a block follows the coordinates (VASP writes a blank line then one velocity line per
///   atom), that block is whole;
/// - the cell has a positive volume and every coordinate is finite.
public enum ContcarValidation {
    /// Why a CONTCAR is not used.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case missing(path: String)
        case empty(path: String)
        case unreadable(StructureFileError)
        case speciesDiffer(path: String, poscar: [String], contcar: [String])
        case countsDiffer(path: String, poscar: [Int], contcar: [Int])
        case truncated(path: String, detail: String)
        case degenerate(path: String, detail: String)

        public var description: String {
            switch self {
            case .missing(let p): return "\(p): no CONTCAR to continue from"
            case .empty(let p): return "\(p): CONTCAR is empty (the job was killed while writing it)"
            case .unreadable(let e): return e.description
            case .speciesDiffer(let p, let a, let b):
                return "\(p): species \(b.joined(separator: " ")) differ from the POSCAR's \(a.joined(separator: " "))"
            case .countsDiffer(let p, let a, let b):
                return "\(p): atom counts \(b.map(String.init).joined(separator: " ")) differ from the POSCAR's \(a.map(String.init).joined(separator: " "))"
            case .truncated(let p, let d): return "\(p): CONTCAR is incomplete: \(d)"
            case .degenerate(let p, let d): return "\(p): CONTCAR is not a usable cell: \(d)"
            }
        }
    }

    /// Validates `contcarPath` against `poscarPath`; returns the structure to continue from.
    public static func validate(contcarPath: String, poscarPath: String) throws(Problem) -> Structure {
        guard FileManager.default.fileExists(atPath: contcarPath) else { throw .missing(path: contcarPath) }
        let poscar: Structure
        do { poscar = try POSCAR.read(path: poscarPath) } catch { throw .unreadable(error) }
        guard let data = FileManager.default.contents(atPath: contcarPath) else { throw .missing(path: contcarPath) }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .empty(path: contcarPath) }
        let contcar: Structure
        do {
            contcar = try POSCAR.parse(text, file: contcarPath, species: poscar.speciesInOrder.map(\.symbol))
        } catch { throw .unreadable(error) }

        let speciesA = poscar.speciesInOrder.map(\.symbol), speciesB = contcar.speciesInOrder.map(\.symbol)
        guard speciesA == speciesB else { throw .speciesDiffer(path: contcarPath, poscar: speciesA, contcar: speciesB) }
        let countsA = poscar.speciesInOrder.map { e in poscar.elements.filter { $0 == e }.count }
        let countsB = contcar.speciesInOrder.map { e in contcar.elements.filter { $0 == e }.count }
        guard countsA == countsB, poscar.elements == contcar.elements else {
            throw .countsDiffer(path: contcarPath, poscar: countsA, contcar: countsB)
        }
        guard text.hasSuffix("\n") else {
            throw .truncated(path: contcarPath, detail: "the last line has no end (the file was cut while being written)")
        }
        try checkTrailingBlock(text, atoms: contcar.count, path: contcarPath)
        guard contcar.volumeA3 > 1e-6, contcar.volumeA3.isFinite else {
            throw .degenerate(path: contcarPath, detail: "cell volume \(contcar.volumeA3) Å³")
        }
        if contcar.fractionalPositions.contains(where: { !($0.x.isFinite && $0.y.isFinite && $0.z.isFinite) }) {
            throw .degenerate(path: contcarPath, detail: "a coordinate is not a finite number")
        }
        return contcar
    }

    /// Finds the coordinate block and checks that whatever follows it is a whole block of
    /// `atoms` lines of three numbers (after one blank line), or nothing.
    static func checkTrailingBlock(_ text: String, atoms: Int, path: String) throws(Problem) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Title, scale, three lattice lines; then species (VASP 5) or counts; then counts.
        func isCounts(_ i: Int) -> Bool {
            let f = lines[i].split(whereSeparator: \.isWhitespace)
            return !f.isEmpty && f.allSatisfy { Int($0) != nil }
        }
        guard lines.count > 7 else { throw .truncated(path: path, detail: "fewer than 8 lines") }
        var modeIndex = isCounts(5) ? 6 : 7
        if lines[modeIndex].trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("s") { modeIndex += 1 }
        guard modeIndex < lines.count else { throw .truncated(path: path, detail: "no Direct/Cartesian line") }
        let coordinateEnd = modeIndex + 1 + atoms
        guard coordinateEnd <= lines.count else {
            throw .truncated(path: path, detail: "expected \(atoms) coordinate lines")
        }
        for i in (modeIndex + 1)..<coordinateEnd {
            let fields = lines[i].split(whereSeparator: \.isWhitespace)
            guard fields.count >= 3, fields.prefix(3).allSatisfy({ Double($0) != nil }) else {
                throw .truncated(path: path, detail: "coordinate line \(i + 1) is incomplete")
            }
        }
        let rest = Array(lines[coordinateEnd...]).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if rest.isEmpty { return }
        guard rest.count >= atoms else {
            throw .truncated(path: path, detail: "the velocity block after the coordinates has \(rest.count) of \(atoms) lines")
        }
        for (k, line) in rest.prefix(atoms).enumerated() {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 3, fields.prefix(3).allSatisfy({ Double($0) != nil }) else {
                throw .truncated(path: path, detail: "velocity line \(k + 1) is incomplete")
            }
        }
    }
}
