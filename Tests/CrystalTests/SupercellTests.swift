import Foundation
import Testing
@testable import Crystal

/// Supercells of cells that come out of a relaxation: coordinates a rounding error outside [0, 1).
@Suite struct SupercellTests {
    /// The Li-bulk CONTCAR SevenNet-0 + D3(BJ) wrote in the paper example (ASE, 2026-12-03):
    /// off-diagonal lattice terms of 1e-9 Å and a site at −2e-10. Expected count by hand: |det| × N.
    @Test func relaxedCellKeepsEveryImage() throws {
        let lattice = Lattice([[3.3336371772874500, 0.0000000037429675, -0.0000000032940202],
                               [0.0000000037429661, 3.3336371712151838, -0.0000000019523110],
                               [-0.0000000032940372, -0.0000000019523069, 3.3336371951428219]])
        let li = try #require(Element(symbol: "Li"))
        let relaxed = Structure(lattice: lattice, elements: [li, li], fractional: [
            Vector3(-0.0000000001972182, 0.0000000002563832, 0.0000000012505305),
            Vector3(0.5000000003068479, 0.4999999999953199, 0.4999999992221674)])
        let big = try relaxed.supercell(.diagonal(4, 4, 5))
        #expect(big.count == 2 * 80)
        // No site twice: every pair of images at least the bcc nearest-neighbour distance apart
        // (√3/2 · a = 2.89 Å) in fractional terms along some axis.
        // In the 4×4×5 cell the bcc sites sit on a grid of 1/8, 1/8 and 1/10.
        let grid: [Double] = [8, 8, 10]
        var keys = Set<[Int]>()
        for site in big.sites {
            var key: [Int] = []
            for axis in 0..<3 {
                let n = Int(grid[axis])
                key.append(Int((grid[axis] * site.fractional[axis]).rounded()) % n)
            }
            keys.insert(key)
        }
        #expect(keys.count == big.count)
    }

    /// A site written as 1 + 1e-9 (not wrapped by the program that wrote it) still has all its images.
    @Test func siteJustOutsideTheCell() throws {
        let li = try #require(Element(symbol: "Li"))
        let s = Structure(lattice: Lattice([[3.44, 0, 0], [0, 3.44, 0], [0, 0, 3.44]]), elements: [li, li],
                          fractional: [Vector3(1 + 1e-9, -1e-9, 0.25), Vector3(0.5, 0.5, 0.75)])
        #expect(try s.supercell(.diagonal(4, 4, 1)).count == 2 * 16)
        #expect(try s.supercell(IntMatrix3([[2, 1, 0], [-1, 2, 0], [0, 0, 1]])).count == 2 * 5)
    }
}
