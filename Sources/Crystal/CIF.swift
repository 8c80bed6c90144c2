import Foundation

/// What a CIF file holds once expanded by its symmetry: the structure and the occupancy of
/// each atom. A CIF may describe a disordered crystal; DFT needs an ordered one, so use
/// `requireOrdered()` before building calculations.
public struct CIFContents: Sendable {
    /// All atoms of the cell (symmetry applied, duplicates merged), labelled with their CIF
    /// site label.
    public var structure: Structure
    /// Occupancy of each atom of `structure`, in order (1 for fully occupied sites).
    public var occupancies: [Double]
    /// The data block name.
    public var dataBlock: String
    /// The space group name as written (`_symmetry_space_group_name_H-M` or
    /// `_space_group_name_H-M_alt`), if any.
    public var spaceGroup: String?
    /// Number of symmetry operations applied.
    public var symmetryOperationCount: Int
    /// Number of sites in the asymmetric unit.
    public var asymmetricSiteCount: Int
    /// The file the contents came from (for error messages).
    public var file: String

    /// Occupancies below this count as partial.
    public static let fullOccupancyTolerance = 1e-3

    /// Labels (with their occupancy) of the sites that are partially occupied, each once.
    public var partiallyOccupiedSites: [(label: String, occupancy: Double)] {
        var seen = Set<String>()
        var out: [(String, Double)] = []
        for (site, occupancy) in zip(structure.sites, occupancies)
        where occupancy < 1 - CIFContents.fullOccupancyTolerance {
            let label = site.label ?? site.element.symbol
            if seen.insert(label).inserted { out.append((label, occupancy)) }
        }
        return out
    }

    /// True when every site is fully occupied.
    public var isOrdered: Bool { partiallyOccupiedSites.isEmpty }

    /// The structure, or a `partialOccupancy` error naming the file and the partially
    /// occupied sites: DFT cannot use a disordered cell as it is.
    public func requireOrdered() throws(StructureFileError) -> Structure {
        let partial = partiallyOccupiedSites
        guard partial.isEmpty else {
            throw StructureFileError(file: file, line: nil, .partialOccupancy(
                sites: partial.map { "\($0.label) occupancy \(CIF.shortNumber($0.occupancy))" }))
        }
        return structure
    }
}

/// Crystallographic Information Files (CIF 1.1): reader with symmetry expansion and a P1 writer.
///
/// The reader takes the first data block that has atom sites, the cell from `_cell_length_*`
/// and `_cell_angle_*`, symmetry operations from `_symmetry_equiv_pos_as_xyz` or
/// `_space_group_symop_operation_xyz`, and sites from `_atom_site_fract_x/y/z` with the element
/// from `_atom_site_type_symbol` (else the label, e.g. `La1` → La) and `_atom_site_occupancy`.
/// Symmetry images closer than `mergeToleranceA` to an atom of the same element (over periodic
/// images) are the same atom and are merged.
public enum CIF {
    /// Default distance (Å) under which two symmetry images of the same element are one atom.
    public static let defaultMergeToleranceA = 0.02

    /// Reads a CIF file.
    public static func read(path: String, mergeToleranceA: Double = defaultMergeToleranceA)
        throws(StructureFileError) -> CIFContents
    {
        let text = try StructureFile.text(path, limitBytes: StructureLimits.maxCIFBytes)
        return try parse(text, file: path, mergeToleranceA: mergeToleranceA)
    }

