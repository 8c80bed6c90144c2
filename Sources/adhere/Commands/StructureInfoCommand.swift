import ArgumentParser
import Crystal
import Foundation
import Report

/// `adhere structure info FILE [--json]`: formula, atoms, lattice, volume and density.
struct StructureInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a structure's formula, atom count, lattice, volume and density.",
        discussion: """
            Reads POSCAR/CONTCAR or CIF (symmetry applied). Partially occupied CIF sites are \
            listed: such a cell cannot be used in DFT as it is.
            """)

    @Argument(help: "The structure file (POSCAR, CONTCAR, *.vasp, *.cif).")
    var file: String

    @Option(name: .customLong("from"), help: "The file's format when its name does not tell.")
    var format: StructureFile.Format?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let inspected = try StructureFile.inspect(path: file, format: format)
        let info = StructureInfo(file: file, structure: inspected.structure, occupancies: inspected.occupancies)
        if json {
            print(try JSONOutput.text(info), terminator: "")
        } else {
            print(info.text)
        }
    }
}

/// The `--json` form of `adhere structure info`.
struct StructureInfo: Codable {
    struct LatticeInfo: Codable {
        let aA: Double, bA: Double, cA: Double
        let alphaDeg: Double, betaDeg: Double, gammaDeg: Double
        /// Lattice vectors as rows, Å.
        let matrixA: [[Double]]
    }
    struct PartialSite: Codable {
        let label: String
        let occupancy: Double
    }

    let file: String
    let formula: String
    let reducedFormula: String
    let formulaUnits: Int
    let natoms: Int
    let composition: [String: Int]
    let lattice: LatticeInfo
    let volumeA3: Double
    let densityGPerCm3: Double
    let ordered: Bool
    let partialOccupancies: [PartialSite]

    init(file: String, structure s: Structure, occupancies: [Double]) {
        self.file = file
        formula = s.formula
        (reducedFormula, formulaUnits) = s.reducedFormula
        natoms = s.count
        composition = Dictionary(uniqueKeysWithValues: s.composition.map { ($0.key.symbol, $0.value) })
        let (a, b, c) = s.lattice.lengthsA
        let (alpha, beta, gamma) = s.lattice.anglesDeg
        lattice = LatticeInfo(aA: a, bA: b, cA: c, alphaDeg: alpha, betaDeg: beta, gammaDeg: gamma,
                              matrixA: s.lattice.matrix.arrays)
        volumeA3 = s.volumeA3
        densityGPerCm3 = s.densityGPerCm3
        var seen = Set<String>()
        var partial: [PartialSite] = []
        for (site, occupancy) in zip(s.sites, occupancies) where occupancy < 1 - CIFContents.fullOccupancyTolerance {
            let label = site.label ?? site.element.symbol
            if seen.insert(label).inserted { partial.append(PartialSite(label: label, occupancy: occupancy)) }
        }
        partialOccupancies = partial
        ordered = partial.isEmpty
    }

    var text: String {
        func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
        var lines = [
            "file        \(file)",
            "formula     \(formula)  (reduced \(reducedFormula), \(formulaUnits) formula unit\(formulaUnits == 1 ? "" : "s"))",
            "atoms       \(natoms)",
            "lattice     a = \(f(lattice.aA, 4))  b = \(f(lattice.bA, 4))  c = \(f(lattice.cA, 4)) Å",
            "            α = \(f(lattice.alphaDeg, 3))  β = \(f(lattice.betaDeg, 3))  γ = \(f(lattice.gammaDeg, 3)) °",
            "volume      \(f(volumeA3, 3)) Å³",
            "density     \(f(densityGPerCm3, 4)) g/cm³",
        ]
        if !ordered {
            let list = partialOccupancies.map { "\($0.label) (\(f($0.occupancy, 3)))" }.joined(separator: ", ")
            lines.append("disorder    partially occupied sites: \(list); not usable in DFT as it is")
        }
        return lines.joined(separator: "\n")
    }
}
