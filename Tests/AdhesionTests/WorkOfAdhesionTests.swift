import Testing
import Units
@testable import Adhesion

@Suite struct WorkOfAdhesionTests {
    /// Hand calculation: (−100 + −200 − (−301)) eV / 50 Å² = 0.02 eV/Å²; × 16.02176634 = 0.3204353268 J/m².
    @Test func handCalculatedWorkOfAdhesion() throws {
        let w = try WorkOfAdhesion(interfaceEnergyEV: -301, filmEnergyEV: -100, substrateEnergyEV: -200, interfaceAreaA2: 50)
        #expect(abs(w.separationEnergyEV - 1.0) < 1e-12)
        #expect(abs(w.eVPerA2 - 0.02) < 1e-15)
        #expect(abs(w.jPerM2 - 0.3204353268) < 1e-10)
    }

    /// An interface that is higher in energy than the separated slabs has negative W_ad.
    @Test func unboundInterfaceIsNegative() throws {
        let w = try WorkOfAdhesion(interfaceEnergyEV: -299, filmEnergyEV: -100, substrateEnergyEV: -200, interfaceAreaA2: 25)
        #expect(abs(w.eVPerA2 - (-0.04)) < 1e-15)
    }

    @Test func rejectsNonPositiveAreaAndNaN() {
        #expect(throws: AdhesionError.nonPositiveArea(name: "the interface area", valueA2: 0)) {
            try WorkOfAdhesion(interfaceEnergyEV: -3, filmEnergyEV: -1, substrateEnergyEV: -1, interfaceAreaA2: 0)
        }
        #expect(throws: AdhesionError.self) {
            try WorkOfAdhesion(interfaceEnergyEV: .nan, filmEnergyEV: -1, substrateEnergyEV: -1, interfaceAreaA2: 10)
        }
    }

    @Test func energyKindDefaultIsSigmaZero() {
        #expect(EnergyKind.default == .sigma0)
        #expect(EnergyKind.sigma0.vasprunTag == "e_0_energy")
        #expect(EnergyKind.free.vasprunTag == "e_fr_energy")
        #expect(EnergyKind.withoutEntropy.vasprunTag == "e_wo_entrp")
    }
}