    /// Parses CIF text; `file` is used in error messages.
    public static func parse(_ text: String, file: String = "<string>", mergeToleranceA: Double = defaultMergeToleranceA)
        throws(StructureFileError) -> CIFContents
    {
        let blocks = try CIFSyntax.blocks(text, file: file)
        guard let block = blocks.first(where: { $0.loop(with: "_atom_site_fract_x") != nil }) else {
            if blocks.isEmpty {
                throw StructureFileError(file: file, line: nil, .truncated(expected: "a data_ block"))
            }
            throw StructureFileError(file: file, line: blocks[0].line,
                                     .missingItem("an _atom_site_ loop with _atom_site_fract_x, _y, _z"))
        }

        // The cell.
        var parameters: [Double] = []
        for tag in ["_cell_length_a", "_cell_length_b", "_cell_length_c",
                    "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"] {
            guard let token = block.items[tag] else {
                throw StructureFileError(file: file, line: block.line, .missingItem("\(tag) in data_\(block.name)"))
            }
            guard let value = try CIFSyntax.number(token, field: tag, file: file), value > 0 else {
                throw StructureFileError(file: file, line: token.line, .notANumber(field: tag, found: token.text))
            }
            parameters.append(value)
        }
        let lattice = Lattice(aA: parameters[0], bA: parameters[1], cA: parameters[2],
                              alphaDeg: parameters[3], betaDeg: parameters[4], gammaDeg: parameters[5])
        guard parameters[3...].allSatisfy({ $0 < 180 }), lattice.volumeA3 > 1e-6, lattice.matrix.inverse != nil else {
            throw StructureFileError(file: file, line: block.items["_cell_angle_alpha"]?.line,
                                     .unexpected(expected: "cell angles that make a cell of positive volume",
                                                 found: parameters[3...].map { shortNumber($0) }.joined(separator: " ")))
        }

        let spaceGroup = (block.items["_symmetry_space_group_name_h-m"] ?? block.items["_space_group_name_h-m_alt"])?.text
        try StructureCheck.checkLattice(lattice, file: file, line: block.items["_cell_length_a"]?.line)
        let operations = try symmetryOperations(block, spaceGroup: spaceGroup, lattice: lattice, file: file)

        // The asymmetric unit.
        let loop = block.loop(with: "_atom_site_fract_x")!
        guard let cx = loop.column("_atom_site_fract_x"), let cy = loop.column("_atom_site_fract_y"),
            let cz = loop.column("_atom_site_fract_z")
        else {
            throw StructureFileError(file: file, line: loop.line,
                                     .unreadableCIFLoop("expected _atom_site_fract_x, _atom_site_fract_y and _atom_site_fract_z in one loop"))
        }
        let cLabel = loop.column("_atom_site_label")
        let cType = loop.column("_atom_site_type_symbol")
        let cOccupancy = loop.column("_atom_site_occupancy")
        guard loop.rows.count * operations.count <= StructureLimits.maxCIFImages else {
            throw StructureFileError(file: file, line: loop.line, .tooManyAtoms(
                found: loop.rows.count * operations.count, limit: StructureLimits.maxCIFImages))
        }

        // Interplanar spacings: two points whose wrapped fractional difference along axis k
        // times h_k exceeds the tolerance are farther apart than it (a cheap rejection before
        // the minimum-image distance).
        let reciprocal = lattice.reciprocalWithoutTwoPi.matrix.rows
        let spacingsA = reciprocal.map { 1 / length($0) }
        func isWithin(_ toleranceA: Double, _ p: Vector3, _ q: Vector3) -> Bool {
            var d = q - p
            d -= d.rounded(.toNearestOrEven)
            for k in 0..<3 where abs(d[k]) * spacingsA[k] > toleranceA { return false }
            return lattice.minimumImageDistanceA(p, q) < toleranceA
        }

        struct Placed { let site: Site; let occupancy: Double }
        var placed: [Placed] = []
        var placedLines: [Int] = []
        var grid = PeriodicGrid(lattice: lattice, cutoffA: mergeToleranceA)
        for (rowIndex, row) in loop.rows.enumerated() {
            let label = cLabel.map { row[$0].text } ?? "\(rowIndex + 1)"
            let element = try siteElement(row: row, typeColumn: cType, labelColumn: cLabel, file: file)
            var f = Vector3(0, 0, 0)
            for (k, column) in [cx, cy, cz].enumerated() {
                let field = "\(["x", "y", "z"][k]) of atom site \(label)"
                guard let v = try CIFSyntax.number(row[column], field: field, file: file) else {
                    throw StructureFileError(file: file, line: row[column].line, .notANumber(field: field, found: row[column].text))
                }
                f[k] = v
            }
            for k in 0..<3 where abs(f[k]) > StructureLimits.maxFractionalMagnitude {
                throw StructureFileError(file: file, line: row[[cx, cy, cz][k]].line, .outOfRange(
                    field: "\(["x", "y", "z"][k]) of atom site \(label)", value: f[k],
                    expected: "a fractional coordinate within ±\(Int(StructureLimits.maxFractionalMagnitude))"))
            }
            var occupancy = 1.0
            if let c = cOccupancy, let v = try CIFSyntax.number(row[c], field: "occupancy of atom site \(label)", file: file) {
                // Above 1 is impossible; 1 + tolerance is rounding of a full site.
                guard v > 0, v <= 1 + CIFContents.fullOccupancyTolerance else {
                    throw StructureFileError(file: file, line: row[c].line, .badOccupancy(site: label, value: v))
                }
                occupancy = min(v, 1)
            }
            for op in operations {
                let image = Structure.wrap(op.apply(f))
                let duplicate = grid.candidates(near: image).contains {
                    placed[$0].site.element == element && isWithin(mergeToleranceA, placed[$0].site.fractional, image)
                }
                if !duplicate {
                    placed.append(Placed(site: Site(element: element, fractional: image, label: label), occupancy: occupancy))
                    placedLines.append(row[cx].line)
                    grid.insert(image)
                }
            }
        }
        let structure = Structure(lattice: lattice, sites: placed.map(\.site), comment: block.name)
        if let c = cOccupancy, placed.count > 0 {
            // Sites sharing a position (disorder) must not hold more than one atom between them.
            try checkSharedSites(placed.map(\.site.fractional), placed.map(\.occupancy), lattice: lattice,
                                 lines: placedLines, occupancyColumn: c, file: file)
        }
        if !placed.isEmpty, placed.allSatisfy({ $0.occupancy >= 1 - CIFContents.fullOccupancyTolerance }) {
            _ = try StructureCheck.validate(structure, file: file, siteLines: placedLines)
        } else if placed.isEmpty {
            throw StructureFileError(file: file, line: loop.line, .noAtoms)
        }
        return CIFContents(structure: structure, occupancies: placed.map(\.occupancy), dataBlock: block.name,
                           spaceGroup: spaceGroup, symmetryOperationCount: operations.count,
                           asymmetricSiteCount: loop.rows.count, file: file)
    }

