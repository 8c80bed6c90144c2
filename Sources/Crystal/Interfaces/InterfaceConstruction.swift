/// How an interface was built: both terminations with their numbers, the film's named strains,
/// the fixed atoms, the starting separation and the bulk lattices before and after their
/// relaxation. ``InterfaceBuilder`` makes it (without the bulk lattices, which only the study
/// knows); the study's manifest and the archive (`/interfaces/<name>/construction`,
/// docs/archive.md) keep it. Archives written before these records have none.
public struct InterfaceConstruction: Equatable, Sendable, Codable {
    /// The substrate (interlayer) and film (metal) terminations taken.
    public var substrateTermination: TerminationCandidate
    public var filmTermination: TerminationCandidate
    /// How the substrate termination was chosen: "automatic" or "row N" (study key `termination`).
    public var substrateSelection: String
    /// What the automatic choices had to give up ("substrate: …"; empty when an ideal cut existed).
    public var terminationNotes: [String]
    /// Principal strains of the film (fractions, ascending), areal and von Mises strain (fractions).
    public var principalStrains: [Double]
    public var arealStrain: Double
    public var vonMisesStrain: Double
    /// Substrate top plane to film bottom plane before relaxation, Å, and where it came from
    /// ("given" or "species-aware (covalent radii)").
    public var startingSeparationA: Double
    public var separationSource: String
    /// The fixed regions as set ("bottom 4.00 Å", "top 40 %", "none") and the atoms they fix
    /// (selective dynamics F F F); the interface fixes exactly the union of the two references' atoms.
    public var substrateFixedRegion: String, filmFixedRegion: String
    public var substrateFixedAtoms: Int, filmFixedAtoms: Int
    /// The bulk cells the slabs were cut from (metal first, then the interlayer); empty as the
    /// builder makes it.
    public var bulkLattices: [BulkLattice]

    /// A construction record.
    public init(substrateTermination: TerminationCandidate, filmTermination: TerminationCandidate, substrateSelection: String,
                terminationNotes: [String], principalStrains: [Double], arealStrain: Double, vonMisesStrain: Double,
                startingSeparationA: Double, separationSource: String, substrateFixedRegion: String, filmFixedRegion: String,
                substrateFixedAtoms: Int, filmFixedAtoms: Int, bulkLattices: [BulkLattice] = []) {
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

    /// The same record with the bulk cells the slabs were cut from.
    public func withBulkLattices(_ lattices: [BulkLattice]) -> InterfaceConstruction {
        var copy = self
        copy.bulkLattices = lattices
        return copy
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
