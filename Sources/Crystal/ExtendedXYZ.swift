import Foundation

/// Extended XYZ (as ASE and OVITO read it): the atom count, a comment line with
/// `Lattice="ax ay az bx by bz cx cy cz" Properties=species:S:1:pos:R:3 pbc="T T T"`, then one
/// line per atom with its symbol and cartesian position in Å.
///
/// The reader takes one periodic frame: `Lattice` is required, `Properties` defaults to
/// `species:S:1:pos:R:3`, other columns (forces, tags, …) are skipped by their declared width,
/// and a `comment` key becomes the structure's comment. A file with a second frame is refused
/// (say which frame you want by converting it first); the result passes `StructureCheck`.
public enum ExtendedXYZ {
    /// Reads an extended XYZ file.
    public static func read(path: String) throws(StructureFileError) -> Structure {
        try parse(StructureFile.text(path, limitBytes: StructureLimits.maxXYZBytes), file: path)
    }

    /// Parses extended XYZ text; `file` is used in error messages.
    public static func parse(_ text: String, file: String = "<string>") throws(StructureFileError) -> Structure {
        var lines = LineCursor(text: text, file: file)
        let countLine = try lines.next(expecting: "the number of atoms")
        let countText = countLine.text.trimmingWhitespace()
        guard let count = Int(countText) else {
            if countText.allSatisfy({ $0.isNumber }), !countText.isEmpty {
                throw lines.error(.tooManyAtoms(found: Int.max, limit: StructureLimits.maxAtoms), at: countLine.number)
            }
            throw lines.error(.unexpected(expected: "the number of atoms (an integer)", found: countLine.text), at: countLine.number)
        }
        guard count > 0 else { throw lines.error(.noAtoms, at: countLine.number) }
        guard count <= StructureLimits.maxAtoms else {
            throw lines.error(.tooManyAtoms(found: count, limit: StructureLimits.maxAtoms), at: countLine.number)
        }
        let header = try lines.next(expecting: "the comment line with Lattice=\"…\"")
        let info = try keyValues(header.text, file: file, line: header.number)
        guard let latticeText = info["lattice"] else {
            throw lines.error(.missingItem("Lattice=\"ax ay az bx by bz cx cy cz\" on the comment line (periodic extended XYZ)"),
                              at: header.number)
        }
        let latticeFields = latticeText.split(whereSeparator: \.isWhitespace).map(String.init)
        guard latticeFields.count == 9 else {
            throw lines.error(.unexpected(expected: "nine numbers in Lattice", found: latticeText), at: header.number)
        }
        var latticeValues: [Double] = []
        for field in latticeFields { latticeValues.append(try lines.number(field, field: "Lattice", line: header.number)) }
        let lattice = Lattice([Array(latticeValues[0..<3]), Array(latticeValues[3..<6]), Array(latticeValues[6..<9])])
        try StructureCheck.checkLattice(lattice, file: file, line: header.number)
        guard let inverse = lattice.matrix.inverse else { throw lines.error(.degenerateCell(volumeA3: 0), at: header.number) }

        // Columns: where the species and the positions are, and how wide a row is.
        let properties = try columns(info["properties"] ?? "species:S:1:pos:R:3", file: file, line: header.number)
        guard let speciesColumn = properties.species, let positionColumn = properties.position else {
            throw lines.error(.missingItem("species:S:1 and pos:R:3 in Properties"), at: header.number)
        }

        var sites: [Site] = []
        var siteLines: [Int] = []
        sites.reserveCapacity(count)
        for k in 0..<count {
            let line = try lines.next(expecting: "\(count) atom lines (read \(k))")
            let f = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard f.count >= properties.width else {
                throw lines.error(.unexpected(expected: "\(properties.width) columns (\(properties.names))", found: line.text),
                                  at: line.number)
            }
            guard let element = Element(symbol: f[speciesColumn]), f[speciesColumn].allSatisfy(\.isLetter) else {
                throw lines.error(.unknownElement(f[speciesColumn]), at: line.number)
            }
            var r = Vector3(0, 0, 0)
            for a in 0..<3 {
                r[a] = try lines.number(f[positionColumn + a], field: "position of atom \(k + 1)", line: line.number)
            }
            sites.append(Site(element: element, fractional: r * inverse))
            siteLines.append(line.number)
        }
        while let extra = try? lines.next(expecting: "") {
            guard extra.text.trimmingWhitespace().isEmpty else {
                throw lines.error(.unexpected(expected: "the end of the file after \(count) atoms (one frame)", found: extra.text),
                                  at: extra.number)
            }
        }
        let structure = Structure(lattice: lattice, sites: sites, comment: info["comment"] ?? "")
        _ = try StructureCheck.validate(structure, file: file, siteLines: siteLines)
        return structure
    }