    /// Partially occupied sites at one position (within 0.5 Å) may not add up to more than one
    /// atom; fully occupied atoms are checked by `StructureCheck` instead.
    private static func checkSharedSites(_ positions: [Vector3], _ occupancies: [Double], lattice: Lattice,
                                         lines: [Int], occupancyColumn: Int, file: String) throws(StructureFileError)
    {
        var grid = PeriodicGrid(lattice: lattice, cutoffA: StructureLimits.minInteratomicDistanceA)
        for (i, p) in positions.enumerated() {
            var total = occupancies[i]
            for j in grid.candidates(near: p)
            where lattice.minimumImageDistanceA(positions[j], p) < StructureLimits.minInteratomicDistanceA {
                total += occupancies[j]
            }
            if total > 1 + CIFContents.fullOccupancyTolerance {
                throw StructureFileError(file: file, line: lines[i], .badOccupancy(
                    site: "at (\(shortNumber(p.x)), \(shortNumber(p.y)), \(shortNumber(p.z))) (sum of the sites there)", value: total))
            }
            grid.insert(p)
        }
    }

    /// The element of one atom-site row: the type symbol (`Li`, `O2-`, `La3+`), else the label.
    private static func siteElement(row: [CIFToken], typeColumn: Int?, labelColumn: Int?, file: String)
        throws(StructureFileError) -> Element
    {
        if let c = typeColumn, !["?", "."].contains(row[c].text) {
            guard let e = Element(speciesLabel: row[c].text) else {
                throw StructureFileError(file: file, line: row[c].line, .unknownElement(row[c].text))
            }
            return e
        }
        if let c = labelColumn {
            guard let e = Element(speciesLabel: row[c].text) else {
                throw StructureFileError(file: file, line: row[c].line, .unknownElement(row[c].text))
            }
            return e
        }
        throw StructureFileError(file: file, line: row.first?.line,
                                 .missingItem("_atom_site_type_symbol or _atom_site_label in the atom-site loop"))
    }

