import Adhesion
import Archive
import Crystal
import Foundation
import Report
import TestSupport

/// A small study archive with hand-chosen numbers, written through the Archive writer.
///
/// - Li bulk: bcc, a = 3.44 Å (primitive (001) surface cell: square, 3.44 Å).
/// - σ slabs of 3, 5, 7 layers with E(N) = 0.7 − 1.33·N eV on A = 3.44² = 11.8336 Å²:
///   σ = 0.7 / (2 · 11.8336) eV/Å² = 0.029577 eV/Å² = 0.473879 J/m².
/// - Interface "LiF": film [[1,1],[−1,1]] on Li(001) = √2×√2 R45°, substrate 1×1 on a square
///   cell of 3.44·√2 = 4.86489 Å; k-mesh 4×4×1 → spacing 2π/(4.86489·4) = 0.32290 Å⁻¹.
/// - Interface "Li2CO3": film [[2,3],[−1,1]] (no Wood name), substrate [[2,−1],[1,1]].
/// - Every slab: atoms between fractional z 0.1 and 0.3 of c = 30 Å: 6.0 Å thick, 24.0 Å vacuum.
enum ReportSamples {
    static let lithiumA = 3.44
    static var substrateA: Double { lithiumA * 2.0.squareRoot() }
    static func slabEnergy(_ layers: Int) -> Double { 0.7 - 1.33 * Double(layers) }
    static let incar = ["ENCUT": "450", "EDIFF": "1e-05", "EDIFFG": "-0.03", "IBRION": "2", "ISIF": "2", "NSW": "100",
                        "ISMEAR": "1", "SIGMA": "0.1", "GGA": "PE", "IVDW": "11", "PREC": "Accurate", "ISPIN": "1"]
    static let dipole = ["LDIPOL": ".TRUE.", "IDIPOL": "3"]

    static func slab(_ a: Double, _ b: Double, gammaDeg: Double = 90, elements: [String], c: Double = 30) -> Structure {
        let n = elements.count
        let lattice = Lattice(aA: a, bA: b, cA: c, alphaDeg: 90, betaDeg: 90, gammaDeg: gammaDeg)
        let positions = (0..<n).map { i in
            Vector3(Double(i % 3) / 3 + 0.05, Double(i % 2) / 2 + 0.1, 0.1 + 0.2 * Double(i) / Double(max(1, n - 1)))
        }
        return Structure(lattice: lattice, elements: elements.map { Element(symbol: $0)! }, fractional: positions)
    }

    static func calc(_ id: String, role: String, energy: Double, structure: Structure, mesh: [Int], extra: [String: String] = [:],
                     potcars: [String] = ["PAW_PBE Li_sv 10Feb1998"]) -> ArchivedCalculation {
        ArchivedCalculation(id: id, role: role,
                            energies: IonicStepEnergies(freeEnergyEV: [energy + 0.3, energy - 0.002], energyWithoutEntropyEV: [energy + 0.3, energy + 0.001],
                                                        energySigma0EV: [energy + 0.3, energy]),
                            finalStructure: structure, forcesEVPerA: structure.sites.map { _ in [0, 0, 0] },
                            incar: incar.merging(extra) { $1 }, kpointMesh: mesh, potcars: potcars, vaspVersion: "vasp 6.4.2",
                            inputHash: "hash-\(id)")
    }

    static var fit: FiorentiniMethfesselFit {
        get throws { try FiorentiniMethfesselFit(points: [3, 5, 7].map { SlabEnergyPoint(size: $0, energyEV: slabEnergy($0)) },
                                                 surfaceAreaA2: lithiumA * lithiumA) }
    }