    /// The `key=value` pairs of a comment line, keys lowercased. Values are bare words, or
    /// quoted with `"…"` (backslash escapes) or `{…}`; a key alone is `T`.
    static func keyValues(_ text: String, file: String, line: Int) throws(StructureFileError) -> [String: String] {
        var result: [String: String] = [:]
        let chars = Array(text)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        func word() -> String {
            let start = i
            while i < chars.count, !chars[i].isWhitespace, chars[i] != "=" { i += 1 }
            return String(chars[start..<i])
        }
        while true {
            skipSpace()
            guard i < chars.count else { break }
            let key = word()
            guard !key.isEmpty else {
                throw StructureFileError(file: file, line: line, .unexpected(expected: "key=value pairs", found: text))
            }
            skipSpace()
            guard i < chars.count, chars[i] == "=" else { result[key.lowercased()] = "T"; continue }
            i += 1
            skipSpace()
            var value = ""
            if i < chars.count, chars[i] == "\"" || chars[i] == "{" {
                let close: Character = chars[i] == "\"" ? "\"" : "}"
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count { value.append(chars[i + 1]); i += 2; continue }
                    if chars[i] == close { closed = true; i += 1; break }
                    value.append(chars[i]); i += 1
                }
                guard closed else {
                    throw StructureFileError(file: file, line: line,
                                             .unexpected(expected: "a closing \(close) for the value of \(key)", found: text))
                }
            } else {
                value = word()
            }
            result[key.lowercased()] = value
        }
        return result
    }

    /// Where `species` and `pos` sit in an atom line, and how many columns a line has.
    static func columns(_ properties: String, file: String, line: Int) throws(StructureFileError)
        -> (species: Int?, position: Int?, width: Int, names: String)
    {
        let parts = properties.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 3 == 0, !parts.isEmpty else {
            throw StructureFileError(file: file, line: line, .unexpected(expected: "Properties as name:type:columns triples", found: properties))
        }
        var species: Int?, position: Int?
        var width = 0
        var names: [String] = []
        for k in stride(from: 0, to: parts.count, by: 3) {
            let (name, type) = (parts[k].lowercased(), parts[k + 1].uppercased())
            guard ["S", "R", "I", "L"].contains(type), let n = Int(parts[k + 2]), (1...9).contains(n) else {
                throw StructureFileError(file: file, line: line, .unexpected(
                    expected: "a type S, R, I or L and 1…9 columns in Properties", found: parts[k..<(k + 3)].joined(separator: ":")))
            }
            if name == "species", type == "S", n == 1 { species = width }
            if name == "pos", type == "R", n == 3 { position = width }
            width += n
            names.append(parts[k])
        }
        return (species, position, width, names.joined(separator: " "))
    }

    /// Extended XYZ text for a periodic structure. Numbers are written with the digits they
    /// need to read back exactly.
    public static func string(_ structure: Structure, comment: String? = nil) -> String {
        let lattice = structure.lattice.matrix.rows.flatMap { [$0.x, $0.y, $0.z] }.map(CIF.exact).joined(separator: " ")
        var out = "\(structure.count)\n"
        out += "Lattice=\"\(lattice)\" Properties=species:S:1:pos:R:3 pbc=\"T T T\""
        let text = (comment ?? structure.comment).replacingOccurrences(of: "\"", with: "'")
            .replacingOccurrences(of: "\n", with: " ")
        if !text.isEmpty { out += " comment=\"\(text)\"" }
        out += "\n"
        for (site, r) in zip(structure.sites, structure.cartesianPositionsA) {
            out += "\(site.element.symbol) \(CIF.exact(r.x)) \(CIF.exact(r.y)) \(CIF.exact(r.z))\n"
        }
        return out
    }

    /// Writes an extended XYZ file.
    public static func write(_ structure: Structure, to path: String, comment: String? = nil) throws {
        try string(structure, comment: comment).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
