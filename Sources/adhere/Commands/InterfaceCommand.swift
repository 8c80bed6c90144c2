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
            same positions. Pick a cell from `adhere match` (--match) or give both supercells; \
            explicit supercells count conventional surface cells (as papers write 4×4/3×3) unless \
            --primitive-cells. Cells above 5 % strain are built with a warning and the sound \
            alternatives are listed.
            """)

    @OptionGroup var matchOptions: MatchArguments

    @Option(help: "Index of the match in `adhere match`'s list.")
    var match: Int?

    @Option(parsing: .upToNextOption, help: "Film supercell: N1 N2 or A B C D.")
    var filmSupercell: [String] = []

    @Option(parsing: .upToNextOption, help: "Substrate supercell: N1 N2 or A B C D.")
    var substrateSupercell: [String] = []

    @Flag(help: "Read explicit supercells in primitive surface cells (as `adhere match` prints them).")
    var primitiveCells = false

    @Option(name: .customLong("gap"), help: "Distance from the substrate's top plane to the film's bottom plane, Å.")
    var gapA: Double = 2.5

    @Option(name: .customLong("vacuum"), help: "Vacuum, Å.")
    var vacuumA: Double = 15

    @Option(parsing: .upToNextOption, help: "In-plane shift of the film as fractions of a and b: U V.")
    var shift: [Double] = []

    @Option(help: "Film termination index.")
    var filmTermination: Int = 0

    @Option(help: "Substrate termination index.")
    var substrateTermination: Int = 0

    @Flag(help: "Use the best stoichiometric substrate slab (any termination) instead of --substrate-termination.")
    var stoichiometricSubstrate = false

    @Option(help: "Fix the bottom N substrate planes (selective dynamics).")
    var fix: Int = 0

    @Option(name: .customLong("min-distance"), help: "Smallest interatomic distance allowed, Å.")
    var minimumDistanceA: Double = 0.7

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String

    func validate() throws {
        let explicit = !filmSupercell.isEmpty || !substrateSupercell.isEmpty
        if explicit && match != nil { throw ValidationError("give either --match or --film-supercell/--substrate-supercell, not both") }
        if explicit && (filmSupercell.isEmpty || substrateSupercell.isEmpty) {
            throw ValidationError("give both --film-supercell and --substrate-supercell")
        }
        if !shift.isEmpty && shift.count != 2 { throw ValidationError("--shift takes two fractions U V") }
        try SurfaceArguments.checkSlabSize(layers: matchOptions.filmLayers, thicknessA: nil, vacuumA: vacuumA)
        if !(gapA.isFinite && gapA > 0 && gapA <= StudyLimits.gapA.upperBound) { throw ValidationError("--gap: expected 0…10 Å, got \(gapA)") }
        if !filmSupercell.isEmpty {
            _ = try SurfaceArguments.supercell(filmSupercell, option: "--film-supercell")
            _ = try SurfaceArguments.supercell(substrateSupercell, option: "--substrate-supercell")
        }
    }

    func run() throws {
        let (matcher, film, substrate) = try matchOptions.makeMatcher()
        let chosen: LatticeMatch
        var notes: [String] = []
        if !filmSupercell.isEmpty {
            let fm = try SurfaceArguments.supercell(filmSupercell, option: "--film-supercell")
            let sm = try SurfaceArguments.supercell(substrateSupercell, option: "--substrate-supercell")
            let eval = try matcher.evaluate(filmMatrix: fm, substrateMatrix: sm, conventional: !primitiveCells)
            chosen = eval.match
            notes = eval.warnings.map { "warning: \($0)" }
            if !eval.alternatives.isEmpty {
                notes.append("sound alternatives (primitive surface cells; use --match INDEX or --primitive-cells):")
                notes.append(SurfaceArguments.header)
                notes += eval.alternatives.enumerated().map { SurfaceArguments.row($0.offset, $0.element) }
            }
        } else {
            let all = matcher.matches()
            let index = match ?? 0
            guard all.indices.contains(index) else { throw MatchError.noSuchMatch(index: index, count: all.count) }
            chosen = all[index]
        }
        let options0 = InterfaceOptions(
            filmThickness: .layers(matchOptions.filmLayers),
            substrateThickness: matchOptions.substrateLayers.map { .layers($0) } ?? .minimumA(matchOptions.substrateThicknessA),
            filmTermination: filmTermination, substrateTermination: substrateTermination, gapA: gapA, vacuumA: vacuumA,
            shiftFractional: shift.count == 2 ? Vector2(shift[0], shift[1]) : Vector2(0, 0),
            fixSubstrateBottomLayers: fix, minimumDistanceA: minimumDistanceA)
        var options = options0
        options.stoichiometricSubstrate = stoichiometricSubstrate
        let set = try InterfaceBuilder(film: film, substrate: substrate, match: chosen, options: options).build()
        for (name, s) in [("interface", set.interface), ("film", set.film), ("substrate", set.substrate)] {
            let dir = (output as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try POSCAR.write(s, to: (dir as NSString).appendingPathComponent("POSCAR"))
        }
        print(SurfaceArguments.header)
        print(SurfaceArguments.row(match ?? 0, chosen))
        print(String(format: "interface: %d atoms (film %d in %d planes, substrate %d in %d planes), area %.3f Å², min distance %.3f Å",
                     set.interface.count, set.film.count, set.filmLayers, set.substrate.count, set.substrateLayers, set.areaA2, set.minimumDistanceA))
        for w in set.warnings { print("warning: \(w)") }
        for n in notes { print(n) }
        print("wrote \(output)/interface/POSCAR, \(output)/film/POSCAR, \(output)/substrate/POSCAR")
    }
}
