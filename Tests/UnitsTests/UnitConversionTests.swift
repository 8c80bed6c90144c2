import Testing
import Units

@Suite struct UnitConversionTests {
    /// The seed paper's factor: 1 eV/Å² = 16.0218 J/m² (e = 1.602176634e-19 C, 1 Å² = 1e-20 m²).
    @Test func evPerA2ToJPerM2MatchesPaperFactor() {
        #expect(abs(UnitConversion.jPerM2(fromEVPerA2: 1) - 16.0218) < 1e-4)
        #expect(abs(UnitConversion.eVPerA2(fromJPerM2: 16.02176634) - 1) < 1e-12)
    }

    /// 1 amu/Å³ = 1.66054 g/cm³ (1 amu = 1.66053907e-24 g).
    @Test func densityFactor() {
        #expect(abs(UnitConversion.gPerCm3PerAmuPerA3 - 1.660_539) < 1e-6)
    }
}
