import Foundation

/// How to stack an interface.
public struct InterfaceOptions: Hashable, Sendable {
    /// Film thickness (Li: 7 atomic planes by default).
    public var filmThickness: SlabThickness
    /// Substrate thickness.
    public var substrateThickness: SlabThickness
    /// Film termination (automatic: neutral, stoichiometric, non-polar; see ``TerminationSelection``).
    public var filmTermination: TerminationSelection
    /// Substrate termination.
    public var substrateTermination: TerminationSelection
    /// Distance along the normal from the substrate's top plane to the film's bottom plane, Å;
    /// nil: the species-aware starting separation (``Separation``).
    public var gapA: Double?
    /// Vacuum above the film (split evenly below the substrate and above the film), Å.
    public var vacuumA: Double
    /// In-plane shift of the film, as fractions of the interface cell vectors a and b.
    public var shiftFractional: Vector2
    /// Substrate atoms held fixed (its bulk-like bottom side), the same in the interface and
    /// the substrate reference.
    public var substrateFixed: FixedRegion
    /// Film atoms held fixed (its outer top side), the same in the interface and the film reference.
    public var filmFixed: FixedRegion
    /// Closest approach allowed between two atoms, as a fraction of the sum of their covalent
    /// radii (Cordero et al. 2008); closer is an error.
    public var minimumDistanceFraction: Double
    /// Largest principal strain of the film accepted (fraction); beyond it the build is refused
    /// unless `allowLargeStrain`.
    public var strainLimit: Double
    /// Build even when the film strain exceeds `strainLimit` (with a warning).
    public var allowLargeStrain: Bool

    /// Creates options.
    public init(filmThickness: SlabThickness = .layers(7), substrateThickness: SlabThickness = .minimumA(10),
                filmTermination: TerminationSelection = .automatic, substrateTermination: TerminationSelection = .automatic,
                gapA: Double? = nil, vacuumA: Double = 15, shiftFractional: Vector2 = Vector2(0, 0),
                substrateFixed: FixedRegion = .none, filmFixed: FixedRegion = .none, minimumDistanceFraction: Double = 0.75,
                strainLimit: Double = 0.05, allowLargeStrain: Bool = false) {
        self.filmThickness = filmThickness
        self.substrateThickness = substrateThickness
        self.filmTermination = filmTermination
        self.substrateTermination = substrateTermination
        self.gapA = gapA
        self.vacuumA = vacuumA
        self.shiftFractional = shiftFractional
        self.substrateFixed = substrateFixed
        self.filmFixed = filmFixed
        self.minimumDistanceFraction = minimumDistanceFraction
        self.strainLimit = strainLimit
        self.allowLargeStrain = allowLargeStrain
    }
}

/// An interface and its two reference cells. All three share one lattice, and every atom of
/// `film` and `substrate` sits at exactly the position it has in `interface`, so that
/// W_ad = (E_film + E_substrate − E_interface) / areaA2 compares like with like.
public struct InterfaceSet: Sendable {
    /// Substrate below, strained film above, vacuum on top.
    public var interface: Structure
    /// The film atoms alone, in the interface's lattice.
    public var film: Structure
    /// The substrate atoms alone, in the interface's lattice.
    public var substrate: Structure
    /// The lattice match used.
    public var match: LatticeMatch
    /// Interface area, Å².
    public var areaA2: Double
    /// Atomic planes in the film and in the substrate.
    public var filmLayers: Int, substrateLayers: Int
    /// Shortest interatomic distance in the interface, Å.
    public var minimumDistanceA: Double
    /// The closest pair relative to its covalent-radius sum: (distance, species pair, fraction).
    public var closestPair: CloseContact
    /// How it was built: terminations, the film's strains, the starting separation (gap) and its
    /// source, the fixed regions and their atom counts (no bulk lattices: the study adds them).
    public var construction: InterfaceConstruction
    /// Warnings (large strain, polar slabs, thickness changes).
    public var warnings: [String]
}

