import Adhesion
import Crystal

/// How an interface was built, as the study planned it and the archive keeps it
/// (`/interfaces/<name>/construction`): both terminations with their numbers, the film's named
/// strains, the fixed atoms, the starting separation and the bulk lattices before and after
/// their relaxation (docs/archive.md). Archives written before these records have none.
public struct InterfaceConstruction: Equatable, Sendable, Codable {
    /// The substrate (interlayer) and film (metal) terminations taken.
    public var substrateTermination: TerminationCandidate
    public var filmTermination: TerminationCandidate
    /// How the substrate termination was chosen: "automatic" or "row N" (study key `termination`).
    public var substrateSelection: String
    /// What the automatic choice had to give up (empty when an ideal cut existed).
    public var terminationNotes: [String]
    /// Principal strains of the film (fractions, ascending), areal and von Mises strain (fractions).
    public var principalStrains: [Double]
    public var arealStrain: Double
    public var vonMisesStrain: Double
    /// Substrate top plane to film bottom plane before relaxation, Å, and where it came from.
    public var startingSeparationA: Double
    public var separationSource: String
    /// The fixed regions as set ("bottom 4.00 Å", "top 40 %", "none") and the atoms they fix;
    /// the interface fixes exactly the union of the two references' atoms.
    public var substrateFixedRegion: String, filmFixedRegion: String
    public var substrateFixedAtoms: Int, filmFixedAtoms: Int
    /// The bulk cells the slabs were cut from (metal first, then the interlayer).
    public var bulkLattices: [BulkLattice]

    /// A construction record.
    public init(substrateTermination: TerminationCandidate, filmTermination: TerminationCandidate, substrateSelection: String,
                terminationNotes: [String], principalStrains: [Double], arealStrain: Double, vonMisesStrain: Double,
                startingSeparationA: Double, separationSource: String, substrateFixedRegion: String, filmFixedRegion: String,
                substrateFixedAtoms: Int, filmFixedAtoms: Int, bulkLattices: [BulkLattice]) {
        self.substrateTermination = substrateTermination
        self.filmTermination = filmTermination
        self.substrateSelection = substrateSelection
        self.terminationNotes = terminationNotes
        self.principalStrains = principalStrains
        self.arealStrain = arealStrain
        self.vonMisesStrain = vonMisesStrain
        self.startingSeparationA = startingSeparationA
        self.separationSource = separationSource
        self.substrateFixedRegion = substrateFixedRegion
        self.filmFixedRegion = filmFixedRegion
        self.substrateFixedAtoms = substrateFixedAtoms
        self.filmFixedAtoms = filmFixedAtoms
        self.bulkLattices = bulkLattices
    }
}

/// A bulk cell before and after its relaxation (the bulk-first stage).
public struct BulkLattice: Sendable, Equatable, Codable {
    /// The bulk calculation id.
    public var id: String
    /// The cell as read (the metal's scaled to `bulk_lattice_a` when given).
    public var input: Lattice
    /// The relaxed cell (from the parsed final structure), nil until parsed.
    public var relaxed: Lattice?
    /// False when `bulk_lattice_a` overrides the relaxed metal.
    public var usedForSlabs: Bool

    /// A bulk lattice record.
    public init(id: String, input: Lattice, relaxed: Lattice?, usedForSlabs: Bool) {
        self.id = id
        self.input = input
        self.relaxed = relaxed
        self.usedForSlabs = usedForSlabs
    }
}

/// An interface's finished registry × separation scan: E(d) per shift, its UBER fit, and the
/// registry that is relaxed (`/interfaces/<name>/scans`).
public struct ScanOutcome: Sendable, Equatable, Codable {
    /// The interlayer name.
    public var interlayer: String
    /// Shifts (fractions of the interface cell's a and b), one per symmetry orbit.
    public var shiftsFractional: [[Double]]
    /// Separations, Å.
    public var separationsA: [Double]
    /// Energies (eV) per shift, per separation.
    public var energiesEV: [[Double]]
    /// The UBER fit per shift (nil where it failed).
    public var fits: [UBERFit?]
    /// Index of the shift with the lowest fitted minimum energy, and its separation (Å).
    public var bestShift: Int
    public var bestSeparationA: Double

    /// A scan record.
    public init(interlayer: String, shiftsFractional: [[Double]], separationsA: [Double], energiesEV: [[Double]],
                fits: [UBERFit?], bestShift: Int, bestSeparationA: Double) {
        self.interlayer = interlayer
        self.shiftsFractional = shiftsFractional
        self.separationsA = separationsA
        self.energiesEV = energiesEV
        self.fits = fits
        self.bestShift = bestShift
        self.bestSeparationA = bestSeparationA
    }
}
