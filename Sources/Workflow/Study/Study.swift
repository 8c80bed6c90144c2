import Foundation

/// A study: one metal, several interlayers, and how to build, compute and run them. Read from
/// `STUDY/study.yaml` (see ``StudyFile``; the keys are documented in docs/study-file.md).
public struct Study: Codable, Sendable, Equatable {
    /// A short name (letters, digits, `-`, `_`), used in job names and the archive.
    public var name: String
    /// A free description, e.g. where the settings come from.
    public var description: String?
    /// The metal (film) side of every interface.
    public var metal: MetalSpec
    /// The interlayers (substrate side), one interface each.
    public var interlayers: [InterlayerSpec]
    /// Limits for the lattice matcher when no explicit supercells are given.
    public var matching: MatchingLimits
    /// Interface gap and vacuum.
    public var geometry: Geometry
    /// The VASP input profile (templates/profiles/NAME.yaml, or a path).
    public var inputProfile: String
    /// The cluster profile (cluster/NAME.yaml, or a path).
    public var clusterProfile: String
    /// How often a failed calculation is retried before it stays failed.
    public var attemptLimit: Int
    /// Where the metal's surface energy σ comes from.
    public var surfaceEnergy: SurfaceEnergySource
    /// A PAW library folder (`potpaw_PBE/<variant>/POTCAR` layout); nil: `VASP_PP_PATH`, and
    /// without either a `POTCAR.spec` is written instead (enough for vasp-standin).
    public var potcarDirectory: String?

    enum CodingKeys: String, CodingKey {
        case name, description, metal, interlayers, matching, geometry
        case inputProfile = "input_profile", clusterProfile = "cluster_profile"
        case attemptLimit = "attempt_limit", surfaceEnergy = "surface_energy"
        case potcarDirectory = "potcar_dir"
    }

    /// Creates a study.
    public init(name: String, description: String? = nil, metal: MetalSpec, interlayers: [InterlayerSpec],
                matching: MatchingLimits, geometry: Geometry, inputProfile: String, clusterProfile: String,
                attemptLimit: Int, surfaceEnergy: SurfaceEnergySource, potcarDirectory: String? = nil) {
        self.name = name
        self.description = description
        self.metal = metal
        self.interlayers = interlayers
        self.matching = matching
        self.geometry = geometry
        self.inputProfile = inputProfile
        self.clusterProfile = clusterProfile
        self.attemptLimit = attemptLimit
        self.surfaceEnergy = surfaceEnergy
        self.potcarDirectory = potcarDirectory
    }
}

/// The metal: bulk structure, surface, slab thickness.
public struct MetalSpec: Codable, Sendable, Equatable {
    /// Structure file (CIF or POSCAR), relative to the study folder or absolute.
    public var structure: String
    /// Miller index of the surface, e.g. [0, 0, 1].
    public var miller: [Int]
    /// Number of atomic layers of the metal slab in the interfaces.
    public var layers: Int
    /// Cubic lattice constant to use instead of the file's (e.g. the PBE value), in Å.
    public var bulkLatticeA: Double?

    enum CodingKeys: String, CodingKey {
        case structure, miller, layers
        case bulkLatticeA = "bulk_lattice_a"
    }

    /// Creates a metal specification.
    public init(structure: String, miller: [Int], layers: Int, bulkLatticeA: Double? = nil) {
        self.structure = structure
        self.miller = miller
        self.layers = layers
        self.bulkLatticeA = bulkLatticeA
    }
}

/// One interlayer material.
public struct InterlayerSpec: Codable, Sendable, Equatable {
    /// A short name (letters, digits, `-`, `_`), used for folders and the report.
    public var name: String
    /// Structure file (CIF or POSCAR), relative to the study folder or absolute.
    public var structure: String
    /// Miller index of the surface.
    public var miller: [Int]
    /// Number of atomic planes of the interlayer slab (more when a cut would split a
    /// molecular ion).
    public var layers: Int
    /// A minimum slab thickness in Å (bottom plane to top plane); when given it replaces `layers`.
    public var minThicknessA: Double?
    /// Explicit in-plane supercells, skipping the lattice matcher.
    public var supercells: ExplicitSupercells?

    enum CodingKeys: String, CodingKey {
        case name, structure, miller, layers, supercells
        case minThicknessA = "min_thickness_a"
    }

    /// Creates an interlayer specification.
    public init(name: String, structure: String, miller: [Int], layers: Int, minThicknessA: Double? = nil,
                supercells: ExplicitSupercells? = nil) {
        self.name = name
        self.structure = structure
        self.miller = miller
        self.layers = layers
        self.minThicknessA = minThicknessA
        self.supercells = supercells
    }
}

/// In-plane supercell matrices (2×2 integers, rows = new vectors in units of the surface cell).
public struct ExplicitSupercells: Codable, Sendable, Equatable {
    /// Supercell of the metal surface cell.
    public var metal: [[Int]]
    /// Supercell of the interlayer surface cell.
    public var interlayer: [[Int]]

    /// Creates explicit supercells.
    public init(metal: [[Int]], interlayer: [[Int]]) {
        self.metal = metal
        self.interlayer = interlayer
    }
}

/// Limits for the lattice matcher.
public struct MatchingLimits: Codable, Sendable, Equatable {
    /// Largest interface area in Å².
    public var maxAreaA2: Double
    /// Largest strain of the film (metal) in percent.
    public var maxStrainPercent: Double

    enum CodingKeys: String, CodingKey {
        case maxAreaA2 = "max_area_a2", maxStrainPercent = "max_strain_percent"
    }

    /// Creates matching limits.
    public init(maxAreaA2: Double, maxStrainPercent: Double) {
        self.maxAreaA2 = maxAreaA2
        self.maxStrainPercent = maxStrainPercent
    }
}

/// Interface geometry.
public struct Geometry: Codable, Sendable, Equatable {
    /// Distance between the facing atomic planes of metal and interlayer, in Å.
    public var gapA: Double
    /// Vacuum thickness along c, in Å.
    public var vacuumA: Double

    enum CodingKeys: String, CodingKey { case gapA = "gap_a", vacuumA = "vacuum_a" }

    /// Creates a geometry.
    public init(gapA: Double, vacuumA: Double) {
        self.gapA = gapA
        self.vacuumA = vacuumA
    }
}

/// Where σ of the metal comes from: a Fiorentini–Methfessel series of slabs with these numbers
/// of layers (the slope of E(N) is the bulk energy, the intercept 2σA).
public struct SurfaceEnergySource: Codable, Sendable, Equatable {
    /// "fiorentini-methfessel" (the only method that needs calculations of its own).
    public var method: String
    /// Slab thicknesses (layers) of the series; at least two.
    public var layers: [Int]

    /// Creates a σ source.
    public init(method: String = "fiorentini-methfessel", layers: [Int]) {
        self.method = method
        self.layers = layers
    }
}
