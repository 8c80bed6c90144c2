/// The fixes Adhere tries for each VASP failure kind, in order: the first one not yet tried on
/// the calculation is next. Kinds are the names of the VASP module's failure signatures,
/// compared without case, spaces, `_` or `-` (`Sub-Space-Matrix` = `subspaceMatrix`).
///
/// The signatures (what VASP prints) live in the VASP module; this table holds only the
/// decisions. Our classes follow what each tag does to the total energy, not what other tools
/// do: several established fixers change ISMEAR, LREAL or the lattice silently, which breaks
/// the comparison between an interface and its two references.
public enum VASPFixTable {
    /// The table.
    public static let fixes: [String: [VASPFix]] = [
        "brmix": [
            VASPFix("damped-mixing", .energyNeutral, [.set("AMIX", "0.1"), .set("BMIX", "0.01")],
                    "charge-density mixing oscillates: damp it"),
            VASPFix("algo-all", .energyNeutral, [.set("ALGO", "All")], startFromScratch: true,
                    "use the all-band conjugate-gradient minimiser from a fresh start"),
            VASPFix("gamma-isotropic-kmesh", .geometryChanging, [],
                    "rewriting the k-mesh to an even, isotropic one is what other fixers do here; for a slab it changes the sampling of the vacuum direction"),
        ],
        "edddav": [
            VASPFix("algo-all", .energyNeutral, [.set("ALGO", "All")], startFromScratch: true,
                    "Davidson failed: switch to the conjugate-gradient minimiser, from scratch"),
            VASPFix("more-nelm", .energyNeutral, [.set("NELM", "200")], "allow more electronic steps"),
        ],
        "eddrmm": [
            VASPFix("algo-normal", .energyNeutral, [.set("ALGO", "Normal")], startFromScratch: true,
                    "RMM-DIIS failed: use the blocked Davidson (ALGO = Normal), from scratch"),
            VASPFix("smaller-potim", .energyNeutral, [.scale("POTIM", factor: 0.5, default: 0.5)], continueFromCONTCAR: true,
                    "halve the ionic step"),
        ],
        "subspacematrix": [
            VASPFix("algo-normal", .energyNeutral, [.set("ALGO", "Normal")], "use the blocked Davidson"),
            VASPFix("lreal-false", .energyChanging, [.set("LREAL", ".FALSE.")],
                    "projectors in reciprocal space (LREAL = .FALSE.) changes the energy"),
        ],
        "zbrent": [
            VASPFix("ibrion-1", .energyNeutral, [.set("IBRION", "1")], continueFromCONTCAR: true,
                    "the line search failed: switch to RMM-DIIS quasi-Newton relaxation, continuing from CONTCAR"),
            VASPFix("smaller-potim", .energyNeutral, [.scale("POTIM", factor: 0.5, default: 0.5)], continueFromCONTCAR: true,
                    "halve the ionic step"),
        ],
        "toofewbands": [
            VASPFix("more-nbands", .energyNeutral, [.scale("NBANDS", factor: 1.2, default: 0)],
                    "too few bands: 20 % more (read from OUTCAR when INCAR has none)"),
        ],
        "nbands": [
            VASPFix("more-nbands", .energyNeutral, [.scale("NBANDS", factor: 1.2, default: 0)],
                    "NBANDS not sufficient: 20 % more"),
        ],
        "brions": [
            VASPFix("larger-potim", .energyNeutral, [.add("POTIM", amount: 0.1, default: 0.5)], continueFromCONTCAR: true,
                    "BRIONS problem: a slightly larger ionic step"),
        ],
        "zpotrf": [
            VASPFix("smaller-potim-fresh", .energyNeutral, [.scale("POTIM", factor: 0.5, default: 0.5)],
                    continueFromCONTCAR: true, startFromScratch: true,
                    "Cholesky decomposition failed: smaller ionic step, fresh wavefunctions"),
            VASPFix("scale-lattice", .geometryChanging, [],
                    "other fixers rescale the lattice here; that changes the interface's strain"),
        ],
        "pricelv": [
            VASPFix("fresh-start", .energyNeutral, [.set("ISTART", "0"), .set("ICHARG", "2")], startFromScratch: true,
                    "restart without the old wavefunctions and charge"),
        ],
        "posmap": [
            VASPFix("symprec", .energyChanging, [.set("SYMPREC", "1E-6")], "a tighter symmetry tolerance"),
        ],
        "realoptlay": [
            VASPFix("lreal-false", .energyChanging, [.set("LREAL", ".FALSE.")], "real-space projectors failed: use reciprocal space"),
        ],
        "rhosyg": [
            VASPFix("symprec", .energyChanging, [.set("SYMPREC", "1E-4")], "symmetrising the charge failed: looser tolerance"),
            VASPFix("isym-0", .energyChanging, [.set("ISYM", "0")], "turn symmetry off"),
        ],
        "nichtkonvergent": [
            VASPFix("lreal-false", .energyChanging, [.set("LREAL", ".FALSE.")], "the Bessel iteration did not converge"),
        ],
        "tetrahedron": [
            VASPFix("gaussian-smearing", .energyChanging, [.set("ISMEAR", "0"), .set("SIGMA", "0.05")],
                    "tetrahedron method impossible with this k-mesh: Gaussian smearing"),
        ],
        "tripleproduct": [
            VASPFix("swap-axes", .geometryChanging, [],
                    "the cell is left-handed; other fixers swap two axes, which reorders the interface's layers"),
        ],
        "electronicnotconverged": [
            VASPFix("more-nelm", .energyNeutral, [.set("NELM", "200")], "allow more electronic steps"),
            VASPFix("algo-all", .energyNeutral, [.set("ALGO", "All")], "switch minimiser"),
        ],
        "zheev": [
            VASPFix("algo-normal", .energyNeutral, [.set("ALGO", "Normal")], startFromScratch: true,
                    "the eigenvalue routine failed: blocked Davidson from a fresh start"),
        ],
        "eddiag": [
            VASPFix("algo-normal", .energyNeutral, [.set("ALGO", "Normal")], startFromScratch: true,
                    "sub-space diagonalisation failed: blocked Davidson from a fresh start"),
        ],
        "pssyevx": [
            VASPFix("algo-normal", .energyNeutral, [.set("ALGO", "Normal")], "ScaLAPACK rotation failed: blocked Davidson"),
        ],
        "gradientnotorthogonal": [
            VASPFix("algo-normal", .energyNeutral, [.set("ALGO", "Normal")], startFromScratch: true,
                    "the wavefunction gradient is not orthogonal: blocked Davidson from a fresh start"),
        ],
        "fexcp": [
            VASPFix("smaller-potim", .energyNeutral, [.scale("POTIM", factor: 0.5, default: 0.5)], continueFromCONTCAR: true,
                    "the exchange-correlation table was exceeded (atoms too close): halve the ionic step"),
        ],
        "fexcf": [
            VASPFix("smaller-potim", .energyNeutral, [.scale("POTIM", factor: 0.5, default: 0.5)], continueFromCONTCAR: true,
                    "the exchange-correlation table was exceeded (atoms too close): halve the ionic step"),
        ],
        "amin": [
            VASPFix("amin", .energyNeutral, [.set("AMIN", "0.01")], "a long lattice vector: smaller minimal mixing (AMIN = 0.01)"),
        ],
        "inverserotationmatrix": [
            VASPFix("symprec", .energyChanging, [.set("SYMPREC", "1E-8")], "symmetry operations not found: tighter tolerance"),
            VASPFix("isym-0", .energyChanging, [.set("ISYM", "0")], "turn symmetry off"),
        ],
        "pricel": [
            VASPFix("symprec", .energyChanging, [.set("SYMPREC", "1E-8")], "primitive cell search failed: tighter tolerance"),
            VASPFix("isym-0", .energyChanging, [.set("ISYM", "0")], "turn symmetry off"),
        ],
        "rotationmatrix": [
            VASPFix("isym-0", .energyChanging, [.set("ISYM", "0")], "non-integer rotation matrix: turn symmetry off"),
        ],
        "bravais": [
            VASPFix("symprec", .energyChanging, [.set("SYMPREC", "1E-6")], "inconsistent Bravais lattice: another tolerance"),
        ],
        "pointgroup": [
            VASPFix("isym-0", .energyChanging, [.set("ISYM", "0")], "group operation missing: turn symmetry off"),
        ],
        "rspher": [
            VASPFix("lreal-false", .energyChanging, [.set("LREAL", ".FALSE.")], "real-space projection failed: reciprocal space"),
        ],
        "dentet": [
            VASPFix("gaussian-smearing", .energyChanging, [.set("ISMEAR", "0"), .set("SIGMA", "0.05")],
                    "tetrahedron DOS integration failed: Gaussian smearing"),
        ],
        "meshsymmetry": [
            VASPFix("gamma-mesh", .geometryChanging, [],
                    "other fixers rewrite the k-mesh (Γ-centred, isotropic) here; for a slab that changes the sampling of the vacuum direction"),
        ],
        "incorrectshift": [
            VASPFix("gamma-mesh", .geometryChanging, [],
                    "other fixers rewrite the k-mesh to a Γ-centred one here; change KPOINTS by hand for all three calculations"),
        ],
        "outofmemory": [
            VASPFix("kpar-1", .energyNeutral, [.set("KPAR", "1")], "less memory per rank (KPAR = 1)"),
        ],
    ]

    /// Normalises a failure kind's name for lookup (`Sub-Space-Matrix` → `subspacematrix`).
    public static func key(_ kind: String) -> String {
        String(kind.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// The identifier of one fix for one failure kind (`zbrent/ibrion-1`), as the history's
    /// `fix` column records it and the planner skips fixes already tried.
    public static func fixID(_ kind: String, _ fix: VASPFix) -> String { "\(key(kind))/\(fix.name)" }

    /// The fixes for a kind, or nil when the kind has none.
    public static func fixes(for kind: String) -> [VASPFix]? { fixes[key(kind)] }
}
