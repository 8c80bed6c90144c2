import Foundation

/// Extended XYZ (as ASE and OVITO read it): the atom count, a comment line with
/// `Lattice="ax ay az bx by bz cx cy cz" Properties=species:S:1:pos:R:3 pbc="T T T"`, then one
/// line per atom with its symbol and cartesian position in Å. Writer only.
public enum ExtendedXYZ {
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
