import Testing
@testable import Adhesion

/// Synthetic slab series with known σ: A = 10 Å², σ = 0.03 eV/Å², E_bulk = −1.9 eV/atom,
/// so E(N) = 2·10·0.03 + N·(−1.9) = 0.6 − 1.9 N; σ = 0.03 × 16.02176634 = 0.4806529902 J/m².
@Suite struct SurfaceEnergyTests {
    @Test func exactLinearSeriesRecoversSigma() throws {
        let points = [4, 6, 8, 10].map { SlabEnergyPoint(size: $0, energyEV: 0.6 - 1.9 * Double($0)) }
        let fit = try FiorentiniMethfesselFit(points: points, surfaceAreaA2: 10)
        #expect(abs(fit.bulkEnergyPerUnitEV - (-1.9)) < 1e-12)
        #expect(abs(fit.interceptEV - 0.6) < 1e-11)
        #expect(abs(fit.surfaceEnergyEVPerA2 - 0.03) < 1e-12)
        #expect(abs(fit.surfaceEnergyJPerM2 - 0.4806529902) < 1e-9)
        #expect(fit.maxAbsResidualEV < 1e-11)
    }

    /// Perturbations (+10, −20, +10) meV at N = 2, 4, 6 have zero mean and zero covariance with
    /// N, so least squares keeps slope and intercept and the residuals are the perturbations.
    @Test func residualsAreShown() throws {
        let noise = [0.01, -0.02, 0.01]
        let points = zip([2, 4, 6], noise).map { SlabEnergyPoint(size: $0, energyEV: 0.6 - 1.9 * Double($0) + $1) }
        let fit = try FiorentiniMethfesselFit(points: points, surfaceAreaA2: 10)
        #expect(abs(fit.surfaceEnergyEVPerA2 - 0.03) < 1e-12)
        for (r, n) in zip(fit.residualsEV, noise) { #expect(abs(r - n) < 1e-12) }
        #expect(fit.summary.contains("residual"))
        #expect(fit.summary.contains("-20.000"))
        #expect(SurfaceEnergy.fiorentiniMethfessel(fit).method.contains("Fiorentini"))
    }

    @Test func oneThicknessIsNotAFit() {
        #expect(throws: AdhesionError.tooFewSlabs(found: 2, distinctThicknesses: 1)) {
            try FiorentiniMethfesselFit(points: [.init(size: 4, energyEV: -7), .init(size: 4, energyEV: -7.1)], surfaceAreaA2: 10)
        }
    }

    /// Hand calculation: (−18.4 − 10 × (−1.9)) / (2 × 10) = 0.6 / 20 = 0.03 eV/Å².
    @Test func singleSlabFormula() throws {
        let sigma = try SurfaceEnergy.fromSingleSlab(slabEnergyEV: -18.4, slabAtomCount: 10, bulkEnergyPerAtomEV: -1.9, surfaceAreaA2: 10)
        #expect(abs(sigma.eVPerA2 - 0.03) < 1e-12)
        #expect(abs(sigma.jPerM2 - 0.4806529902) < 1e-9)
    }

    @Test func givenValueIsKeptExactly() {
        #expect(SurfaceEnergy.given(jPerM2: 0.4245).jPerM2 == 0.4245)
        #expect(abs(SurfaceEnergy.given(jPerM2: 16.02176634).eVPerA2 - 1) < 1e-12)
    }
}
