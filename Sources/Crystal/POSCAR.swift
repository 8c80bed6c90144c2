import Foundation

/// VASP's POSCAR/CONTCAR format: reader and writer.
///
/// Reads VASP 5 (species line) and VASP 4 (species given by the caller, or symbols on the title
/// line); a negative scale factor is the target volume in Å³, three scale factors scale each
/// axis; Direct or Cartesian coordinates; Selective dynamics; anything after the coordinates
/// (velocities, predictor-corrector block) is ignored. Writes VASP 5 with Direct coordinates,
/// printing every number with as many digits as it needs to be read back exactly.
public enum POSCAR {
    /// Reads a POSCAR file. `species` is needed only for VASP 4 files without a species line.
    public static func read(path: String, species: [String]? = nil) throws(StructureFileError) -> Structure {
        let text = try StructureFile.text(path, limitBytes: StructureLimits.maxPOSCARBytes)
        return try parse(text, file: path, species: species)
    }

    /// Parses POSCAR text; `file` is used in error messages. The result passes
    /// `StructureCheck.validate` (counts, ranges, cell volume, interatomic distances).
    public static func parse(_ text: String, file: String = "<string>", species givenSpecies: [String]? = nil)
        throws(StructureFileError) -> Structure
    {
        var lines = LineCursor(text: text, file: file)
        let title = try lines.next(expecting: "a title line").text

        // Scale: one number (negative = volume), or three per-axis factors.
        let scaleLine = try lines.next(expecting: "the scale factor")
        let scaleFields = scaleLine.fields
        guard let first = scaleFields.first else {
            throw lines.error(.unexpected(expected: "the scale factor", found: ""), at: scaleLine.number)
        }
        var scales: [Double] = [try lines.number(first, field: "scale factor", line: scaleLine.number)]
        if scaleFields.count >= 3, let s2 = Double(scaleFields[1]), let s3 = Double(scaleFields[2]) {
            scales = [scales[0], s2, s3]
            guard scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw lines.error(.outOfRange(field: "per-axis scale factors", value: scales.min() ?? .nan,
                                              expected: "three positive numbers"), at: scaleLine.number)
            }
        }
        guard scales[0] != 0 else {
            throw lines.error(.outOfRange(field: "scale factor", value: 0,
                                          expected: "a positive scale or a negative target volume in Å³"), at: scaleLine.number)
        }

        var rows: [Vector3] = []
        for k in 0..<3 {
            let line = try lines.next(expecting: "lattice vector \(k + 1)")
            rows.append(try lines.vector(line, field: "lattice vector \(k + 1)"))
        }
        var lattice = Lattice(matrix: Matrix3(rows: rows))
        if scales.count == 3 {
            lattice = Lattice(matrix: Matrix3(rows: (0..<3).map { rows[$0] * scales[$0] }))
        } else if scales[0] < 0 {
            let factor = pow(-scales[0] / lattice.volumeA3, 1.0 / 3.0)
            lattice = Lattice(matrix: Matrix3(rows: rows.map { $0 * factor }))
        } else {
            lattice = Lattice(matrix: Matrix3(rows: rows.map { $0 * scales[0] }))
        }
        try StructureCheck.checkLattice(lattice, file: file, line: scaleLine.number)

        // Species line (VASP 5) or counts directly (VASP 4).
        var line = try lines.next(expecting: "species names or atom counts")
        var speciesNames: [String]
        if line.fields.allSatisfy(isCountField) {
            if let given = givenSpecies {
                speciesNames = given
            } else {
                let titleSymbols = title.split(whereSeparator: \.isWhitespace).map(String.init)
                let counts = line.fields.count
                guard titleSymbols.count >= counts,
                    titleSymbols.prefix(counts).allSatisfy({ Element(speciesLabel: $0) != nil && $0.first!.isLetter })
                else { throw lines.error(.missingSpeciesLine, at: line.number) }
                speciesNames = Array(titleSymbols.prefix(counts))
            }
        } else {
            speciesNames = line.fields
            line = try lines.next(expecting: "atom counts")
        }
        let countFields = line.fields.prefix(while: isCountField)
        guard !countFields.isEmpty else {
            throw lines.error(.unexpected(expected: "atom counts (integers)", found: line.text), at: line.number)
        }
        // Each count positive and the total within the limit, before anything is allocated.
        var counts: [Int] = []
        var total = 0
        for field in countFields {
            guard let n = Int(field), n <= StructureLimits.maxAtoms else {
                throw lines.error(.tooManyAtoms(found: Int(field) ?? Int.max, limit: StructureLimits.maxAtoms), at: line.number)
            }
            guard n > 0 else {
                throw lines.error(.outOfRange(field: "atom count", value: Double(n), expected: "a positive integer"), at: line.number)
            }
            total += n
            guard total <= StructureLimits.maxAtoms else {
                throw lines.error(.tooManyAtoms(found: total, limit: StructureLimits.maxAtoms), at: line.number)
            }
            counts.append(n)
        }
        guard counts.count == speciesNames.count else {
            throw lines.error(.countMismatch(what: "atom counts for the \(speciesNames.count) species",
                                             expected: speciesNames.count, found: counts.count), at: line.number)
        }
        var elements: [Element] = []
        for name in speciesNames {
            guard let e = Element(speciesLabel: name) else { throw lines.error(.unknownElement(name), at: line.number - 1) }
            elements.append(e)
        }

