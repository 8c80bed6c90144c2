import Adhesion
import Archive
import Testing

@Suite struct InterfaceCollectionTests {
    let geometry = InterfaceGeometry(filmLabel: "Li(001)", substrateLabel: "Li2CO3(001)", filmMiller: [0, 0, 1],
                                     substrateMiller: [0, 0, 1], filmSupercell: [[3, 0, 0], [0, 2, 0], [0, 0, 1]],
                                     substrateSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], interfaceAreaA2: 50,
                                     strainPercent: 1.25, atomCount: 312)

    func settings(_ label: String, encut: Double = 520) -> CalculationSettings {
        CalculationSettings(label: label, encutEV: encut, gga: "PE", ismear: 0, sigmaEV: 0.05, kMeshInPlane: [4, 4],
                            inPlaneLatticeA: [[10, 0, 0], [0, 5, 0]], cLengthA: 40)
    }

    /// Last-step σ→0 energies −300.5, −100, −200 over 50 Å² → 0.5 eV / 50 Å² = 0.01 eV/Å²
    /// (hand calculation); the free energies (−0.001 each) give (−100.001 − 200.001 + 300.501)/50
    /// = 0.00998 eV/Å².
    @Test func collectsFromLastStepOfChosenEnergy() throws {
        let i = ArchiveSamples.calculation("iface", role: "interface", sigma0: [-300, -300.5])
        let f = ArchiveSamples.calculation("film", role: "film", sigma0: [-100])
        var s = ArchiveSamples.calculation("sub", role: "substrate", sigma0: [-199, -200])
        let sigma0 = try ArchivedInterface.collect(name: "x", geometry: geometry, interface: i, film: f, substrate: s,
                                                   settings: [settings("interface"), settings("film"), settings("substrate")],
                                                   surfaceEnergy: .given(jPerM2: 0.4245))
        #expect(abs(sigma0.analysis.workOfAdhesion.eVPerA2 - 0.01) < 1e-12)
        #expect(sigma0.analysis.energyKind == .sigma0)
        #expect(!sigma0.isStandIn)
        let free = try ArchivedInterface.collect(name: "x", geometry: geometry, interface: i, film: f, substrate: s,
                                                 settings: [], surfaceEnergy: .given(jPerM2: 0.4245), energyKind: .free)
        #expect(abs(free.analysis.workOfAdhesion.eVPerA2 - 0.00998) < 1e-12)
        s.isStandIn = true
        #expect(try ArchivedInterface.collect(name: "x", geometry: geometry, interface: i, film: f, substrate: s,
                                              settings: [], surfaceEnergy: .given(jPerM2: 0.4245)).isStandIn)
    }

    @Test func refusesInconsistentRuns() {
        let i = ArchiveSamples.calculation("iface", role: "interface", sigma0: [-300.5])
        let f = ArchiveSamples.calculation("film", role: "film", sigma0: [-100])
        let s = ArchiveSamples.calculation("sub", role: "substrate", sigma0: [-200])
        do {
            _ = try ArchivedInterface.collect(name: "x", geometry: geometry, interface: i, film: f, substrate: s,
                                              settings: [settings("interface"), settings("film", encut: 400), settings("substrate")],
                                              surfaceEnergy: .given(jPerM2: 0.4245))
            Issue.record("W_ad must be refused")
        } catch {
            guard case let .inconsistent(name, inner) = error else { Issue.record("wrong error \(error)"); return }
            #expect(name == "x")
            #expect(inner.differences.map(\.setting) == ["ENCUT"])
            #expect(error.description.contains("film 400.0 eV"))
        }
    }

    @Test func missingStepIsNamed() {
        let empty = ArchivedCalculation(id: "iface", role: "interface",
                                        energies: IonicStepEnergies(freeEnergyEV: [], energyWithoutEntropyEV: [], energySigma0EV: []))
        let f = ArchiveSamples.calculation("film", role: "film", sigma0: [-100])
        #expect(throws: InterfaceCollectionError.missingEnergy(calculation: "iface", kind: .sigma0)) {
            try ArchivedInterface.collect(name: "x", geometry: geometry, interface: empty, film: f, substrate: f,
                                          settings: [], surfaceEnergy: .given(jPerM2: 0.4245))
        }
    }
}
