import Testing
@testable import Adhesion

/// The seed paper's Li numbers. Hand calculation (Python 3 `math`, not Adhere's code):
/// σ_Li = 0.09 / (1 + cos 142°) = 0.09 / 0.211989246 = 0.424549837 J/m²;
/// W_ad = 0.53 J/m²: cos θ = 0.53/0.424549837 − 1 = 0.248387 → θ = 75.618°;
/// W_ad = 0.97 J/m² > 2σ = 0.849 J/m² → complete wetting, θ = 0°.
@Suite struct ContactAngleTests {
    let sigmaLi = 0.424_549_837

    @Test func surfaceEnergyImpliedByLiLi2CO3() {
        let sigma = ContactAngle.impliedSurfaceEnergyJPerM2(workOfAdhesionJPerM2: 0.09, contactAngleDeg: 142)
        #expect(abs(sigma - 0.4245) < 1e-4)
        #expect(abs(sigma - sigmaLi) < 1e-8)
    }

    @Test func li2CO3AngleRoundTrips() throws {
        let angle = try ContactAngle(workOfAdhesionJPerM2: 0.09, surfaceEnergyJPerM2: sigmaLi)
        #expect(abs(angle.degrees - 142) < 1e-6)
        #expect(angle.regime == .partialWetting)
    }

    @Test func strongAdhesionIsCompleteWetting() throws {
        let angle = try ContactAngle(workOfAdhesionJPerM2: 0.97, surfaceEnergyJPerM2: sigmaLi)
        #expect(angle.degrees == 0)
        #expect(angle.regime == .completeWetting)
        #expect(angle.regime.rawValue == "complete wetting")
        #expect(angle.unclampedCosine > 1)
    }

    @Test func intermediateAdhesionGives75Point6Degrees() throws {
        let angle = try ContactAngle(workOfAdhesionJPerM2: 0.53, surfaceEnergyJPerM2: sigmaLi)
        #expect(abs(angle.degrees - 75.6) < 0.05)
        #expect(abs(angle.degrees - 75.618) < 1e-3)
        #expect(angle.regime == .partialWetting)
    }

    /// Limits by definition: W = 2σ → cos θ = 1 → 0°; W = σ → cos θ = 0 → 90°; W ≤ 0 → 180°.
    @Test func namedLimits() throws {
        #expect(try ContactAngle(workOfAdhesionJPerM2: 1.0, surfaceEnergyJPerM2: 0.5).regime == .completeWetting)
        #expect(abs(try ContactAngle(workOfAdhesionJPerM2: 0.5, surfaceEnergyJPerM2: 0.5).degrees - 90) < 1e-12)
        let zero = try ContactAngle(workOfAdhesionJPerM2: 0, surfaceEnergyJPerM2: 0.5)
        #expect(zero.degrees == 180 && zero.regime == .noAdhesion && zero.regime.rawValue == "no adhesion")
        let negative = try ContactAngle(workOfAdhesionJPerM2: -0.2, surfaceEnergyJPerM2: 0.5)
        #expect(negative.degrees == 180 && negative.regime == .noAdhesion)
    }

    @Test func nonPositiveSurfaceEnergyIsRefused() {
        #expect(throws: AdhesionError.nonPositiveSurfaceEnergy(valueJPerM2: 0)) {
            try ContactAngle(workOfAdhesionJPerM2: 0.1, surfaceEnergyJPerM2: 0)
        }
    }

    /// Full chain, hand calculation: energies giving 0.53 J/m² over 40 Å²:
    /// ΔE = 0.53 / 16.02176634 × 40 = 1.323200 eV.
    @Test func analysisChainsWorkOfAdhesionIntoAngle() throws {
        let deltaEV = 0.53 / 16.021_766_34 * 40
        let w = try WorkOfAdhesion(interfaceEnergyEV: -500 - deltaEV, filmEnergyEV: -200, substrateEnergyEV: -300, interfaceAreaA2: 40)
        let analysis = try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .given(jPerM2: sigmaLi))
        #expect(abs(analysis.workOfAdhesion.jPerM2 - 0.53) < 1e-9)
        #expect(abs(analysis.contactAngle.degrees - 75.618) < 1e-3)
        #expect(analysis.energyKind == .sigma0)
    }
}
