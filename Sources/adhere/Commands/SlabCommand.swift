import ArgumentParser
import Crystal
import Foundation

/// `adhere slab`: Cut a slab from a bulk structure.
struct SlabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slab",
        abstract: "Cut a slab from a bulk structure.",
        discussion: """
            Lists every distinct termination (stoichiometric, symmetric, polar marked) and writes \
            the chosen one as a POSCAR. Layers are atomic planes; a cut never splits a molecular \
            ion (CO3, SO3CF3), so a slab may get more planes than asked. See docs/interfaces.md.
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

    @Option(help: "Termination index (see the list printed).")
    var termination: Int = 0

    @Option(parsing: .upToNextOption, help: "In-plane supercell of the primitive surface cell: N1 N2 or A B C D.")
    var supercell: [String] = []

    @Option(help: "Fix the bottom N atomic planes (selective dynamics).")
    var fix: Int = 0

    @Flag(help: "Write the best stoichiometric slab (any termination, planes added as needed) instead of --termination.")
    var stoichiometric = false

    @Option(name: .shortAndLong, help: "Write the slab as a POSCAR to this file.")
    var output: String?

    func validate() throws {
        _ = try SurfaceArguments.miller(miller, option: "--miller")
        if !supercell.isEmpty { _ = try SurfaceArguments.supercell(supercell, option: "--supercell") }
        try SurfaceArguments.checkSlabSize(layers: layers, thicknessA: thicknessA, vacuumA: vacuumA)
    }

    func run() throws {
        let structure = try SurfaceArguments.readStructure(bulk)
        let m = try SurfaceArguments.miller(miller, option: "--miller")
        let cell = supercell.isEmpty ? IntMatrix2.identity : try SurfaceArguments.supercell(supercell, option: "--supercell")
        let builder = SlabBuilder(bulk: structure, miller: m)
        let c = builder.surface.cell
        print(String(format: "surface %@ of %@: primitive surface cell %.4f × %.4f Å, γ = %.2f°, %.3f Å², stacking repeat %.4f Å",
                     m.description, structure.reducedFormula.formula, c.lengthAA, c.lengthBA, c.gammaDeg, c.areaA2, builder.surface.repeatA))
        print("conventional surface cell = \(builder.surface.conventionalMatrix) primitive cells")
        var chosen: Slab?
        do {
            for t in builder.terminations {
                let s = try builder.slab(thickness: SurfaceArguments.thickness(layers: layers, minimumA: thicknessA), vacuumA: vacuumA,
                                         termination: t.index, supercell: cell, fixBottomLayers: fix)
                let marks = [s.isStoichiometric ? "stoichiometric" : "non-stoichiometric", s.isSymmetric ? "symmetric" : "asymmetric",
                             s.isPolar ? "POLAR" : "non-polar"].joined(separator: ", ")
                print(String(format: "termination %d: bottom %@, top %@, %d planes, %.3f Å thick, %d atoms (%@): %@",
                             t.index, t.bottomFormula, s.topFormula, s.layerCount, s.thicknessA, s.count, s.structure.formula, marks))
                for w in s.warnings { print("  warning: \(w)") }
                if t.index == termination { chosen = s }
            }
        }
        if stoichiometric {
            chosen = try builder.stoichiometricSlab(thickness: SurfaceArguments.thickness(layers: layers, minimumA: thicknessA),
                                                    vacuumA: vacuumA, supercell: cell, fixBottomLayers: fix)
            guard let s = chosen else {
                throw CommandFailure("no termination of \(m) gives a stoichiometric slab within two stacking repeats")
            }
            print(String(format: "stoichiometric: termination %d, %d planes, %.3f Å thick, %d atoms (%@)%@%@", s.termination.index, s.layerCount,
                         s.thicknessA, s.count, s.structure.formula, s.isSymmetric ? ", symmetric" : "", s.isPolar ? ", POLAR" : ""))
        }
        guard let slab = chosen else { throw SlabError.noSuchTermination(index: termination, count: builder.terminations.count) }
        if let output {
            try POSCAR.write(slab.structure, to: output)
            print("wrote \(output): termination \(slab.termination.index), \(slab.layerCount) planes, \(slab.count) atoms, vacuum \(vacuumA) Å")
        }
    }
}