/// Errors from building interfaces.
public enum InterfaceError: Error, Equatable, CustomStringConvertible {
    /// Two atoms closer than allowed.
    case atomsTooClose(CloseContact, minimumFraction: Double)
    /// The film strain exceeds the limit (and was not allowed).
    case strainBeyondLimit(principalStrains: [Double], limit: Double, better: String?)
    /// A slab could not be cut.
    case slab(SlabError)
    /// A negative gap or vacuum.
    case badSpacing(String)

    public var description: String {
        switch self {
        case .atomsTooClose(let c, let f):
            return String(format: "%@ atoms of the interface are %.3f Å apart (%.2f of their covalent-radius sum %.2f Å): expected at least %.2f of it (increase --gap or change --shift)",
                          c.pair, c.distanceA, c.fraction, c.radiusSumA, f)
        case .strainBeyondLimit(let e, let limit, let better):
            let pct = e.map { String(format: "%+.1f %%", $0 * 100) }.joined(separator: ", ")
            return "the film would be strained by \(pct) (principal strains), beyond the \(String(format: "%g", limit * 100)) % limit"
                + (better.map { ": a better cell is \($0)" } ?? "") + " (allow it explicitly to build anyway)"
        case .slab(let e): return e.description
        case .badSpacing(let why): return "\(why)"
        }
    }
}

/// Builds an interface from a lattice match: the film slab strained onto the substrate lattice.
///
/// ```swift
/// let li = SlabBuilder(bulk: liBulk, miller: MillerIndex(0, 0, 1)!)
/// let lif = SlabBuilder(bulk: lifBulk, miller: MillerIndex(0, 0, 1)!)
/// let match = try LatticeMatcher(film: li, substrate: lif).matches()[0]
/// let set = try InterfaceBuilder(film: li, substrate: lif, match: match).build()
/// ```
public struct InterfaceBuilder: Sendable {
    /// The film's slab builder.
    public var film: SlabBuilder
    /// The substrate's slab builder.
    public var substrate: SlabBuilder
    /// The supercells (from ``LatticeMatcher``).
    public var match: LatticeMatch
    /// Stacking options.
    public var options: InterfaceOptions

    /// Creates a builder.
    public init(film: SlabBuilder, substrate: SlabBuilder, match: LatticeMatch, options: InterfaceOptions = InterfaceOptions()) {
        self.film = film
        self.substrate = substrate
        self.match = match
        self.options = options
    }

