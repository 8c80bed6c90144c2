import Foundation
import Testing
import TestSupport

/// Bulk first, on the real local Slurm with the stand-in: the minimal study without
/// `bulk_lattice_a` relaxes Li (ISIF = 3) as its first stage, and `adhere run` builds the slabs
/// and the interface from the relaxed cell when it is parsed.
@Suite(.serialized, .sharedCluster) struct BulkFirstClusterTests {
    static let adhere = Fixtures.executable("adhere")
    static let ready = LocalSlurm.reachable && FileManager.default.isExecutableFile(atPath: adhere)
        && FileManager.default.isExecutableFile(atPath: Fixtures.executable("vasp-standin"))
    static let skip = LocalSlurm.reachable ? "skipped: build adhere and vasp-standin first (swift build)" : LocalSlurm.missingMessage

    /// Hand minimisation of the stand-in's energy of bcc Li per conventional cell
    /// (docs/vasp-standin.md): Morse D = 0.10 eV, α = 1.2 /Å, r0 = 3.04 Å, shifted to 0 at 6 Å,
    /// summed over all pairs within 6 Å, plus the cell spring ½ K V₀ Σ ε² (K = 1 eV/Å³,
    /// isotropic ε = a/a₀ − 1 on all three diagonal entries); golden-section search in a.
    static func standinLithiumLatticeA(startA a0: Double) -> Double {
        func phi(_ r: Double) -> Double { let e = exp(-1.2 * (r - 3.04)); return 0.10 * ((1 - e) * (1 - e) - 1) }
        let shift = phi(6.0)
        func energy(_ a: Double) -> Double {
            var sum = 0.0
            let n = Int(6.0 / a) + 2
            for b in [0.0, 0.5] { for c in [0.0, 0.5] {
                for i in -n...n { for j in -n...n { for k in -n...n {
                    let d = [(c - b + Double(i)) * a, (c - b + Double(j)) * a, (c - b + Double(k)) * a]
                    let r = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot()
                    if r > 1e-9 && r < 6.0 { sum += 0.5 * (phi(r) - shift) }
                } } }
            } }
            let strain = a / a0 - 1
            return sum + 0.5 * 1.0 * a0 * a0 * a0 * 3 * strain * strain
        }
        var (lo, hi) = (2.5, 4.0)
        let g = (5.0.squareRoot() - 1) / 2
        for _ in 0..<80 {
            let m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo)
            if energy(m1) < energy(m2) { hi = m2 } else { lo = m1 }
        }
        return lo
    }

    /// The first lattice row of a POSCAR (scale 1.0), read as text.
    static func firstRow(_ path: String) throws -> [Double] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        return lines[2].split(separator: " ").compactMap { Double($0) }
    }

    @Test(.enabled(if: ready, Comment(rawValue: skip)), .timeLimit(.minutes(30)))
    func relaxedLithiumFeedsTheSlabsAndTheInterface() throws {
        let study = try Fixtures.temporaryDirectory("adhere-bulk-first").appendingPathComponent("study")
        let env = LocalSlurm.environment
        #expect(Fixtures.run(Self.adhere, ["init", study.path], environment: env).status == 0)
        let file = study.appendingPathComponent("study.yaml")
        let yaml = try String(contentsOf: file, encoding: .utf8)
        // Fixed regions (issue #14): the bottom 2.5 Å of LiF (2 of its 3 planes), the top 2.0 Å of Li (2 of 3).
        try (yaml.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("bulk_lattice_a") }
            .joined(separator: "\n") + "\nfixed_region:\n  substrate_a: 2.5\n  metal_a: 2.0\n").write(to: file, atomically: true, encoding: .utf8)

        let plan = Fixtures.run(Self.adhere, ["plan", study.path], environment: env)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("1. bulk relaxation (ISIF = 3): Li-bulk, LiF-bulk"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Li slabs (σ series, 5, 7 layers) from the relaxed Li: built when Li-bulk is parsed"), "\(plan.stdout)")

        let run = Fixtures.run(Self.adhere, ["run", study.path, "--poll", "1", "--max-wait", "240"], environment: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("next stage built from the relaxed bulks"), "\(run.stdout)")
        #expect(run.stdout.contains("| Li(001) \\| LiF(001) |"), "\(run.stdout)")

        // The relaxed Li lattice is the minimum of the stand-in's energy (hand minimisation above).
        let calculations = study.appendingPathComponent("calculations")
        let relaxed = try Self.firstRow(calculations.appendingPathComponent("Li-bulk/CONTCAR").path)
        let expectedA = Self.standinLithiumLatticeA(startA: 3.51)  // structures/Li-bcc.cif: a = 3.51 Å
        #expect(abs(relaxed[0] - expectedA) < 1e-3, "relaxed \(relaxed[0]) Å, hand minimum \(expectedA) Å")
        #expect(abs(expectedA - 3.51) > 0.05)  // the relaxation moved the cell
        // The slabs are cut from it: Li(001)'s surface cell is a × a.
        let slab = try Self.firstRow(calculations.appendingPathComponent("Li-001-L5/POSCAR").path)
        #expect(abs((slab[0] * slab[0] + slab[1] * slab[1]).squareRoot() - relaxed[0]) < 1e-6)

        // The interface and its references were relaxed with the same fixed atoms; the report
        // says which termination, strains, fixed atoms and lattices (input → relaxed).
        for name in ["LiF-interface", "LiF-film", "LiF-substrate"] {
            let poscar = try String(contentsOfFile: calculations.appendingPathComponent("\(name)/POSCAR").path, encoding: .utf8)
            #expect(poscar.contains("Selective dynamics"), "\(name)")
        }
        let report = Fixtures.run(Self.adhere, ["report", study.path], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("- substrate LiF(001): row 0 (automatic), Li4F4, stoichiometric, charge +0.00 e, dipole +0.0000 e·Å/Å², symmetric, Tasker 1"),
                "\(report.stdout)")
        #expect(report.stdout.contains("- fixed atoms: substrate") && report.stdout.contains("(bottom 2.50 Å), film"), "\(report.stdout)")
        let latticeLine = "- Li-bulk: 3.5100 3.5100 3.5100 Å, 90.00 90.00 90.00° → "
        let relaxedInReport = report.stdout.split(separator: "\n").first { $0.hasPrefix(latticeLine) }
            .flatMap { Double($0.dropFirst(latticeLine.count).prefix(6)) }
        #expect(relaxedInReport.map { abs($0 - expectedA) < 1e-3 } == true, "\(report.stdout)")

        // Plan now shows the relaxed lattices; a second run changes nothing.
        let after = Fixtures.run(Self.adhere, ["plan", study.path], environment: env)
        #expect(after.stdout.contains("Li-bulk: input 3.5100 3.5100 3.5100 / 90.00 90.00 90.00 → relaxed"), "\(after.stdout)")
        #expect(after.stdout.contains("termination row 0 (automatic): Li4F4, stoichiometric, charge +0.00 e, dipole +0.0000 e·Å/Å², symmetric"),
                "\(after.stdout)")
        #expect(after.stdout.contains("(bottom 2.50 Å)") && after.stdout.contains("(top 2.00 Å)"), "\(after.stdout)")
        let again = Fixtures.run(Self.adhere, ["run", study.path, "--poll", "1", "--max-wait", "5"], environment: env)
        #expect(again.stdout.contains("0 new, 0 rewritten"), "\(again.stdout)")
    }

    /// The fractional (x, y) of every site of a POSCAR (Adhere writes Direct coordinates after line 8).
    static func inPlane(_ path: String) throws -> [[Double]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let count = lines[6].split(separator: " ").compactMap { Int($0) }.reduce(0, +)
        return lines[8..<(8 + count)].map { line in line.split(separator: " ").prefix(2).compactMap { Double($0) } }
    }

    /// Largest in-plane difference (fractions, modulo 1) between two POSCARs' sites.
    static func largestShift(_ a: [[Double]], _ b: [[Double]]) -> Double {
        zip(a, b).map { p, q in (0..<2).map { k in let d = p[k] - q[k]; return abs(d - d.rounded()) }.max()! }.max() ?? .infinity
    }

    @Test(.enabled(if: ready, Comment(rawValue: skip)), .timeLimit(.minutes(30)))
    func scanRelaxesTheLowestRegistry() throws {
        let study = try Fixtures.temporaryDirectory("adhere-scan").appendingPathComponent("study")
        let env = LocalSlurm.environment
        #expect(Fixtures.run(Self.adhere, ["init", study.path], environment: env).status == 0)
        let file = study.appendingPathComponent("study.yaml")
        try (try String(contentsOf: file, encoding: .utf8) + "\nscan:\n  shifts: 2\n  separations_a: [1.5, 2.0, 2.5, 3.0, 4.0]\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let run = Fixtures.run(Self.adhere, ["run", study.path, "--poll", "1", "--max-wait", "240"], environment: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("| Li(001) \\| LiF(001) |"), "\(run.stdout)")

        // Every scan point's energy, read as text from its vasprun.xml; the lowest one's registry.
        let calculations = study.appendingPathComponent("calculations")
        let names = try FileManager.default.contentsOfDirectory(atPath: calculations.path).filter { $0.hasPrefix("LiF-scan-") }.sorted()
        #expect(names.count >= 10, "\(names)")
        let energies = try names.map { try EndToEndTests.lastSigma0EnergyEV(calculations.appendingPathComponent("\($0)/vasprun.xml").path) }
        let lowest = names[energies.indices.min { energies[$0] < energies[$1] }!]
        let shiftOfLowest = lowest.split(separator: "-")[2]  // "S<k>"
        // The relaxed interface sits at that registry: its sites have the same in-plane
        // coordinates as that shift's scan points (only the separation differs), not another's.
        let relaxed = try Self.inPlane(calculations.appendingPathComponent("LiF-interface/POSCAR").path)
        for name in names where name.hasSuffix("-D0") {
            let difference = Self.largestShift(relaxed, try Self.inPlane(calculations.appendingPathComponent("\(name)/POSCAR").path))
            if name.split(separator: "-")[2] == shiftOfLowest {
                #expect(difference < 1e-9, "\(name): \(difference)")
            } else {
                #expect(difference > 1e-3, "\(name) has the relaxed registry too")
            }
        }
        // The archive keeps the scan: the report names as many registries as there are scan
        // folders S<k>, the 5 separations, and the registry relaxed (the lowest one's shift).
        let registries = Set(names.map { $0.split(separator: "-")[2] }).count
        let report = Fixtures.run(Self.adhere, ["report", study.path], environment: env)
        #expect(report.stdout.contains("- scan: \(registries) registries × 5 separations; relaxed shift"), "\(report.stdout)")
        // E vs d per shift, drawn into the study folder.
        let svg = try String(contentsOf: study.appendingPathComponent("scan-LiF.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
    }
}
