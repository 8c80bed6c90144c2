import ArgumentParser
import Crystal
import Foundation
import Workflow

/// `adhere interface`: Build an interface and its two reference slabs.
struct InterfaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interface",
        abstract: "Build an interface and its two reference slabs.",
        discussion: """
            Writes DIR/interface/POSCAR, DIR/film/POSCAR and DIR/substrate/POSCAR: the film strained \
            onto the substrate lattice, and each part alone in the same cell with its atoms at the \
            same positions and the same fixed atoms. Without --match or supercells, takes the \
            lowest-strain cell within --max-area (row 0 of `adhere match`); explicit supercells \
            count conventional surface cells (as papers write 4×4/3×3) unless --primitive-cells. \
            A cell whose largest principal strain exceeds --strain-limit is refused (naming a \
            better cell) unless --allow-large-strain. Terminations are neutral, stoichiometric and \
            non-polar by default (see `adhere slab --terminations`). The gap starts where facing \
            atoms are a covalent-radius sum apart unless --gap is given. See docs/interfaces.md.
            """)

    @OptionGroup var matchOptions: MatchArguments

    @Option(help: "Row of `adhere match`'s ranked list (default 0: the lowest-strain cell).")
    var match: Int?

    @Option(parsing: .upToNextOption, help: "Film supercell: N1 N2 or A B C D.")
    var filmSupercell: [String] = []

    @Option(parsing: .upToNextOption, help: "Substrate supercell: N1 N2 or A B C D.")
    var substrateSupercell: [String] = []

    @Flag(help: "Read explicit supercells in primitive surface cells (as `adhere match` prints them).")
    var primitiveCells = false

    @Option(help: "Largest principal film strain accepted (fraction).")
    var strainLimit: Double = InterfaceOptions().strainLimit

    @Flag(help: "Build a cell beyond --strain-limit anyway (with a warning).")
    var allowLargeStrain = false

    @Option(name: .customLong("gap"), help: "Distance from the substrate's top plane to the film's bottom plane, Å (default: from covalent radii).")
    var gapA: Double?

    @Option(name: .customLong("vacuum"), help: "Vacuum, Å.")
    var vacuumA: Double = InterfaceOptions().vacuumA

    @Option(parsing: .upToNextOption, help: "In-plane shift of the film as fractions of a and b: U V.")
    var shift: [Double] = []

    @Option(help: "Film termination row (`adhere slab --terminations`); default automatic.")
    var filmTermination: Int?

    @Option(help: "Substrate termination row (`adhere slab --terminations`); default automatic (never charged).")
    var substrateTermination: Int?

    @Option(name: .customLong("fix-substrate"), help: "Fix the substrate's bulk-like bottom: Å (4) or fraction (40%).")
    var fixSubstrate: String?

    @Option(name: .customLong("fix-film"), help: "Fix the film's outer top: Å (4) or fraction (40%).")
    var fixFilm: String?

    @Option(name: .customLong("min-distance-fraction"), help: "Closest approach allowed, as a fraction of the sum of covalent radii.")
    var minimumDistanceFraction: Double = InterfaceOptions().minimumDistanceFraction

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String

    func validate() throws {
        let explicit = !filmSupercell.isEmpty || !substrateSupercell.isEmpty
        if explicit && match != nil { throw ValidationError("give either --match or --film-supercell/--substrate-supercell, not both") }
        if explicit && (filmSupercell.isEmpty || substrateSupercell.isEmpty) {
            throw ValidationError("give both --film-supercell and --substrate-supercell")
        }
        if !shift.isEmpty && shift.count != 2 { throw ValidationError("--shift takes two fractions U V") }
        if !(strainLimit.isFinite && strainLimit > 0 && strainLimit <= 1) {
            throw ValidationError("--strain-limit \(strainLimit): expected a fraction in (0, 1], e.g. 0.05")
        }
        try SurfaceArguments.checkSlabSize(layers: matchOptions.filmLayers, thicknessA: nil, vacuumA: vacuumA)
        if let gapA, !(gapA.isFinite && gapA > 0 && gapA <= StudyLimits.gapA.upperBound) { throw ValidationError("--gap: expected 0…10 Å, got \(gapA)") }
        if !filmSupercell.isEmpty {
            _ = try SurfaceArguments.supercell(filmSupercell, option: "--film-supercell")
            _ = try SurfaceArguments.supercell(substrateSupercell, option: "--substrate-supercell")
        }
        _ = try SurfaceArguments.fixedRegion(bottom: fixSubstrate, top: nil)
        _ = try SurfaceArguments.fixedRegion(bottom: nil, top: fixFilm)
        if !(minimumDistanceFraction.isFinite && minimumDistanceFraction >= 0 && minimumDistanceFraction < 2) {
            throw ValidationError("--min-distance-fraction: expected 0…2, got \(minimumDistanceFraction)")
        }
    }

    func run() throws {
        let (matcher, film, substrate) = try matchOptions.makeMatcher()
        let chosen: LatticeMatch
        var notes: [String] = []
        if !filmSupercell.isEmpty {
            let fm = try SurfaceArguments.supercell(filmSupercell, option: "--film-supercell")
            let sm = try SurfaceArguments.supercell(substrateSupercell, option: "--substrate-supercell")
            let eval = try matcher.evaluate(filmMatrix: fm, substrateMatrix: sm, conventional: !primitiveCells, plausibleStrain: strainLimit)
            chosen = eval.match
            if !eval.isPlausible && !allowLargeStrain {
                let pct = chosen.principalStrains.map { String(format: "%+.1f %%", $0 * 100) }.joined(separator: ", ")
                let better = eval.alternatives.first.map { ": a better cell is \($0.shortDescription) (--match 0)" } ?? ""
                throw CommandFailure("film \(fm) on substrate \(sm) strains the film by \(pct) (principal strains), beyond the \(String(format: "%g", strainLimit * 100)) % limit\(better); --allow-large-strain builds it anyway")
            }
            notes = eval.warnings.map { "warning: \($0)" }
            if !eval.alternatives.isEmpty {
                notes.append("sound alternatives (primitive surface cells; use --match INDEX or --primitive-cells):")
                notes.append(SurfaceArguments.header)
                notes += eval.alternatives.enumerated().map { SurfaceArguments.row($0.offset, $0.element) }
            }
        } else {
            let all = matcher.rankedMatches()
            let index = match ?? 0
            guard all.indices.contains(index) else { throw MatchError.noSuchMatch(index: index, count: all.count) }
            chosen = all[index]
        }
        let options = InterfaceOptions(
            filmThickness: .layers(matchOptions.filmLayers),
            substrateThickness: matchOptions.substrateLayers.map { .layers($0) } ?? .minimumA(matchOptions.substrateThicknessA),
            filmTermination: filmTermination.map { .row($0) } ?? .automatic,
            substrateTermination: substrateTermination.map { .row($0) } ?? .automatic, gapA: gapA, vacuumA: vacuumA,
            shiftFractional: shift.count == 2 ? Vector2(shift[0], shift[1]) : Vector2(0, 0),
            substrateFixed: try SurfaceArguments.fixedRegion(bottom: fixSubstrate, top: nil),
            filmFixed: try SurfaceArguments.fixedRegion(bottom: nil, top: fixFilm),
            minimumDistanceFraction: minimumDistanceFraction, strainLimit: strainLimit, allowLargeStrain: allowLargeStrain)
        let set = try InterfaceBuilder(film: film, substrate: substrate, match: chosen, options: options).build()
        for (name, s) in [("interface", set.interface), ("film", set.film), ("substrate", set.substrate)] {
            let dir = (output as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try POSCAR.write(s, to: (dir as NSString).appendingPathComponent("POSCAR"))
        }
        print(SurfaceArguments.header)
        print(SurfaceArguments.row(match ?? 0, chosen))
        print(String(format: "interface: %d atoms (film %d in %d planes, substrate %d in %d planes), area %.3f Å²",
                     set.interface.count, set.film.count, set.filmLayers, set.substrate.count, set.substrateLayers, set.areaA2))
        print(String(format: "gap %.3f Å (%@); closest pair %@ %.3f Å = %.2f × covalent-radius sum", set.construction.startingSeparationA, set.construction.separationSource,
                     set.closestPair.pair, set.closestPair.distanceA, set.closestPair.fraction))
        for (what, t) in [("substrate", set.construction.substrateTermination), ("film", set.construction.filmTermination)] {
            print(String(format: "%@ termination: row %d, %@, charge %+.2f e, dipole %.4f e·Å/Å²%@%@", what, t.row, t.formula, t.netChargeE ?? 0,
                         t.dipolePerAreaEPerA ?? 0, t.isSymmetric ? ", symmetric" : "", t.isIdeal ? "" : " (not ideal: see warnings)"))
        }
        let c = set.construction
        print("fixed atoms: substrate \(c.substrateFixedAtoms) (\(c.substrateFixedRegion)), film \(c.filmFixedAtoms) (\(c.filmFixedRegion))")
        for w in set.warnings { print("warning: \(w)") }
        for n in notes { print(n) }
        print("wrote \(output)/interface/POSCAR, \(output)/film/POSCAR, \(output)/substrate/POSCAR")
    }
}
