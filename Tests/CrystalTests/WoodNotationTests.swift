import Crystal
import Foundation
import Testing

/// Wood's notation against hand calculations. For a supercell row (m, n) on a square lattice,
/// |b|² = m² + n² (in units of a²) and the rotation is atan(n/m); on a hexagonal lattice with
/// γ = 120°, |b|² = m² + n² − mn and the angle follows from b = m a₁ + n a₂ with
/// a₁ = (1, 0), a₂ = (−1/2, √3/2).
@Suite struct WoodNotationTests {
    static let square = Lattice2D(aA: 3.44, bA: 3.44, gammaDeg: 90)
    static let hexagonal120 = Lattice2D(aA: 2.5, bA: 2.5, gammaDeg: 120)
    static let hexagonal60 = Lattice2D(aA: 2.5, bA: 2.5, gammaDeg: 60)
    static let rectangular = Lattice2D(aA: 3.0, bA: 4.0, gammaDeg: 90)

    /// [[3,2],[−2,3]] on a square lattice: |b₁|² = 9 + 4 = 13, φ = atan(2/3) = 33.69°.
    @Test func sqrt13OnSquare() throws {
        let w = try #require(WoodNotation.of(IntMatrix2(3, 2, -2, 3), on: Self.square))
        #expect(w.scaleSquared1 == 13 && w.scaleSquared2 == 13)
        #expect(abs(w.rotationDeg - atan(2.0 / 3.0) * 180 / .pi) < 1e-9)
        #expect(w.description == "√13×√13 R33.7°")
    }

    /// The same supercell in another basis (rows mixed by a unimodular matrix) has the same name.
    @Test func basisDoesNotMatter() throws {
        let u = IntMatrix2(1, 1, 0, 1)
        let w = try #require(WoodNotation.of(u * IntMatrix2(3, 2, -2, 3), on: Self.square))
        #expect(w.description == "√13×√13 R33.7°")
    }

    /// The mirror image [[3,−2],[2,3]] turns the other way: R−33.7°.
    @Test func mirrorDomain() throws {
        #expect(WoodNotation.of(IntMatrix2(3, -2, 2, 3), on: Self.square)?.description == "√13×√13 R−33.7°")
    }

    /// c(2×2)-type cells: [[1,1],[−1,1]] is √2×√2 R45°; [[2,2],[−2,2]] is 2√2×2√2 R45° (√8 = 2√2).
    @Test func rootTwoCells() {
        #expect(WoodNotation.of(IntMatrix2(1, 1, -1, 1), on: Self.square)?.description == "√2×√2 R45°")
        #expect(WoodNotation.of(IntMatrix2(2, 2, -2, 2), on: Self.square)?.description == "2√2×2√2 R45°")
    }

    /// Hexagonal, γ = 120°: [[2,1],[−1,1]] has |b₁|² = 4 + 1 − 2 = 3 at 30° → √3×√3 R30°;
    /// [[3,1],[−1,2]] has |b₁|² = 9 + 1 − 3 = 7 at atan((√3/2)/2.5) = 19.107° → √7×√7 R19.1°.
    @Test func hexagonalCells() {
        #expect(WoodNotation.of(IntMatrix2(2, 1, -1, 1), on: Self.hexagonal120)?.description == "√3×√3 R30°")
        let w = WoodNotation.of(IntMatrix2(3, 1, -1, 2), on: Self.hexagonal120)
        #expect(w?.description == "√7×√7 R19.1°")
        #expect(abs((w?.rotationDeg ?? 0) - atan((3.0.squareRoot() / 2) / 2.5) * 180 / .pi) < 1e-9)
        // γ = 60°: a₂ = (1/2, √3/2); [[1,1],[−1,2]] gives b₁ = (3/2, √3/2), |b₁|² = 3 at 30°.
        #expect(WoodNotation.of(IntMatrix2(1, 1, -1, 2), on: Self.hexagonal60)?.description == "√3×√3 R30°")
        #expect(WoodNotation.of(IntMatrix2(2, 0, 0, 2), on: Self.hexagonal120)?.description == "2×2")
    }

    /// Diagonal matrices are n×m on any lattice; a sheared cell is not a Wood cell.
    @Test func diagonalAndNonWood() {
        #expect(WoodNotation.of(IntMatrix2(2, 0, 0, 3), on: Self.rectangular)?.description == "2×3")
        #expect(WoodNotation.of(IntMatrix2(1, 1, -1, 1), on: Self.rectangular) == nil)  // |b₁|² = 25 = 2.78 a²
        #expect(WoodNotation.of(IntMatrix2(2, 3, -1, 1), on: Self.square) == nil)  // index 5, no √5 or 1×5 basis
        #expect(SupercellNotation(IntMatrix2(2, 3, -1, 1), cell: Self.square).text == "[[2, 3], [-1, 1]]")
        #expect(SupercellNotation(IntMatrix2(4, 0, 0, 4), cell: nil).text == "4×4")
    }

    /// k√m with m square-free: 8 = 2²·2, 12 = 2²·3, 13 stays, 16 = 4².
    @Test func scaleParts() {
        #expect(WoodNotation.scaleParts(8) == (2, 2))
        #expect(WoodNotation.scaleParts(12) == (2, 3))
        #expect(WoodNotation.scaleParts(13) == (1, 13))
        #expect(WoodNotation.scaleParts(16) == (4, 1))
    }
}
