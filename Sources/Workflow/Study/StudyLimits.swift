/// The documented range of every number in study.yaml, and the limits `adhere plan` checks
/// before doing the work they bound (docs/workflow.md, "Ranges and limits"). A value outside is
/// an error naming the file, line and key; the limits keep `plan`'s time and memory bounded
/// (seconds and tens of MB) whatever the file says.
public enum StudyLimits {
    /// Atomic planes of any slab (`metal.layers`, `interlayers[].layers`, `surface_energy.layers`).
    public static let layers = 1...50
    /// Scan: grid divisions per in-plane axis, number of separations, each separation in Å.
    public static let scanShiftDivisions = 1...6
    public static let scanSeparations = 4...12
    public static let scanSeparationA = 0.5...10.0
    /// `fixed_region.substrate_a` / `metal_a`, Å, and `substrate_fraction` / `metal_fraction`
    /// (a fixed region never takes the whole slab: the planner refuses one that would).
    public static let fixedThicknessA = 0.0...50.0
    public static let fixedFraction = 0.0...0.9
    /// `interlayers[].termination`: a row of `adhere slab --terminations`.
    public static let terminationRow = 0...999
    /// `interlayers[].min_thickness_a`, Å.
    public static let slabThicknessA = 1.0...100.0
    /// `metal.bulk_lattice_a`, Å (the cubic lattice constants of metals lie within 2.5–6.5 Å).
    public static let bulkLatticeA = 1.0...20.0
    /// Each component of a Miller index.
    public static let millerComponent = -20...20
    /// Each entry of an explicit 2×2 supercell matrix.
    public static let supercellEntry = -20...20
    /// |determinant| of an explicit supercell matrix: surface cells in the supercell.
    public static let supercellCells = 1...400
    /// `matching.max_area_a2`, Å² (paper-sized cells reach about 200 Å²). The matcher's work
    /// grows as the area squared: 500 Å² at 20 % strain plans the paper example in about 3 s.
    public static let maxAreaA2 = 1.0...500.0
    /// `matching.max_strain_percent`.
    public static let maxStrainPercent = 0.01...20.0
    /// `geometry.gap_a`, Å.
    public static let gapA = 0.5...10.0
    /// `geometry.vacuum_a`, Å.
    public static let vacuumA = 5.0...100.0
    /// `attempt_limit`.
    public static let attemptLimit = 1...20
    /// Number of interlayers (each is one lattice match and three calculations): a screening
    /// study of up to 12,000 calculations (the scale benchmark runs 10,000). `plan`'s cost grows
    /// linearly with it, each interlayer bounded by the area, strain and atom limits.
    public static let interlayers = 1...4000
    /// Number of slabs in the σ series.
    public static let surfaceEnergySlabs = 2...10
    /// Atoms in any one cell `plan` builds (bulk, slab, interface), checked before it is built.
    public static let atomsPerCell = 1...2000
    /// Characters of a name.
    public static let nameLength = 1...40
}
