import Foundation

/// How to stack an interface.
public struct InterfaceOptions: Hashable, Sendable {
    /// Film thickness (Li: 7 atomic planes by default).
    public var filmThickness: SlabThickness
    /// Substrate thickness.
    public var substrateThickness: SlabThickness
    /// Film termination (index into the film builder's terminations).
    public var filmTermination: Int
    /// Substrate termination.
    public var substrateTermination: Int
    /// Distance along the normal from the substrate's top plane to the film's bottom plane, Å.
    public var gapA: Double
    /// Vacuum above the film (split evenly below the substrate and above the film), Å.
    public var vacuumA: Double
    /// In-plane shift of the film, as fractions of the interface cell vectors a and b.
    public var shiftFractional: Vector2
    /// Substrate planes fixed at the bottom (selective dynamics); 0 writes no flags.
    public var fixSubstrateBottomLayers: Int
    /// Closest approach allowed between two atoms, Å; closer is an error.
    public var minimumDistanceA: Double
    /// Use the best stoichiometric substrate slab at least `substrateThickness` thick (any
    /// termination, planes added as needed) instead of `substrateTermination`.
    public var stoichiometricSubstrate: Bool = false

    /// Creates options.
    public init(filmThickness: SlabThickness = .layers(7), substrateThickness: SlabThickness = .minimumA(10),
                filmTermination: Int = 0, substrateTermination: Int = 0, gapA: Double = 2.5, vacuumA: Double = 15,
                shiftFractional: Vector2 = Vector2(0, 0), fixSubstrateBottomLayers: Int = 0, minimumDistanceA: Double = 0.7) {
        self.filmThickness = filmThickness
        self.substrateThickness = substrateThickness
        self.filmTermination = filmTermination
        self.substrateTermination = substrateTermination
        self.gapA = gapA
        self.vacuumA = vacuumA
        self.shiftFractional = shiftFractional
        self.fixSubstrateBottomLayers = fixSubstrateBottomLayers
        self.minimumDistanceA = minimumDistanceA
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
    /// Warnings (large strain, polar slabs, thickness changes).
    public var warnings: [String]
}

/// Errors from building interfaces.
public enum InterfaceError: Error, Equatable, CustomStringConvertible {
    /// Two atoms closer than allowed.
    case atomsTooClose(distanceA: Double, minimumA: Double)
    /// A slab could not be cut.
    case slab(SlabError)
    /// A negative gap or vacuum.
    case badSpacing(String)

    public var description: String {
        switch self {
        case .atomsTooClose(let d, let m):
            return String(format: "two atoms of the interface are %.3f Å apart: expected at least %.2f Å (increase --gap or change --shift)", d, m)
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
        guard options.gapA >= 0 else { throw .badSpacing("gap \(options.gapA) Å: expected ≥ 0") }
        guard options.vacuumA >= 0 else { throw .badSpacing("vacuum \(options.vacuumA) Å: expected ≥ 0") }
        let sub: Slab, fil: Slab
        do {
            if options.stoichiometricSubstrate,
                let s = try substrate.stoichiometricSlab(thickness: options.substrateThickness, vacuumA: 10, supercell: match.substrateMatrix,
                                                         fixBottomLayers: options.fixSubstrateBottomLayers)
            {
                sub = s
            } else {
                sub = try substrate.slab(thickness: options.substrateThickness, vacuumA: 10, termination: options.substrateTermination,
                                         supercell: match.substrateMatrix, fixBottomLayers: options.fixSubstrateBottomLayers)
            }
            fil = try film.slab(thickness: options.filmThickness, vacuumA: 10, termination: options.filmTermination,
                                supercell: match.filmMatrix)
        } catch { throw .slab(error) }
        let cz = sub.thicknessA + options.gapA + fil.thicknessA + options.vacuumA
        let la = sub.structure.lattice.a, lb = sub.structure.lattice.b
        let lattice = Lattice(matrix: Matrix3(rows: [la, lb, Vector3(0, 0, cz)]))
        let flags = sub.structure.hasSelectiveDynamics
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
        let subSites = place(sub, offsetA: options.vacuumA / 2, shift: Vector2(0, 0))
        let filmSites = place(fil, offsetA: options.vacuumA / 2 + sub.thicknessA + options.gapA, shift: options.shiftFractional)
        let name = "\(fil.structure.reducedFormula.formula)\(fil.miller)|\(sub.structure.reducedFormula.formula)\(sub.miller)"
        let interface = Structure(lattice: lattice, sites: subSites + filmSites, comment: "\(name) interface film \(match.filmMatrix) substrate \(match.substrateMatrix)")
        let filmOnly = Structure(lattice: lattice, sites: filmSites, comment: "\(name) film reference")
        let substrateOnly = Structure(lattice: lattice, sites: subSites, comment: "\(name) substrate reference")
        let dmin = InterfaceBuilder.minimumDistanceA(interface)
        guard dmin >= options.minimumDistanceA else { throw .atomsTooClose(distanceA: dmin, minimumA: options.minimumDistanceA) }
        var warnings = sub.warnings.map { "substrate: \($0)" } + fil.warnings.map { "film: \($0)" }
        if match.maxAbsStrain > 0.05 {
            warnings.append(String(format: "film strain up to %.1f %% (principal %@): above 5 %%, the match is not coherent",
                                   match.maxAbsStrain * 100, match.principalStrains.map { String(format: "%+.2f %%", $0 * 100) }.joined(separator: ", ")))
        }
        return InterfaceSet(interface: interface, film: filmOnly, substrate: substrateOnly, match: match, areaA2: match.areaA2,
                            filmLayers: fil.layerCount, substrateLayers: sub.layerCount, minimumDistanceA: dmin, warnings: warnings)
    }

    /// The shortest distance between two atoms over periodic images, Å (cells with a, b in the
    /// plane and c along z: only in-plane images are needed once the vacuum exceeds the bonds).
    static func minimumDistanceA(_ s: Structure) -> Double {
        let cart = s.cartesianPositionsA
        let lat = s.lattice
        let reach = { (v: Vector3) in max(1, Int((4.0 / max(length(v), 0.1)).rounded(.up))) }
        let (na, nb) = (reach(lat.a), reach(lat.b))
        var images: [Vector3] = []
        for i in -na...na { for j in -nb...nb { for k in -1...1 {
            images.append(Double(i) * lat.a + Double(j) * lat.b + Double(k) * lat.c)
        } } }
        var best = Double.infinity
        for i in 0..<cart.count {
            for j in i..<cart.count {
                let d0 = cart[j] - cart[i]
                for t in images {
                    if i == j && t == Vector3(0, 0, 0) { continue }
                    let d = d0 + t
                    let r2 = dot(d, d)
                    if r2 < best { best = r2 }
                }
            }
        }
        return best.squareRoot()
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