    static func records() throws -> (calculations: [ArchivedCalculation], interfaces: [ArchivedInterface]) {
        let bulk = Structure(lattice: .cubic(lithiumA), elements: [Element(symbol: "Li")!, Element(symbol: "Li")!],
                             fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5)])
        var calcs = [calc("Li-bulk", role: "bulk", energy: -3.8, structure: bulk, mesh: [12, 12, 12], extra: ["ISIF": "3"])]
        for n in [3, 5, 7] {
            calcs.append(calc("Li-L\(n)", role: "slab", energy: slabEnergy(n),
                              structure: slab(lithiumA, lithiumA, elements: Array(repeating: "Li", count: n)), mesh: [10, 10, 1]))
        }
        let sigma = SurfaceEnergy.fiorentiniMethfessel(try fit)
        let s = substrateA
        let lif = [("LiF-interface", "interface", -60.0, ["Li", "Li", "Li", "F", "Li", "F"]),
                   ("LiF-film", "film", -20.0, ["Li", "Li"]), ("LiF-substrate", "substrate", -39.5, ["Li", "F", "Li", "F"])]
        for (id, role, e, els) in lif {
            calcs.append(calc(id, role: role, energy: e, structure: slab(s, s, elements: els), mesh: [4, 4, 1], extra: dipole,
                              potcars: ["PAW_PBE Li_sv 10Feb1998", "PAW_PBE F 08Apr2002"]))
        }
        let carbonate = [("Li2CO3-interface", "interface", -100.0), ("Li2CO3-film", "film", -30.0), ("Li2CO3-substrate", "substrate", -69.8)]
        for (id, role, e) in carbonate {
            calcs.append(calc(id, role: role, energy: e, structure: slab(8.36, 4.97, elements: ["Li", "C", "O", "O", "O", "Li"]),
                              mesh: [2, 3, 1], extra: dipole,
                              potcars: ["PAW_PBE Li_sv 10Feb1998", "PAW_PBE C 08Apr2002", "PAW_PBE O 08Apr2002"]))
        }
        func iface(_ name: String, _ label: String, film: [[Int]], sub: [[Int]], area: Double, e: (Double, Double, Double),
                   strain: Double, atoms: Int) throws -> ArchivedInterface {
            let w = try WorkOfAdhesion(interfaceEnergyEV: e.0, filmEnergyEV: e.1, substrateEnergyEV: e.2, interfaceAreaA2: area)
            return ArchivedInterface(name: name, filmLabel: "Li(001)", substrateLabel: label, filmMiller: [0, 0, 1], substrateMiller: [0, 0, 1],
                                     filmSupercell: film.map { $0 + [0] } + [[0, 0, 1]], substrateSupercell: sub.map { $0 + [0] } + [[0, 0, 1]],
                                     strainPercent: strain, atomCount: atoms, interfaceCalculationID: "\(name)-interface",
                                     filmCalculationID: "\(name)-film", substrateCalculationID: "\(name)-substrate",
                                     analysis: try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: sigma))
        }
        let interfaces = [
            try iface("Li2CO3", "Li2CO3(001)", film: [[2, 3], [-1, 1]], sub: [[2, -1], [1, 1]], area: 8.36 * 4.97,
                      e: (-100, -30, -69.8), strain: 1.88, atoms: 6),
            try iface("LiF", "LiF(001)", film: [[1, 1], [-1, 1]], sub: [[1, 0], [0, 1]], area: s * s, e: (-60, -20, -39.5),
                      strain: 0.0, atoms: 6),
        ]
        return (calcs, interfaces)
    }

    /// Writes the sample archive into a fresh folder and returns its path.
    static func writeArchive() throws -> String {
        let dir = try Fixtures.temporaryDirectory("adhere-report")
        let path = dir.appendingPathComponent("archive.h5").path
        let (calcs, interfaces) = try records()
        try ArchiveWriter(path: path).commit(calculations: calcs, interfaces: interfaces)
        return path
    }

    static func archive() throws -> StudyArchive {
        try StudyArchive(reader: ArchiveReader(path: writeArchive()))
    }
}

/// pdflatex, when installed (cluster/local/install.sh installs it).
enum LaTeXTool {
    static let pdflatex: String? = ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let pdftoppm: String? = ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Compiles `body` inside a plain article; returns the log and the PDF path.
    static func compile(_ body: String, name: String = "doc") throws -> (status: Int32, log: String, pdf: String) {
        let dir = try Fixtures.temporaryDirectory("adhere-latex")
        let tex = dir.appendingPathComponent("\(name).tex")
        try ("\\documentclass{article}\n\\begin{document}\n" + body + "\\end{document}\n").write(to: tex, atomically: true, encoding: .utf8)
        let result = Fixtures.run(pdflatex!, ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"], currentDirectory: dir.path)
        let log = (try? String(contentsOf: dir.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? result.stdout
        // The folder stays for inspection; the log's first line names it.
        return (result.status, "folder: \(dir.path)\n" + log, dir.appendingPathComponent("\(name).pdf").path)
    }

    /// Lines of a LaTeX log that report an error or a box that does not fit.
    static func problems(_ log: String) -> [String] {
        let lines = log.split(separator: "\n").map(String.init)
        let found = lines.filter { $0.hasPrefix("!") || $0.contains("Overfull") || $0.contains("Underfull \\hbox") }
        return found.isEmpty ? [] : [lines.first ?? ""] + found
    }
}
