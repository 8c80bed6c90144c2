import Foundation
import Testing
@testable import Adhesion

/// The UBER fit recovers the parameters it was made from (Rose, Smith & Ferrante 1983 form).
@Suite struct UBERFitTests {
    static func uber(_ d: Double, eInf: Double, eb: Double, d0: Double, l: Double) -> Double {
        let a = (d - d0) / l
        return eInf - eb * (1 + a) * exp(-a)
    }

    /// Exact synthetic data: E∞ = −250 eV, E_b = 1.2 eV, d₀ = 2.1 Å, ℓ = 0.55 Å on 1.6…4.1 Å.
    @Test func recoversKnownParameters() throws {
        let d = stride(from: 1.6, through: 4.1, by: 0.25).map { $0 }
        let e = d.map { Self.uber($0, eInf: -250, eb: 1.2, d0: 2.1, l: 0.55) }
        let fit = try UBERFit(separationsA: d, energiesEV: e)
        #expect(abs(fit.energyInfinityEV + 250) < 1e-6)
        #expect(abs(fit.bindingEnergyEV - 1.2) < 1e-6)
        #expect(abs(fit.equilibriumSeparationA - 2.1) < 1e-5)
        #expect(abs(fit.scalingLengthA - 0.55) < 1e-5)
        #expect(fit.rmsResidualEV < 1e-7)
        #expect(abs(fit.energyEV(atSeparationA: 2.1) - (-251.2)) < 1e-6)
    }

    /// ±2 meV alternating noise moves the parameters only a little (d₀ within 0.02 Å, E_b within 5 meV).
    @Test func toleratesSmallNoise() throws {
        let d = stride(from: 1.5, through: 4.5, by: 0.25).map { $0 }
        let e = d.enumerated().map { Self.uber($1, eInf: -80, eb: 0.6, d0: 2.4, l: 0.7) + ($0 % 2 == 0 ? 0.002 : -0.002) }
        let fit = try UBERFit(separationsA: d, energiesEV: e)
        #expect(abs(fit.equilibriumSeparationA - 2.4) < 0.02)
        #expect(abs(fit.bindingEnergyEV - 0.6) < 0.005)
        #expect(fit.rmsResidualEV < 0.0025)
    }

    @Test func needsFourSeparations() {
        #expect(throws: AdhesionError.self) { try UBERFit(separationsA: [1, 2, 3], energiesEV: [0, -1, 0]) }
    }
}
