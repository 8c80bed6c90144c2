import Crystal
import Foundation

/// A study: one metal, several interlayers, and how to build, compute and run them. Read from
/// `STUDY/study.yaml` and checked once by ``StudyFile`` (keys and ranges: docs/workflow.md);
/// every value here is already valid.
///
/// To add a key: a field here (typed, with its unit in the name), a line in the decoder
/// (`StudyFile+Decoding.swift`: the key in the mapping's list and its read with a range from
/// ``StudyLimits``), and a row in docs/workflow.md.
public struct Study: Sendable, Equatable {
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
    /// An optional registry × separation scan before each interface's relaxation.
    public var scan: ScanSettings? = nil
    /// Atoms held fixed in every interface and its two references (study key `fixed_region`;
    /// an interlayer's own `fixed_region` replaces it). Default: nothing fixed.
    public var fixedRegion = FixedRegionSpec()

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

/// The scan stage (study key `scan`): static calculations on a symmetry-reduced grid of
/// in-plane shifts × separations, a UBER fit E(d) per shift, then the lowest one relaxed.
public struct ScanSettings: Sendable, Equatable {
    /// Divisions n of the n × n grid of shifts (fractions of the interface cell).
    public var shiftDivisions: Int
    /// Separations (substrate top plane to film bottom plane), Å; at least four.
    public var separationsA: [Double]

    /// Creates scan settings.
    public init(shiftDivisions: Int, separationsA: [Double]) {
        self.shiftDivisions = shiftDivisions
        self.separationsA = separationsA
    }
}

/// The metal: bulk structure, surface, slab thickness.
public struct MetalSpec: Sendable, Equatable {
    /// Structure file (CIF or POSCAR), relative to the study folder or absolute.
    public var structure: String
    /// The surface, e.g. (0 0 1).
    public var miller: MillerIndex
    /// Atomic planes of the metal slab in the interfaces.
    public var layers: Int
    /// Cubic lattice constant to use instead of the file's (e.g. the PBE value), in Å.
    public var bulkLatticeA: Double?

    /// Creates a metal specification.
    public init(structure: String, miller: MillerIndex, layers: Int, bulkLatticeA: Double? = nil) {
        self.structure = structure
        self.miller = miller
        self.layers = layers
        self.bulkLatticeA = bulkLatticeA
    }
}

/// One interlayer material.
public struct InterlayerSpec: Sendable, Equatable {
    /// A short name (letters, digits, `-`, `_`), used for folders and the report.
    public var name: String
    /// Structure file (CIF or POSCAR), relative to the study folder or absolute.
    public var structure: String
    /// The surface.
    public var miller: MillerIndex
    /// How thick its slab is: atomic planes (more when a cut would split a molecular ion), or a
    /// minimum thickness in Å (`min_thickness_a`, which replaces `layers` when both are given).
    public var thickness: SlabThickness
    /// Explicit in-plane supercells, skipping the lattice matcher.
    public var supercells: ExplicitSupercells?
    /// Which termination of the interlayer slab (study key `termination`): automatic (neutral,
    /// stoichiometric, non-polar; else the least |dipole|, never charged) or a named row of
    /// `adhere slab --terminations` (which may be charged: the user named it).
    public var termination: TerminationSelection = .automatic
    /// This interlayer's fixed region (study key `interlayers[].fixed_region`); nil: the study's.
    public var fixedRegion: FixedRegionSpec? = nil
    /// Build the interface even when the film strain exceeds `matching.max_strain_percent`
    /// (study key `allow_large_strain`, with a warning); false: such a cell is refused.
    public var allowLargeStrain = false

    /// Creates an interlayer specification.
    public init(name: String, structure: String, miller: MillerIndex, thickness: SlabThickness,
                supercells: ExplicitSupercells? = nil) {
        self.name = name
        self.structure = structure
        self.miller = miller
        self.thickness = thickness
        self.supercells = supercells
    }
}

/// In-plane supercell matrices as the study writes them (rows = new vectors in units of the
/// conventional surface cell, as papers write "4×4 / 3×3").
public struct ExplicitSupercells: Sendable, Equatable {
    /// Supercell of the metal surface cell.
    public var metal: IntMatrix2
    /// Supercell of the interlayer surface cell.
    public var interlayer: IntMatrix2

    /// Creates explicit supercells.
    public init(metal: IntMatrix2, interlayer: IntMatrix2) {
        self.metal = metal
        self.interlayer = interlayer
    }
}

/// Which atoms of an interface's two slabs are held fixed (selective dynamics F F F), the same
/// in the interface and in its film and substrate references (study key `fixed_region`).
public struct FixedRegionSpec: Sendable, Equatable {
    /// The substrate's bulk-like bottom: `.none`, `.bottomA(Å)` or `.bottomFraction(f)`.
    public var substrate: FixedRegion
    /// The metal film's outer top: `.none`, `.topA(Å)` or `.topFraction(f)`.
    public var metal: FixedRegion

    /// Creates a fixed-region setting (default: nothing fixed).
    public init(substrate: FixedRegion = .none, metal: FixedRegion = .none) {
        self.substrate = substrate
        self.metal = metal
    }
}

/// Limits for the lattice matcher.
public struct MatchingLimits: Sendable, Equatable {
    /// Largest interface area in Å².
    public var maxAreaA2: Double
    /// Largest principal strain of the film (metal) in percent: the matcher's search limit and
    /// the limit beyond which an explicit cell is refused unless `allow_large_strain`.
    public var maxStrainPercent: Double

    /// Creates matching limits.
    public init(maxAreaA2: Double, maxStrainPercent: Double) {
        self.maxAreaA2 = maxAreaA2
        self.maxStrainPercent = maxStrainPercent
    }
}

/// Interface geometry.
public struct Geometry: Sendable, Equatable {
    /// Distance between the facing atomic planes of metal and interlayer, in Å; nil (key
    /// `gap_a` left out): the species-aware start, where facing atoms sit a covalent-radius sum apart.
    public var gapA: Double?
    /// Vacuum thickness along c, in Å.
    public var vacuumA: Double

    /// Creates a geometry.
    public init(gapA: Double?, vacuumA: Double) {
        self.gapA = gapA
        self.vacuumA = vacuumA
    }
}

/// How σ of the metal is computed.
public enum SurfaceEnergyMethod: String, Sendable, Equatable, CaseIterable {
    /// A series of slabs: the slope of E(N) is the bulk energy, the intercept 2σA
    /// (Fiorentini & Methfessel, J. Phys.: Condens. Matter 8, 6525 (1996)).
    case fiorentiniMethfessel = "fiorentini-methfessel"
}

/// Where σ of the metal comes from: a slab series with these numbers of layers.
public struct SurfaceEnergySource: Sendable, Equatable {
    /// The method (the only one needs calculations of its own).
    public var method: SurfaceEnergyMethod
    /// Slab thicknesses (atomic planes) of the series, at least two different ones, none
    /// thinner than ``SurfaceEnergySeries/minimumLayers`` (5).
    public var layers: [Int]

    /// Creates a σ source.
    public init(method: SurfaceEnergyMethod = .fiorentiniMethfessel, layers: [Int]) {
        self.method = method
        self.layers = layers
    }
}
