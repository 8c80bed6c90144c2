import Foundation
import Testing
import TestSupport

/// `adhere slab` and `adhere interface` end to end on bcc Li and rock-salt LiF.
@Suite struct SlabCommandTests {
    /// Rock salt (111), 4 planes: the stoichiometric cuts carry a dipole of 2.325 e·Å over
    /// 2.8475² sin 60° = 7.0219 Å² = 0.33111 e·Å/Å² (by hand: charges ±1, planes 1.1625 Å apart),
    /// Tasker 3; the symmetric ones are charged (±1 e). The default takes a neutral one and says so.
    @Test func terminationsTableAndDefaultChoice() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["slab", "LiF.vasp", "--miller", "1", "1", "1", "--layers", "4", "--terminations", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        struct Row: Decodable { let row: Int; let isStoichiometric: Bool; let dipolePerAreaEPerA: Double?; let netChargeE: Double?; let taskerType: Int? }
        struct Table: Decodable { let candidates: [Row]; let chosenRow: Int? }
        let table = try JSONDecoder().decode(Table.self, from: Data(r.stdout.utf8))
        let rows = table.candidates
        #expect(rows.count == 4)
        let handDipole: Double = 2.325 / (2.8475 * 2.8475 * 3.0.squareRoot() / 2)
        for row in rows where row.isStoichiometric {
            #expect(abs(abs(row.dipolePerAreaEPerA ?? 0) - handDipole) < 2e-4)
            #expect(row.taskerType == 3)
        }
        let chosen = try #require(rows.first { $0.row == table.chosenRow })
        #expect(abs(chosen.netChargeE ?? 1) < 1e-9)
        #expect(r.stderr.contains("no neutral, stoichiometric and non-polar"))
        // A charged row is written only when named, with a warning.
        let charged = try #require(rows.first { abs($0.netChargeE ?? 0) > 0.5 })
        let w = SurfaceCommandFiles.adhere(["slab", "LiF.vasp", "--miller", "1", "1", "1", "--layers", "4",
                                            "--termination", "\(charged.row)", "-o", "slab.vasp"], in: dir)
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stdout.contains("charged slab"))
        let lines = try String(contentsOf: dir.appendingPathComponent("slab.vasp"), encoding: .utf8).split(separator: "\n")
        #expect(lines[6].split(separator: " ").compactMap { Int($0) }.reduce(0, +) == 5)
    }

    /// The paper's Li 4×4 on LiF 3×3 (−12.2 %) is refused with the strain and a better cell;
    /// --allow-large-strain builds it: three cells with one lattice.
    @Test func interfaceRefusesTheIncoherentCellUnlessAllowed() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let args = ["interface", "Li.vasp", "LiF.vasp", "--film-supercell", "4", "4", "--substrate-supercell", "3", "3",
                    "--film-layers", "3", "--substrate-layers", "2", "-o", "out"]
        let refused = SurfaceCommandFiles.adhere(args, in: dir)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("-12.2 %") && refused.stderr.contains("better cell"))
        let r = SurfaceCommandFiles.adhere(args + ["--allow-large-strain"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("-12.20 %"))
        #expect(r.stdout.contains("sound alternatives"))
        var lattices: [String] = []
        var counts: [Int] = []
        for part in ["interface", "film", "substrate"] {
            let text = try String(contentsOf: dir.appendingPathComponent("out/\(part)/POSCAR"), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            lattices.append(lines[2...4].joined(separator: "\n"))
            counts.append(lines[6].split(separator: " ").compactMap { Int($0) }.reduce(0, +))
        }
        #expect(lattices[0] == lattices[1] && lattices[0] == lattices[2])
        // 16 Li per plane × 3 planes; 9 × 4 atoms per LiF plane × 2 planes.
        #expect(counts == [48 + 72, 48, 72])
    }

    @Test func tooSmallGapIsRefused() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["interface", "Li.vasp", "LiF.vasp", "--match", "0", "--max-area", "80", "--gap", "0.2",
                                            "--film-layers", "2", "--substrate-layers", "2", "-o", "out"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("apart"))
    }
}
