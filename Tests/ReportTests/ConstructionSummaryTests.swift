import Adhesion
import Archive
import Crystal
import Foundation
import Report
import Testing

/// What `adhere report` prints under the table about how each interface was built. Numbers are
/// hand-chosen; the cell lines are checked against lengths computed by hand.
@Suite struct ConstructionSummaryTests {
    static func interface(construction: InterfaceConstruction?, series: [(Int, Double)]? = nil) throws -> ArchivedInterface {
        let w = try WorkOfAdhesion(interfaceEnergyEV: -300.5, filmEnergyEV: -100, substrateEnergyEV: -200, interfaceAreaA2: 50)
        let sigma: SurfaceEnergy = try series.map { .fiorentiniMethfessel(try FiorentiniMethfesselFit(
            points: $0.map { SlabEnergyPoint(size: $0.0, energyEV: $0.1) }, surfaceAreaA2: 10)) } ?? .given(jPerM2: 0.4245)
        return ArchivedInterface(
            name: "LiF", filmLabel: "Li(001)", substrateLabel: "LiF(001)", filmMiller: [0, 0, 1], substrateMiller: [0, 0, 1],
            filmSupercell: [[3, 0, 0], [0, 3, 0], [0, 0, 1]], substrateSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
            strainPercent: 0.34, atomCount: 149, interfaceCalculationID: "i", filmCalculationID: "f", substrateCalculationID: "s",
            analysis: try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: sigma), construction: construction)
    }

    static func construction() -> InterfaceConstruction {
        let t = TerminationCandidate(row: 0, termination: 0, kind: .asCut, topPlaneIndex: 2, bottomFormula: "LiF", topFormula: "LiF",
                                     formula: "Li4F4", atoms: 8, layers: 4, thicknessA: 6.04, isStoichiometric: true, netChargeE: 0,
                                     dipolePerAreaEPerA: 0, isSymmetric: true, isPolar: false, taskerType: .one, brokenBonds: 2,
                                     brokenBondsPerA2: 0.123)
        let li = TerminationCandidate(row: 0, termination: 0, kind: .asCut, topPlaneIndex: 4, bottomFormula: "Li", topFormula: "Li",
                                      formula: "Li5", atoms: 5, layers: 5, thicknessA: 6.88, isStoichiometric: true, netChargeE: nil,
                                      dipolePerAreaEPerA: nil, isSymmetric: true, isPolar: false, taskerType: nil, brokenBonds: 4,
                                      brokenBondsPerA2: 0.17)
        return InterfaceConstruction(
            substrateTermination: t, filmTermination: li, substrateSelection: "automatic", terminationNotes: [],
            principalStrains: [-0.0051, -0.0051], arealStrain: 0.9949 * 0.9949 - 1, vonMisesStrain: 0.0034,
            startingSeparationA: 2.47, separationSource: "species-aware (covalent radii)", substrateFixedRegion: "bottom 2.50 Å",
            filmFixedRegion: "top 40 %", substrateFixedAtoms: 36, filmFixedAtoms: 18,
            bulkLattices: [BulkLattice(id: "Li-bulk", input: Lattice([[3.51, 0, 0], [0, 3.51, 0], [0, 0, 3.51]]),
                                       relaxed: Lattice([[3.44, 0, 0], [0, 3.44, 0], [0, 0, 3.44]]), usedForSlabs: true)])
    }

    @Test func terminationStrainsFixedAtomsAndLatticesArePrinted() throws {
        let archive = StudyArchive(path: "a.h5", interfaces: [try Self.interface(construction: Self.construction())], calculations: [])
        let md = ConstructionSummary(archive).markdown()
        #expect(md.contains("- substrate LiF(001): row 0 (automatic), Li4F4, stoichiometric, charge +0.00 e, dipole +0.0000 e·Å/Å², symmetric, Tasker 1"))
        // Areal strain by hand: 0.9949² − 1 = −1.0174 %.
        #expect(md.contains("- film strain: principal -0.51 %, -0.51 %; areal -1.02 %; von Mises 0.34 %"))
        #expect(md.contains("- fixed atoms: substrate 36 (bottom 2.50 Å), film 18 (top 40 %)"))
        #expect(md.contains("- starting separation 2.470 Å (species-aware (covalent radii))"))
        #expect(md.contains("- Li-bulk: 3.5100 3.5100 3.5100 Å, 90.00 90.00 90.00° → 3.4400 3.4400 3.4400 Å, 90.00 90.00 90.00°"))
    }

    /// A polar termination prints its signed dipole; a dipole below 5e-5 prints as +0.0000 (never −0.0000).
    @Test func dipolesPrintSignedAndNeverNegativeZero() throws {
        var c = Self.construction()
        c.substrateTermination.dipolePerAreaEPerA = -0.1088
        c.substrateTermination.taskerType = .three
        var md = ConstructionSummary(StudyArchive(path: "a.h5", interfaces: [try Self.interface(construction: c)], calculations: [])).markdown()
        #expect(md.contains("charge +0.00 e, dipole -0.1088 e·Å/Å², symmetric, Tasker 3"), "\(md)")
        c.substrateTermination.dipolePerAreaEPerA = -1e-9
        md = ConstructionSummary(StudyArchive(path: "a.h5", interfaces: [try Self.interface(construction: c)], calculations: [])).markdown()
        #expect(md.contains("dipole +0.0000 e·Å/Å²"), "\(md)")
    }

    /// `--format json` rows carry the same record (decoded back with Foundation's JSONSerialization).
    @Test func jsonRowsCarryTheConstruction() throws {
        let archive = StudyArchive(path: "a.h5", interfaces: [try Self.interface(construction: Self.construction())], calculations: [])
        let text = try AdhesionTable(rows: archive.rows()).render(.json)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let row = try #require((json["rows"] as? [[String: Any]])?.first)
        let c = try #require(row["construction"] as? [String: Any])
        let t = try #require(c["substrateTermination"] as? [String: Any])
        #expect(t["formula"] as? String == "Li4F4" && t["taskerType"] as? Int == 1 && t["dipolePerAreaEPerA"] as? Double == 0)
        #expect(c["substrateFixedAtoms"] as? Int == 36 && c["startingSeparationA"] as? Double == 2.47)
    }

    @Test func olderArchivesSaySoAndAMovingSigmaSeriesIsNamed() throws {
        // E(N) = 0.6 − 1.9 N eV with +10, −20, +10 meV at N = 5, 7, 9: the fit's slope and
        // intercept are unchanged and σ(9) − σ(7) = 0.03 eV / 20 Å² = 0.0015 eV/Å² = 0.0240 J/m².
        let series = zip([5, 7, 9], [0.01, -0.02, 0.01]).map { ($0, 0.6 - 1.9 * Double($0) + $1) }
        let archive = StudyArchive(path: "a.h5", interfaces: [try Self.interface(construction: nil, series: series)], calculations: [])
        let md = ConstructionSummary(archive).markdown()
        #expect(md.contains("not recorded"))
        let withConstruction = StudyArchive(path: "a.h5", interfaces: [try Self.interface(construction: Self.construction(), series: series)],
                                            calculations: [])
        #expect(ConstructionSummary(withConstruction).markdown().contains("σ(9) − σ(7) = +0.0240 J/m², more than 0.01 J/m²"))
    }
}
