import Crystal
import Foundation

/// The few INCAR tags the stand-in obeys, read from `INCAR` in the run folder.
///
/// The INCAR syntax is VASP's: `TAG = value`, several per line separated by `;`, comments
/// after `!` or `#`. Every tag is kept (for the vasprun.xml `<incar>` block); the ones that
/// steer the stand-in are exposed as typed properties.
struct StandinIncar {
    /// Every tag in file order, names upper-cased, values as written.
    var tags: [(name: String, value: String)] = []

    /// NSW: the number of ionic steps (0 = single point).
    var nsw: Int { int("NSW") ?? 0 }
    /// IBRION: −1 = no ionic update; anything else relaxes.
    var ibrion: Int { int("IBRION") ?? (nsw > 0 ? 0 : -1) }
    /// EDIFFG: > 0 energy criterion (eV), < 0 force criterion (eV/Å). VASP's default 10·EDIFF.
    var ediffg: Double { double("EDIFFG") ?? 10 * (double("EDIFF") ?? 1e-4) }
    /// ISIF (the stand-in never changes the cell, it only records the tag).
    var isif: Int { int("ISIF") ?? 2 }
    /// SYSTEM, for the title lines.
    var system: String { value("SYSTEM") ?? "unknown system" }

    /// The raw value of a tag (case-insensitive name).
    func value(_ name: String) -> String? { tags.last { $0.name == name.uppercased() }?.value }

    func int(_ name: String) -> Int? {
        guard let v = value(name)?.split(separator: " ").first else { return nil }
        return Int(v) ?? FortranNumber.double(v).map { Int($0) }
    }

    func double(_ name: String) -> Double? {
        guard let v = value(name)?.split(separator: " ").first else { return nil }
        return FortranNumber.double(v)
    }

    /// Reads an INCAR file; a missing file gives VASP's defaults (single point).
    static func read(path: String) throws -> StandinIncar {
        guard FileManager.default.fileExists(atPath: path) else { return StandinIncar() }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var incar = StandinIncar()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine.prefix { $0 != "!" && $0 != "#" })
            for statement in line.split(separator: ";") {
                let parts = statement.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else {
                    if !statement.allSatisfy(\.isWhitespace) {
                        throw StandinError.input(file: path, line: index + 1, expected: "TAG = value", found: String(statement))
                    }
                    continue
                }
                let name = parts[0].trimmingCharacters(in: .whitespaces).uppercased()
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                incar.tags.append((name, value))
            }
        }
        return incar
    }
}

/// The k-point mesh of `KPOINTS` (only its size matters to the stand-in: it is reported in
/// vasprun.xml and scales the simulated run time).
struct StandinKpoints {
    /// Grid divisions, or nil for explicit lists and fully automatic files.
    var divisions: [Int]?
    /// "Gamma", "Monkhorst-Pack", "Auto" or "explicit".
    var style: String
    /// Number of k-points in the full grid (product of divisions; explicit count otherwise).
    var count: Int

    /// Reads KPOINTS; a missing file means Γ only.
    static func read(path: String) throws -> StandinKpoints {
        guard FileManager.default.fileExists(atPath: path) else {
            return StandinKpoints(divisions: [1, 1, 1], style: "Gamma", count: 1)
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count >= 3 else {
            throw StandinError.input(file: path, line: lines.count, expected: "a title, a k-point count and a mode line", found: "end of file")
        }
        let n = Int(lines[1].split(separator: " ").first ?? "") ?? -1
        let mode = lines[2].lowercased()
        if n == 0, mode.hasPrefix("g") || mode.hasPrefix("m") {
            guard lines.count >= 4 else {
                throw StandinError.input(file: path, line: 4, expected: "three grid divisions", found: "end of file")
            }
            let d = lines[3].split(separator: " ").compactMap { Int($0) }
            guard d.count == 3, d.allSatisfy({ $0 > 0 }) else {
                throw StandinError.input(file: path, line: 4, expected: "three positive grid divisions", found: lines[3])
            }
            return StandinKpoints(divisions: d, style: mode.hasPrefix("g") ? "Gamma" : "Monkhorst-Pack", count: d.reduce(1, *))
        }
        if n == 0 { return StandinKpoints(divisions: nil, style: "Auto", count: 1) }
        return StandinKpoints(divisions: nil, style: "explicit", count: max(1, n))
    }
}

/// Input errors, printed with file and line.
enum StandinError: Error, CustomStringConvertible {
    case input(file: String, line: Int, expected: String, found: String)
    case missing(String)

    var description: String {
        switch self {
        case .input(let file, let line, let expected, let found):
            return "vasp-standin: error: \(file):\(line): expected \(expected), found '\(found)'"
        case .missing(let file):
            return "vasp-standin: error: \(file) not found (the stand-in needs POSCAR; INCAR and KPOINTS are optional)"
        }
    }
}
