import Testing
@testable import Adhesion

@Suite struct CollectConsistencyGuardTests {
    func settings(_ label: String, potcars: [String: String]) -> CalculationSettings {
        CalculationSettings(label: label, encutEV: 520, gga: "PE", ivdw: 12, ismear: 0, sigmaEV: 0.05,
                            kMeshInPlane: [4, 4], inPlaneLatticeA: [[10.2, 0, 0], [0, 10.2, 0]], cLengthA: 45,
                            ldipol: true, idipol: 3, dipolCentre: [0.5, 0.5, 0.5], potcarIdentityByElement: potcars)
    }

    var consistent: [CalculationSettings] {
        [settings("interface", potcars: ["Li": "PAW_PBE Li_sv 10Feb1998", "C": "PAW_PBE C 08Apr2002", "O": "PAW_PBE O 08Apr2002"]),
         settings("film", potcars: ["Li": "PAW_PBE Li_sv 10Feb1998"]),
         settings("substrate", potcars: ["Li": "PAW_PBE Li_sv 10Feb1998", "C": "PAW_PBE C 08Apr2002", "O": "PAW_PBE O 08Apr2002"])]
    }

    @Test func consistentCalculationsPass() throws {
        #expect(CollectConsistencyGuard().differences(consistent).isEmpty)
        try CollectConsistencyGuard().check(consistent)
    }

    @Test func everyDifferenceIsListed() {
        var calcs = consistent
        calcs[1].encutEV = 400
        calcs[2].gga = nil
        calcs[2].metagga = "R2SCAN"
        calcs[1].kMeshInPlane = [6, 6]
        calcs[2].inPlaneLatticeA = [[10.21, 0, 0], [0, 10.2, 0]]
        calcs[0].cLengthA = 50
        calcs[1].ldipol = false
        calcs[2].potcarIdentityByElement["Li"] = "PAW_PBE Li 17Jan2003"
        calcs[0].ismear = -1
        calcs[0].sigmaEV = 0.1
        calcs[1].ivdw = 0
        let names = CollectConsistencyGuard().differences(calcs).map(\.setting)
        #expect(names == ["ENCUT", "GGA", "METAGGA", "IVDW", "ISMEAR", "SIGMA", "k-mesh (in-plane)",
                          "in-plane lattice", "c length", "LDIPOL", "POTCAR Li"])
        do {
            try CollectConsistencyGuard().check(calcs)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.differences.count == 11)
            #expect(error.description.contains("ENCUT: interface 520.0 eV, film 400.0 eV, substrate 520.0 eV"))
            #expect(error.description.contains("POTCAR Li"))
        }
    }

    /// Elements that only one calculation contains (C and O are absent from the Li film) are
    /// not differences; IVDW 0 and unset both mean no correction.
    @Test func absentElementsAndEquivalentDefaultsAreNotDifferences() {
        var calcs = consistent
        for i in calcs.indices { calcs[i].ivdw = i == 0 ? 0 : nil }
        calcs[1].potcarIdentityByElement = ["Li": "PAW_PBE Li_sv 10Feb1998"]
        #expect(CollectConsistencyGuard().differences(calcs).isEmpty)
    }

    @Test func smallLatticeNoiseIsTolerated() {
        var calcs = consistent
        calcs[2].inPlaneLatticeA = [[10.200_01, 0, 0], [0, 10.2, 0]]
        calcs[2].cLengthA = 45.000_05
        #expect(CollectConsistencyGuard().differences(calcs).isEmpty)
    }
}

@Suite struct CalculationSettingsFromINCARTests {
    /// Values written by hand: c = |(0, 0, 45)| = 45 Å; DIPOL parsed to three numbers.
    @Test func parsesTagsAsVASPWritesThem() {
        let s = CalculationSettings(
            label: "film",
            incar: ["encut": "520.0", "GGA": "PE", "IVDW": "12", "ISMEAR": "0", "SIGMA": "0.05", "LDIPOL": ".TRUE.",
                    "IDIPOL": "3", "DIPOL": "0.5 0.5 0.42", "EDIFF": "1.0D-6"],
            kpointMesh: [4, 4, 1], latticeRowsA: [[10.2, 0, 0], [0, 10.2, 0], [0, 0, 45]],
            potcarIdentityByElement: ["Li": "PAW_PBE Li_sv 10Feb1998"])
        #expect(s.encutEV == 520)
        #expect(s.gga == "PE")
        #expect(s.metagga == nil)
        #expect(s.ivdw == 12)
        #expect(s.ismear == 0 && s.sigmaEV == 0.05)
        #expect(s.ldipol == true && s.idipol == 3)
        #expect(s.dipolCentre == [0.5, 0.5, 0.42])
        #expect(s.kMeshInPlane == [4, 4])
        #expect(s.inPlaneLatticeA == [[10.2, 0, 0], [0, 10.2, 0]])
        #expect(s.cLengthA == 45)
        let other = CalculationSettings(label: "substrate", incar: ["ENCUT": "400", "LDIPOL": "F"], kpointMesh: [4, 4, 1],
                                        latticeRowsA: [[10.2, 0, 0], [0, 10.2, 0], [0, 0, 45]], potcarIdentityByElement: [:])
        #expect(other.ldipol == false)
        let names = CollectConsistencyGuard().differences([s, other]).map(\.setting)
        #expect(names.contains("ENCUT") && names.contains("LDIPOL") && names.contains("IVDW"))
    }
}
