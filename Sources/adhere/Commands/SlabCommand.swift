import ArgumentParser
import Crystal
import Foundation

/// `adhere slab`: Cut a slab from a bulk structure.
struct SlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slab",
        abstract: "Cut a slab from a bulk structure.",
        discussion: """
            Without --termination, takes a neutral, stoichiometric and non-polar termination \
            (symmetric or without dipole); when none exists at the thickness asked, says so and \
            takes the neutral stoichiometric one of least |dipole|. A charged slab is written only \
            when its row is named. --terminations prints every candidate (composition, net formal \
            charge, dipole per area, symmetry, Tasker type, broken bonds). Layers are atomic \
            planes; a cut never splits a molecular ion (CO3, SO3CF3). See docs/interfaces.md.
            """)

    @Argument(help: "Bulk structure (POSCAR/CONTCAR/*.vasp or *.cif).")
    var bulk: String

    @Option(parsing: .upToNextOption, help: "Miller index H K L of the surface (negative: --miller=1,-1,0).")
    var miller: [String]

    @Option(help: "Number of atomic planes.")
    var layers: Int = 7

    @Option(name: .customLong("thickness"), help: "Minimum thickness in Å instead of --layers.")
    var thicknessA: Double?

    @Option(name: .customLong("vacuum"), help: "Vacuum in Å.")
    var vacuumA: Double = 15

    @Option(help: "Row of the --terminations table to take instead of the automatic choice (may be charged or polar).")
    var termination: Int?

    @Flag(help: "Print every termination candidate and which one is taken.")
    var terminations = false

    @Flag(help: "With --terminations: print JSON.")
    var json = false

    @Option(parsing: .upToNextOption, help: "In-plane supercell of the primitive surface cell: N1 N2 or A B C D.")
    var supercell: [String] = []

    @Option(name: .customLong("fix-bottom"), help: "Fix the bottom of the slab: a thickness in Å (4) or a fraction (40%).")
    var fixBottom: String?

    @Option(name: .customLong("fix-top"), help: "Fix the top of the slab: a thickness in Å (4) or a fraction (40%).")
    var fixTop: String?

    @Option(name: .shortAndLong, help: "Write the slab as a POSCAR to this file.")
    var output: String?

    func validate() throws {
        _ = try SurfaceArguments.miller(miller, option: "--miller")
        if !supercell.isEmpty { _ = try SurfaceArguments.supercell(supercell, option: "--supercell") }
        try SurfaceArguments.checkSlabSize(layers: layers, thicknessA: thicknessA, vacuumA: vacuumA)
        _ = try SurfaceArguments.fixedRegion(bottom: fixBottom, top: fixTop)
        if fixBottom != nil && fixTop != nil { throw ValidationError("give --fix-bottom or --fix-top, not both") }
        if json && !terminations { throw ValidationError("--json goes with --terminations") }
    }

    /// The `--terminations --json` document.
    struct TerminationTable: Codable {
        let material: String
        let miller: [Int]
        let requestedThickness: String
        let candidates: [TerminationCandidate]
        let chosenRow: Int?
        let notes: [String]
    }

    func run() throws {
        let structure = try SurfaceArguments.readStructure(bulk)
        let m = try SurfaceArguments.miller(miller, option: "--miller")
        let cell = supercell.isEmpty ? IntMatrix2.identity : try SurfaceArguments.supercell(supercell, option: "--supercell")
        let fixed = try SurfaceArguments.fixedRegion(bottom: fixBottom, top: fixTop)
        let thickness = SurfaceArguments.thickness(layers: layers, minimumA: thicknessA)
        let builder = SlabBuilder(bulk: structure, miller: m)
        let selection: TerminationSelection = termination.map { .row($0) } ?? .automatic
        let candidates = try builder.terminationCandidates(thickness: thickness)
        let result: (slab: Slab, choice: TerminationChoice)?
        var failure: Error?
        do { result = try builder.slab(thickness: thickness, vacuumA: vacuumA, selection: selection, supercell: cell, fixed: fixed) } catch {
            result = nil
            failure = error
        }
        if terminations && json {
            let table = TerminationTable(material: structure.reducedFormula.formula, miller: m.components,
                                         requestedThickness: thicknessA.map { String(format: "%g Å", $0) } ?? "\(layers) planes",
                                         candidates: candidates, chosenRow: result?.choice.candidate.row, notes: result?.choice.notes ?? [])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(table), as: UTF8.self))
        } else {
            let c = builder.surface.cell
            print(String(format: "surface %@ of %@: primitive surface cell %.4f × %.4f Å, γ = %.2f°, %.3f Å², stacking repeat %.4f Å",
                         m.description, structure.reducedFormula.formula, c.lengthAA, c.lengthBA, c.gammaDeg, c.areaA2, builder.surface.repeatA))
            print("conventional surface cell = \(builder.surface.conventionalMatrix) primitive cells")
            if terminations {
                print(SurfaceArguments.terminationHeader)
                for t in candidates { print(SurfaceArguments.terminationRow(t, chosen: t.row == result?.choice.candidate.row)) }
            }
        }
        if let failure { throw failure }
        guard let (slab, choice) = result else { throw ExitCode.failure }
        let toStderr = terminations && json
        func log(_ line: String) { if toStderr { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) } }
        let t = choice.candidate
        log(String(format: "taken: row %d (%@), bottom %@, top %@, %d planes, %.3f Å, %d atoms (%@), charge %+.2f e, dipole %.4f e·Å/Å²%@",
                               t.row, selection.description, t.bottomFormula, t.topFormula, slab.layerCount, slab.thicknessA, slab.count,
                               slab.structure.formula, t.netChargeE ?? 0, t.dipolePerAreaEPerA ?? 0, t.isSymmetric ? ", symmetric" : ""))
        for w in slab.warnings { log("warning: \(w)") }
        if let output {
            try POSCAR.write(slab.structure, to: output)
            let fixedCount = slab.structure.sites.filter { $0.selectiveDynamics == [false, false, false] }.count
            log("wrote \(output): row \(t.row), \(slab.layerCount) planes, \(slab.count) atoms (\(fixedCount) fixed: \(fixed)), vacuum \(vacuumA) Å")
        }
    }
}