    /// The symmetry operations of a block; `x, y, z` alone when the block has none and names
    /// P 1 or no space group.
    private static func symmetryOperations(_ block: CIFBlock, spaceGroup: String?, lattice: Lattice, file: String)
        throws(StructureFileError) -> [SymmetryOperation]
    {
        let tags = ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"]
        guard let tokens = tags.lazy.compactMap({ block.values($0) }).first else {
            let name = (spaceGroup ?? "P 1").replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "")
            guard name.uppercased() == "P1" else {
                throw StructureFileError(file: file, line: block.line, .missingItem(
                    "symmetry operations (_symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz) for space group '\(spaceGroup!)'"))
            }
            return [.identity]
        }
        var operations: [SymmetryOperation] = []
        for token in tokens {
            guard let op = SymmetryOperation(parsing: token.text) else {
                throw StructureFileError(file: file, line: token.line, .badSymmetryOperation(token.text))
            }
            guard op.isIsometry(of: lattice) else {
                throw StructureFileError(file: file, line: token.line, .symmetryNotIsometry(token.text))
            }
            if !operations.contains(op) { operations.append(op) }
            guard operations.count <= StructureLimits.maxSymmetryOperations else {
                throw StructureFileError(file: file, line: token.line, .outOfRange(
                    field: "number of symmetry operations", value: Double(operations.count),
                    expected: "at most \(StructureLimits.maxSymmetryOperations)"))
            }
        }
        guard !operations.isEmpty else { return [.identity] }
        return operations
    }

    // MARK: - Writing

    /// CIF text in P 1: the cell parameters and every atom, each number written with the
    /// digits it needs to read back exactly. Labels are the sites' labels when unique, else
    /// element + index. `occupancies` (one per atom) are written when given.
    public static func string(_ structure: Structure, dataBlock: String? = nil, occupancies: [Double]? = nil) -> String {
        let name = (dataBlock ?? (structure.comment.isEmpty ? structure.reducedFormula.formula : structure.comment))
            .filter { !$0.isWhitespace }
        let (a, b, c) = structure.lattice.lengthsA
        let (alpha, beta, gamma) = structure.lattice.anglesDeg
        var out = "# written by Adhere (P 1)\n"
        out += "data_\(name.isEmpty ? "structure" : name)\n"
        out += "_symmetry_space_group_name_H-M   'P 1'\n"
        out += "_symmetry_Int_Tables_number   1\n"
        for (tag, value) in [("_cell_length_a", a), ("_cell_length_b", b), ("_cell_length_c", c),
                             ("_cell_angle_alpha", alpha), ("_cell_angle_beta", beta), ("_cell_angle_gamma", gamma)] {
            out += "\(tag)   \(exact(value))\n"
        }
        out += "_cell_volume   \(exact(structure.volumeA3))\n"
        let counts = structure.composition
        let sum = counts.keys.sorted().map { "\($0.symbol)\(counts[$0]!)" }.joined(separator: " ")
        out += "_chemical_formula_sum   '\(sum)'\n"
        out += "loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\n"
        out += "loop_\n _atom_site_type_symbol\n _atom_site_label\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n _atom_site_occupancy\n"
        let labels = structure.sites.compactMap(\.label)
        let useLabels = labels.count == structure.count && Set(labels).count == labels.count
            && labels.allSatisfy { !$0.isEmpty && !$0.contains(where: \.isWhitespace) }
        var perElement: [Element: Int] = [:]
        for (i, site) in structure.sites.enumerated() {
            perElement[site.element, default: 0] += 1
            let label = useLabels ? site.label! : "\(site.element.symbol)\(perElement[site.element]!)"
            let f = site.fractional
            let occupancy = occupancies.map { exact($0[i]) } ?? "1"  // exact: 0.00002 must not be written as 0
            out += "  \(site.element.symbol)  \(label)  \(exact(f.x))  \(exact(f.y))  \(exact(f.z))  \(occupancy)\n"
        }
        return out
    }

    /// Writes a P 1 CIF file.
    public static func write(_ structure: Structure, to path: String, dataBlock: String? = nil) throws {
        try string(structure, dataBlock: dataBlock).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The shortest decimal that reads back to exactly `value`.
    static func exact(_ value: Double) -> String {
        let v = value == 0 ? 0 : value
        for digits in 8...17 {
            let s = String(format: "%.\(digits)g", v)
            if Double(s) == v { return s }
        }
        return "\(v)"
    }

    /// A short rendering for messages (up to 4 decimals).
    static func shortNumber(_ value: Double) -> String {
        var s = String(format: "%.4f", value)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
