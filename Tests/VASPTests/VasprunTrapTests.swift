import Foundation
import Testing
import TestSupport
@testable import VASP

/// The energy and force traps of the issue, each checked on the real file that shows it.
@Suite struct VasprunTrapTests {
    @Test func d3TermComesFromTheStepEnergyBlock() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/pbe_d3bj_relax_1atom.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path)
        // pymatgen 2026.10.24: step e_fr_energy -15.92115453, last <scstep> e_fr_energy -15.03838978.
        #expect(run.energies.freeEnergyEV == -15.92115453)
        let d3 = try #require(run.energies.freeEnergyEV) - (-15.03838978)
        #expect(abs(d3 - (-0.88276475)) < 1e-8)
    }

    @Test func selectiveDynamicsFromInitialStructure() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/vasp46_slab_selective.vasprun.xml") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path)
        // numpy over pymatgen's forces: 16.310218 eV/Å over all atoms, 0.0099845 over free ones.
        #expect(abs(try #require(run.maxForceEVPerA) - 0.009984530821395665) < 1e-7)
        let all = run.lastStep.forcesEVPerA.map { ($0 * $0).sum().squareRoot() }.max() ?? 0
        #expect(abs(all - 16.310218175315065) < 1e-6)
        // 36 of 40 atoms are fixed in the initial structure.
        let fixed = run.initialStructure?.sites.filter { $0.selectiveDynamics == [false, false, false] }.count
        #expect(fixed == 36)
        #expect(run.finalStructure?.sites.map(\.selectiveDynamics) == run.initialStructure?.sites.map(\.selectiveDynamics))
    }

    @Test func vasp5SigmaZeroIsCorrected() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/slab_adsorbate_selective.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path)
        // VASP 5.4.1 wrote e_0_energy = -0.03117544 in the step block; pymatgen's final_energy is -130.36848031.
        #expect(run.energies.rawSigma0AsWrittenEV == -0.03117544)
        #expect(abs(try #require(run.energies.energySigma0EV) - (-130.36848031)) < 1e-8)
    }

    @Test func overflowFieldsAreMissingValues() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/md_264_steps.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path)
        // INCAR: <v type="int" name="RANDOM_SEED">******     0     0</v>
        #expect(run.incar["RANDOM_SEED"] == .ints([nil, 0, 0]))
        #expect(run.incar["RANDOM_SEED"]?.isMissing == true)
    }

    @Test func trajectoryKeepsEveryStep() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/hse_relax_29_steps.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path, options: VasprunOptions(trajectory: true))
        #expect(run.ionicSteps.count == 29)
        #expect(run.ionicSteps.last == run.lastStep)
        #expect(run.ionicSteps.allSatisfy { $0.structure?.count == 25 && $0.forcesEVPerA.count == 25 })
        let plain = try Vasprun.parse(path: path)
        #expect(plain.ionicSteps.isEmpty)
    }
}

/// A vasprun.xml with a non-ASCII ISO-8859-1 byte (as VASP writes SYSTEM names) is read in its
/// declared encoding.
@Suite struct VasprunEncodingTests {
    @Test func latin1SystemName() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/md_nwrite0.vasprun.xml") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let marker = Array("<i type=\"string\" name=\"SYSTEM\">".utf8)
        let at = try #require(bytes.firstRange(of: marker)).upperBound
        bytes.insert(contentsOf: [0xC5, 0x6E, 0x67, 0x73, 0x74, 0x72, 0xF6, 0x6D, 0x20], at: at)  // "Ångström " in ISO-8859-1
        let dir = try Fixtures.temporaryDirectory("latin1")
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("vasprun.xml")
        try Data(bytes).write(to: copy)
        let run = try Vasprun.parse(file: copy)
        let original = try Vasprun.parse(path: path)
        #expect(run.incar["SYSTEM"]?.stringValue == "Ångström dpgen")
        #expect(run.ionicStepCount == original.ionicStepCount && run.energies == original.energies)
    }
}
