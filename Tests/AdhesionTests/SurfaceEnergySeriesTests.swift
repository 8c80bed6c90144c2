import Testing
@testable import Adhesion

/// The σ series rules, on synthetic series with known answers (A = 10 Å², E(N) = 0.6 − 1.9 N eV).
@Suite struct SurfaceEnergySeriesTests {
    @Test func thinSlabsAndShortSeriesAreFlagged() {
        #expect(SurfaceEnergySeries.check(layers: [5, 7, 9]).isEmpty)
        #expect(SurfaceEnergySeries.check(layers: [3, 5, 7]).contains { $0.contains("3 planes") })
        #expect(SurfaceEnergySeries.check(layers: [5, 7]).contains { $0.contains("three or more") })
    }

    /// Exact series: σ(N) = 0.03 eV/Å² for every N, change 0.
    @Test func exactSeriesIsConverged() throws {
        let fit = try FiorentiniMethfesselFit(points: [5, 7, 9].map { SlabEnergyPoint(size: $0, energyEV: 0.6 - 1.9 * Double($0)) },
                                              surfaceAreaA2: 10)
        let c = SurfaceEnergySeries.convergence(fit)
        #expect(c.isConverged && abs(c.changeJPerM2) < 1e-9 && c.message == nil)
    }

    /// Perturbations +10, −20, +10 meV at N = 2, 4, 6 leave the fit unchanged, so
    /// σ(6) − σ(4) = (0.010 + 0.020) eV / (2 × 10 Å²) = 0.0015 eV/Å² = 0.024033 J/m² > 0.01.
    @Test func movingSeriesSaysSo() throws {
        let noise = [0.01, -0.02, 0.01]
        let fit = try FiorentiniMethfesselFit(points: zip([2, 4, 6], noise).map { SlabEnergyPoint(size: $0, energyEV: 0.6 - 1.9 * Double($0) + $1) },
                                              surfaceAreaA2: 10)
        let c = SurfaceEnergySeries.convergence(fit)
        #expect(!c.isConverged)
        #expect(abs(c.changeJPerM2 - 0.0015 * 16.02176634) < 1e-9)
        #expect(c.message?.contains("not converged") == true)
    }

    /// Two slabs fit exactly (two points, two unknowns): σ(5) = σ(7) by construction, so the
    /// series cannot say whether it has settled, and says that instead of "converged".
    @Test func twoSlabsCannotCheckThemselves() throws {
        let fit = try FiorentiniMethfesselFit(points: [5, 7].map { SlabEnergyPoint(size: $0, energyEV: 0.6 - 1.9 * Double($0) + ($0 == 7 ? 0.05 : 0)) },
                                              surfaceAreaA2: 10)
        let c = SurfaceEnergySeries.convergence(fit)
        #expect(!c.isConverged)
        #expect(c.message?.contains("convergence not checked") == true)
    }
}
