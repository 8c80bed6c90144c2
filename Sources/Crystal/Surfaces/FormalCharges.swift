/// Formal charges of the atoms of an ionic crystal, for the polarity of its slabs (Tasker,
/// J. Phys. C 12, 4977 (1979)).
///
/// Monatomic ions take their common formal oxidation state, as tabulated in Greenwood &
/// Earnshaw, *Chemistry of the Elements*, 2nd ed. (1997) (Li⁺, La³⁺, Zr⁴⁺, O²⁻, F⁻ …). Atoms
/// bonded into one molecular ion (CO3²⁻, CF3SO3⁻, found by ``BondRule``) share the ion's charge
/// evenly, which puts the ion's charge at its centroid: the ion counts as one unit, as in
/// Tasker's classification, and its internal charge distribution (which a formal S⁶⁺ would
/// exaggerate) does not enter. The ion's charge is the one that balances the monatomic ions.
public enum FormalCharges {
    /// Formal oxidation states of monatomic ions (Greenwood & Earnshaw 1997, common states).
    public static let oxidationState: [String: Double] = [
        "H": 1, "Li": 1, "Na": 1, "K": 1, "Rb": 1, "Cs": 1, "Be": 2, "Mg": 2, "Ca": 2, "Sr": 2, "Ba": 2,
        "Sc": 3, "Y": 3, "La": 3, "Ce": 3, "Pr": 3, "Nd": 3, "Sm": 3, "Gd": 3, "Al": 3, "Ga": 3, "In": 3,
        "Ti": 4, "Zr": 4, "Hf": 4, "Ge": 4, "Nb": 5, "Ta": 5, "Zn": 2, "Cd": 2, "Ag": 1,
        "O": -2, "S": -2, "Se": -2, "F": -1, "Cl": -1, "Br": -1, "I": -1, "N": -3, "P": -3,
    ]

    /// Formal charge (e) of every atom of a bulk cell. Atoms of one molecular ion (same id in
    /// `molecules`, more than one atom) share evenly the charge that balances the other atoms,
    /// the same for every ion. Nil when an element has no formal charge here, or when a cell
    /// without molecular ions is not neutral (a metal or an alloy).
    public static func assign(_ cell: Structure, molecules: [Int]) -> [Double]? {
        var size: [Int: Int] = [:]
        for m in molecules { size[m, default: 0] += 1 }
        var q = [Double](repeating: 0, count: cell.count)
        var ionic = 0.0
        var molecularAtoms: [Int] = []
        for i in 0..<cell.count {
            if size[molecules[i]]! > 1 { molecularAtoms.append(i); continue }
            guard let c = oxidationState[cell.sites[i].element.symbol] else { return nil }
            q[i] = c
            ionic += c
        }
        if molecularAtoms.isEmpty { return abs(ionic) < 1e-9 ? q : nil }
        let ions = Set(molecularAtoms.map { molecules[$0] }).count
        let perIon = -ionic / Double(ions)
        for i in molecularAtoms { q[i] = perIon / Double(size[molecules[i]]!) }
        return q
    }
}