    /// Builds the interface and its film-only and substrate-only reference cells.
    public func build() throws(InterfaceError) -> InterfaceSet {
        if let g = options.gapA, !(g >= 0) { throw .badSpacing("gap \(g) Å: expected ≥ 0") }
        guard options.vacuumA >= 0 else { throw .badSpacing("vacuum \(options.vacuumA) Å: expected ≥ 0") }
        var warnings: [String] = []
        if match.maxAbsStrain > options.strainLimit + 1e-12 {
            guard options.allowLargeStrain else {
                // Name a better cell no larger than twice this one (at least 120 Å²).
                let better = try? LatticeMatcher(film: film, substrate: substrate,
                                                 limits: MatchLimits(maxAreaA2: max(2 * match.areaA2, 120))).preferredMatch()
                throw .strainBeyondLimit(principalStrains: match.principalStrains, limit: options.strainLimit,
                                         better: better.flatMap { $0.maxAbsStrain <= options.strainLimit ? $0.shortDescription : nil })
            }
            warnings.append(String(format: "film strain up to %.1f %% (principal %@): beyond the %g %% limit, allowed explicitly; the match is not coherent",
                                   match.maxAbsStrain * 100, match.principalStrains.map { String(format: "%+.2f %%", $0 * 100) }.joined(separator: ", "),
                                   options.strainLimit * 100))
        }
        let sub: (slab: Slab, choice: TerminationChoice), fil: (slab: Slab, choice: TerminationChoice)
        do {
            sub = try substrate.slab(thickness: options.substrateThickness, vacuumA: 10, selection: options.substrateTermination,
                                     supercell: match.substrateMatrix, fixed: options.substrateFixed)
            fil = try film.slab(thickness: options.filmThickness, vacuumA: 10, selection: options.filmTermination,
                                supercell: match.filmMatrix, fixed: options.filmFixed)
        } catch { throw .slab(error) }
        let gapA: Double, gapSource: String
        if let g = options.gapA {
            (gapA, gapSource) = (g, "given")
        } else {
            gapA = Separation.startingGapA(substrate: sub.slab.structure, film: fil.slab.structure, shiftFractional: options.shiftFractional)
            gapSource = "species-aware (covalent radii)"
        }
        let cz = sub.slab.thicknessA + gapA + fil.slab.thicknessA + options.vacuumA
        let la = sub.slab.structure.lattice.a, lb = sub.slab.structure.lattice.b
        let lattice = Lattice(matrix: Matrix3(rows: [la, lb, Vector3(0, 0, cz)]))
        let flags = sub.slab.structure.hasSelectiveDynamics || fil.slab.structure.hasSelectiveDynamics
        func place(_ slab: Slab, offsetA: Double, shift: Vector2) -> [Site] {
            let bottom = slab.vacuumA / 2
            return slab.structure.sites.map { s in
                var site = s
                let zA = s.fractional.z * slab.structure.lattice.c.z - bottom + offsetA
                site.fractional = Structure.wrap(Vector3(s.fractional.x + shift.x, s.fractional.y + shift.y, 0))
                site.fractional.z = zA / cz
                if flags && site.selectiveDynamics == nil { site.selectiveDynamics = [true, true, true] }
                return site
            }
        }
        let subSites = place(sub.slab, offsetA: options.vacuumA / 2, shift: Vector2(0, 0))
        let filmSites = place(fil.slab, offsetA: options.vacuumA / 2 + sub.slab.thicknessA + gapA, shift: options.shiftFractional)
        let name = "\(fil.slab.structure.reducedFormula.formula)\(fil.slab.miller)|\(sub.slab.structure.reducedFormula.formula)\(sub.slab.miller)"
        let interface = Structure(lattice: lattice, sites: subSites + filmSites, comment: "\(name) interface film \(match.filmMatrix) substrate \(match.substrateMatrix)")
        let filmOnly = Structure(lattice: lattice, sites: filmSites, comment: "\(name) film reference")
        let substrateOnly = Structure(lattice: lattice, sites: subSites, comment: "\(name) substrate reference")
        let closest = Separation.closestContact(interface)
        let dmin = closest.distanceA
        guard closest.fraction >= options.minimumDistanceFraction - 1e-12 else {
            throw .atomsTooClose(closest, minimumFraction: options.minimumDistanceFraction)
        }
        warnings += sub.slab.warnings.map { "substrate: \($0)" } + fil.slab.warnings.map { "film: \($0)" }
        let fixedCount = { (sites: [Site]) in sites.filter { $0.selectiveDynamics == [false, false, false] }.count }
        let construction = InterfaceConstruction(
            substrateTermination: sub.choice.candidate, filmTermination: fil.choice.candidate,
            substrateSelection: options.substrateTermination.description,
            terminationNotes: sub.choice.notes.map { "substrate: \($0)" } + fil.choice.notes.map { "film: \($0)" },
            principalStrains: match.principalStrains, arealStrain: match.arealStrain, vonMisesStrain: match.vonMisesStrain,
            startingSeparationA: gapA, separationSource: gapSource,
            substrateFixedRegion: options.substrateFixed.description, filmFixedRegion: options.filmFixed.description,
            substrateFixedAtoms: fixedCount(subSites), filmFixedAtoms: fixedCount(filmSites))
        return InterfaceSet(interface: interface, film: filmOnly, substrate: substrateOnly, match: match, areaA2: match.areaA2,
                            filmLayers: fil.slab.layerCount, substrateLayers: sub.slab.layerCount, minimumDistanceA: dmin,
                            closestPair: closest, construction: construction, warnings: warnings)
    }
}

extension LatticeMatcher {
    /// A matcher for two slab builders, counting atoms for slabs of the given thicknesses.
    public init(film: SlabBuilder, substrate: SlabBuilder, limits: MatchLimits = MatchLimits(),
                filmThickness: SlabThickness = .layers(7), substrateThickness: SlabThickness = .minimumA(10))
        throws(SlabError)
    {
        self.init(film: try film.matchSurface(thickness: filmThickness), substrate: try substrate.matchSurface(thickness: substrateThickness),
                  limits: limits)
    }
}
