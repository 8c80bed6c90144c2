import ArgumentParser
import Crystal
import Foundation
import Report

/// `adhere match`: Find lattice-matched film/substrate supercells (Zur–McGill).
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Find lattice-matched film/substrate supercells (Zur–McGill).",
        discussion: """
            Searches supercells of the primitive surface cells up to --max-area and ranks them by \
            physics: least largest |principal strain| first (strains within 0.1 percentage point \
            count as equal), then smaller area, then less von Mises strain; row 0 is the cell \
            `adhere interface` takes by default. Matrices are rows in terms of each primitive \
            surface cell. Strains are those put on the film (negative = compression): principal \
            strains ε1 ≤ ε2, areal strain (1+ε1)(1+ε2)−1 and the von Mises equivalent strain. \
            See docs/interfaces.md.
            """)

    @OptionGroup var arguments: MatchArguments

    @Option(help: "Print at most this many matches.")
    var limit: Int?

    @Flag(help: "Print JSON: an array of {filmMatrix, substrateMatrix, areaA2, vonMisesStrain, principalStrains, arealStrain, maxAbsPrincipalStrain, filmAtoms, substrateAtoms}.")
    var json = false

    func run() throws {
        let (matcher, _, _) = try arguments.makeMatcher()
        var all = matcher.rankedMatches()
        if let limit { all = Array(all.prefix(limit)) }
        if json {
            print(try JSONOutput.text(all.map(\.summary)), terminator: "")
            return
        }
        print(SurfaceArguments.header)
        for (i, m) in all.enumerated() { print(SurfaceArguments.row(i, m)) }
        if all.isEmpty { print("no match within \(arguments.maxAreaA2) Å² and \(arguments.maxStrain * 100) % strain: raise --max-area or --max-strain") }
    }
}

/// The film, substrate, planes and limits shared by `adhere match` and `adhere interface`.
struct MatchArguments: ParsableArguments {
    @Argument(help: "Film bulk structure (the softer metal, e.g. Li).")
    var film: String

    @Argument(help: "Substrate bulk structure.")
    var substrate: String

    @Option(parsing: .upToNextOption, help: "Film Miller index H K L.")
    var filmMiller: [String] = ["0", "0", "1"]

    @Option(parsing: .upToNextOption, help: "Substrate Miller index H K L.")
    var substrateMiller: [String] = ["0", "0", "1"]

    @Option(name: .customLong("max-area"), help: "Largest interface area searched, Å².")
    var maxAreaA2: Double = MatchLimits().maxAreaA2

    @Option(help: "Largest length mismatch of matched vectors (fraction).")
    var maxStrain: Double = MatchLimits().maxLengthStrain

    @Option(help: "Largest relative mismatch of the angle between the vectors (fraction).")
    var maxAngleStrain: Double = MatchLimits().maxAngleStrain

    @Option(help: "Film atomic planes (for the atom counts).")
    var filmLayers: Int = 7

    @Option(help: "Substrate atomic planes (for the atom counts; default: --substrate-thickness).")
    var substrateLayers: Int?

    @Option(name: .customLong("substrate-thickness"), help: "Minimum substrate thickness in Å (for the atom counts).")
    var substrateThicknessA: Double = 10

    func validate() throws {
        _ = try SurfaceArguments.miller(filmMiller, option: "--film-miller")
        _ = try SurfaceArguments.miller(substrateMiller, option: "--substrate-miller")
        try SurfaceArguments.checkMatchLimits(maxAreaA2: maxAreaA2, maxStrain: maxStrain, maxAngleStrain: maxAngleStrain)
        try SurfaceArguments.checkSlabSize(layers: filmLayers, thicknessA: substrateThicknessA, vacuumA: nil)
        if let substrateLayers { try SurfaceArguments.checkSlabSize(layers: substrateLayers, thicknessA: nil, vacuumA: nil) }
    }

    /// The matcher for the arguments, and the two slab builders.
    func makeMatcher() throws -> (LatticeMatcher, SlabBuilder, SlabBuilder) {
        let f = SlabBuilder(bulk: try SurfaceArguments.readStructure(film), miller: try SurfaceArguments.miller(filmMiller, option: "--film-miller"))
        let s = SlabBuilder(bulk: try SurfaceArguments.readStructure(substrate),
                            miller: try SurfaceArguments.miller(substrateMiller, option: "--substrate-miller"))
        let limits = MatchLimits(maxAreaA2: maxAreaA2, maxLengthStrain: maxStrain, maxAngleStrain: maxAngleStrain)
        let m = try LatticeMatcher(film: f, substrate: s, limits: limits, filmThickness: .layers(filmLayers),
                                   substrateThickness: substrateLayers.map { .layers($0) } ?? .minimumA(substrateThicknessA))
        return (m, f, s)
    }
}
