import Foundation
import Testing
import TestSupport

/// `adhere slab` and `adhere interface` end to end on bcc Li and rock-salt LiF.
@Suite struct SlabCommandTests {
    @Test func slabWritesAPOSCARWithTheAskedPlanes() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["slab", "LiF.vasp", "--miller", "1", "1", "1", "--layers", "4", "--vacuum", "12",
                                            "--termination", "1", "-o", "slab.vasp"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // Rock salt (111): alternating Li and F planes, two terminations, both polar when even.
        #expect(r.stdout.components(separatedBy: "POLAR").count - 1 == 2)
        let text = try String(contentsOf: dir.appendingPathComponent("slab.vasp"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines[5].split(separator: " ").count == 2)  // Li F
        #expect(lines[6].split(separator: " ").compactMap { Int($0) }.reduce(0, +) == 4)
    }

    @Test func interfaceWritesThreeCellsWithTheSameLattice() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["interface", "Li.vasp", "LiF.vasp", "--film-supercell", "4", "4", "--substrate-supercell", "3", "3",
                                            "--film-layers", "3", "--substrate-layers", "2", "-o", "out"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // 4×4 Li (13.76 Å) on 3×3 LiF (12.081 Å): −12.2 %, flagged, alternatives listed.
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
