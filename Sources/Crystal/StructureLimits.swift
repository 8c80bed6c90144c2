/// The limits and physical ranges every structure reader enforces (docs/input-limits.md).
/// Sizes are refused before anything is allocated for them.
public enum StructureLimits {
    /// Most atoms a structure file may hold (counts, sites after symmetry expansion). An
    /// interface supercell for DFT has hundreds; 100,000 leaves room for MD snapshots.
    public static let maxAtoms = 100_000
    /// Largest POSCAR/CONTCAR file read, bytes (100,000 atoms with selective dynamics take ~9 MB).
    public static let maxPOSCARBytes: Int64 = 64 << 20
    /// Largest extended XYZ file read, bytes.
    public static let maxXYZBytes: Int64 = 64 << 20
    /// Largest CIF read, bytes. Crystallographic CIFs are kilobytes; the LLZO reference is 6 KB.
    public static let maxCIFBytes: Int64 = 8 << 20
    /// Most symmetry images a CIF may ask for (asymmetric sites × operations), checked before
    /// they are placed.
    public static let maxCIFImages = 100_000
    /// Most symmetry operations in a CIF (the largest space groups have 192 in a conventional cell).
    public static let maxSymmetryOperations = 192
    /// Lattice vectors may be at most this long, Å (1 µm).
    public static let maxLatticeLengthA = 10_000.0
    /// Smallest cell volume accepted, Å³ (smaller than any crystal's volume per atom, ~5 Å³).
    public static let minCellVolumeA3 = 0.1
    /// Fractional coordinates may lie at most this far from the cell (unwrapped MD positions).
    public static let maxFractionalMagnitude = 1_000.0
    /// Two atoms (or an atom and its own periodic image) closer than this are an error, Å:
    /// the shortest bond in nature (H2) is 0.74 Å.
    public static let minInteratomicDistanceA = 0.5
    /// Two atoms closer than this fraction of the sum of their covalent radii give a warning.
    public static let closeContactFraction = 0.5
}
