import Testing
@testable import VASP

/// The collect tag set of the one guard: what the runs report must agree before W_ad.
/// Expected lists written by hand from the settings below (no value Adhere printed).
@Suite struct CollectConsistencyGuardTests {
    func settings(_ label: String, potcars: [String: String]) -> CalculationSettings {
        CalculationSettings(label: label, encutEV: 520, gga: "PE", ivdw: 12, ismear: 0, sigmaEV: 0.05, kMesh: [4, 4, 1],
                            vacuumAxis: 2, latticeRowsA: [[10.2, 0, 0], [0, 10.2, 0], [0, 0, 45]],
                            ldipol: true, idipol: 3, dipolCentre: [0.5, 0.5, 0.5], potcarIdentityByElement: potcars)
    }

    var consistent: [CalculationSettings] {
        [settings("interface", potcars: ["Li": "PAW_PBE Li_sv 10Feb1998", "C": "PAW_PBE C 08Apr2002", "O": "PAW_PBE O 08Apr2002"]),
         settings("film", potcars: ["Li": "PAW_PBE Li_sv 10Feb1998"]),
         settings("substrate", potcars: ["Li": "PAW_PBE Li_sv 10Feb1998", "C": "PAW_PBE C 08Apr2002", "O": "PAW_PBE O 08Apr2002"])]
    }

    @Test func consistentCalculationsPass() throws {
        #expect(ConsistencyGuard.collect.differences(consistent).isEmpty)
        try ConsistencyGuard.collect.check(consistent)
    }

    @Test func everyDifferenceIsListedInTheSetsOrder() {
        var calcs = consistent
        calcs[1].encutEV = 400
        calcs[2].gga = nil
        calcs[2].metagga = "R2SCAN"
        calcs[1].kMesh = [6, 6, 1]
        calcs[2].latticeRowsA = [[10.21, 0, 0], [0, 10.2, 0], [0, 0, 45]]
        calcs[0].latticeRowsA = [[10.2, 0, 0], [0, 10.2, 0], [0, 0, 50]]
        calcs[1].ldipol = false
        calcs[2].potcarIdentityByElement["Li"] = "PAW_PBE Li 17Jan2003"
        calcs[0].ismear = -1
        calcs[0].sigmaEV = 0.1
        calcs[1].ivdw = 0
        let names = ConsistencyGuard.collect.differences(calcs).map(\.setting)
        #expect(names == ["ENCUT", "GGA", "METAGGA", "IVDW", "ISMEAR", "SIGMA", "in-plane k-mesh",
                          "in-plane lattice (Å)", "c length", "LDIPOL", "POTCAR Li"])
        do {
            try ConsistencyGuard.collect.check(calcs)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.differences.count == 11)
            #expect(error.description.contains("ENCUT: interface 520 eV, film 400 eV, substrate 520 eV"))
        }
    }

    /// An ML potential or GPAW result must not be mixed with VASP's, nor two models of one engine.
    @Test func engineAndModelMustMatch() {
        var calcs = consistent
        calcs[1].engine = "mace"
        calcs[1].modelID = "mace-mp-0-medium"
        #expect(ConsistencyGuard.collect.differences(calcs).map(\.setting).prefix(2) == ["engine", "model"])
        #expect(ConsistencyGuard.build.differences(calcs).map(\.setting).prefix(2) == ["engine", "model"])
    }

    /// Elements only one calculation contains are not differences; IVDW 0 and unset both mean
    /// no correction; lattice noise below 1e-4 Å is tolerated.
    @Test func absentElementsEquivalentDefaultsAndNoiseAreNotDifferences() {
        var calcs = consistent
        for i in calcs.indices { calcs[i].ivdw = i == 0 ? 0 : nil }
        calcs[2].latticeRowsA = [[10.200_01, 0, 0], [0, 10.2, 0], [0, 0, 45.000_05]]
        #expect(ConsistencyGuard.collect.differences(calcs).isEmpty)
    }

    /// The build set leaves out what only the run fixes (smearing is in the INCAR but the
    /// references' vacuum height may differ at build): c length is not compared there.
    @Test func buildSetIgnoresVacuumHeight() {
        var calcs = consistent
        calcs[1].latticeRowsA = [[10.2, 0, 0], [0, 10.2, 0], [0, 0, 60]]
        #expect(ConsistencyGuard.build.differences(calcs).isEmpty)
        #expect(ConsistencyGuard.collect.differences(calcs).map(\.setting) == ["c length"])
    }
}