        // Selective dynamics, then the coordinate mode.
        line = try lines.next(expecting: "Direct or Cartesian")
        var selective = false
        if line.text.trimmingWhitespace().lowercased().hasPrefix("s") {
            selective = true
            line = try lines.next(expecting: "Direct or Cartesian")
        }
        let mode = line.text.trimmingWhitespace().lowercased()
        guard let modeChar = mode.first, "cdk".contains(modeChar) else {
            throw lines.error(.unexpected(expected: "Direct or Cartesian", found: line.text), at: line.number)
        }
        let cartesian = modeChar == "c" || modeChar == "k"

        var sites: [Site] = []
        var siteLines: [Int] = []
        sites.reserveCapacity(total)
        let inverse = lattice.matrix.inverse
        for (element, n) in zip(elements, counts) {
            for _ in 0..<n {
                let l = try lines.next(expecting: "\(total) coordinate lines (read \(sites.count))")
                var v = try lines.vector(l, field: "coordinates of atom \(sites.count + 1)")
                if cartesian {
                    let s = scales.count == 3 ? 1.0 : (scales[0] < 0 ? pow(-scales[0] / Lattice(matrix: Matrix3(rows: rows)).volumeA3, 1.0 / 3.0) : scales[0])
                    v = (v * s) * (inverse ?? .identity)
                }
                var flags: [Bool]? = nil
                let f = l.fields
                if selective {
                    guard f.count >= 6 else {
                        throw lines.error(.unexpected(expected: "three T/F flags after the coordinates", found: l.text), at: l.number)
                    }
                    flags = try (3..<6).map { (k: Int) throws(StructureFileError) -> Bool in
                        switch f[k].uppercased().first {
                        case "T": return true
                        case "F": return false
                        default: throw lines.error(.unexpected(expected: "T or F", found: f[k]), at: l.number)
                        }
                    }
                }
                let labelStart = selective ? 6 : 3
                // A trailing word equal to the element symbol (as pymatgen and Adhere write) is no label.
                var label = f.count > labelStart ? f[labelStart...].joined(separator: " ") : nil
                if label == element.symbol { label = nil }
                sites.append(Site(element: element, fractional: v, selectiveDynamics: flags, label: label))
                siteLines.append(l.number)
            }
        }
        let structure = Structure(lattice: lattice, sites: sites, comment: title.trimmingWhitespace())
        _ = try StructureCheck.validate(structure, file: file, siteLines: siteLines)
        return structure
    }

    /// An atom count as POSCAR writes it: digits with an optional sign (range checked later).
    private static func isCountField(_ field: String) -> Bool {
        let digits = field.first == "-" || field.first == "+" ? field.dropFirst() : Substring(field)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// POSCAR text (VASP 5, Direct). Atoms are written grouped by species in order of first
    /// appearance; pass a structure already grouped to keep the atom order.
    public static func string(_ structure: Structure, comment: String? = nil) -> String {
        let s = structure.groupedBySpecies()
        var out = (comment ?? (s.comment.isEmpty ? s.reducedFormula.formula : s.comment))
            .replacingOccurrences(of: "\n", with: " ") + "\n"
        out += "1.0\n"
        for row in s.lattice.matrix.rows {
            out += "  " + [row.x, row.y, row.z].map { exact($0, width: 24) }.joined(separator: " ") + "\n"
        }
        let species = s.speciesInOrder
        out += "  " + species.map { $0.symbol.padding(toLength: max(4, $0.symbol.count + 1), withPad: " ", startingAt: 0) }.joined() + "\n"
        out += "  " + species.map { e in String(s.sites.filter { $0.element == e }.count).padding(toLength: 4, withPad: " ", startingAt: 0) }.joined() + "\n"
        let selective = s.hasSelectiveDynamics
        if selective { out += "Selective dynamics\n" }
        out += "Direct\n"
        for site in s.sites {
            let f = site.fractional
            out += "  " + [f.x, f.y, f.z].map { exact($0, width: 22) }.joined(separator: " ")
            if selective {
                let flags = site.selectiveDynamics ?? [true, true, true]
                out += " " + flags.map { $0 ? "T" : "F" }.joined(separator: " ")
            }
            out += " \(site.label ?? site.element.symbol)\n"
        }
        return out
    }

    /// Writes a POSCAR file.
    public static func write(_ structure: Structure, to path: String, comment: String? = nil) throws {
        try string(structure, comment: comment).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A fixed-point rendering of `value` that parses back to exactly `value`.
    static func exact(_ value: Double, width: Int) -> String {
        let v = value == 0 ? 0 : value  // no "-0.000"
        for digits in 16...24 {
            let s = String(format: "%.\(digits)f", v)
            if Double(s) == v { return s.leftPadded(to: width) }
        }
        return "\(v)".leftPadded(to: width)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
