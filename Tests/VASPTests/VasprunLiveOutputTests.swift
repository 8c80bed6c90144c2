import Foundation
import Testing
import TestSupport
@testable import VASP

/// OSZICAR, OUTCAR-tail and standard-output readers on real calculation folders
/// (../shared/fixtures/calc-dirs). Expected numbers are copied by hand from the files' text.
@Suite struct VasprunLiveOutputTests {
    @Test func oszicarOfAFinishedRelaxation() throws {
        guard let path = Fixtures.shared("fixtures/calc-dirs/atomate_si_relax/OSZICAR.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let p = try OSZICAR.read(path: path)
        #expect(p.ionicSteps.map(\.step) == [1, 2, 3])
        // "   3 F= -.10846716E+02 E0= -.10846716E+02  d E =-.488059E-02  mag=     0.0000"
        #expect(p.lastStep?.freeEnergyEV == -10.846716)
        #expect(p.lastStep?.energySigma0EV == -10.846716)
        #expect(p.lastStep?.deltaEEV == -0.00488059)
        #expect(p.lastStep?.magnetization == 0)
        #expect(p.scfOfLastStep == 4)
        #expect(p.scfInProgress.isEmpty)
        // A small tail still finds the last step.
        let tail = try OSZICAR.readTail(path: path, lastBytes: 300)
        #expect(tail.lastStep?.step == 3)
    }

    @Test func oszicarOfAKilledJobShowsTheStepInProgress() throws {
        guard let path = Fixtures.shared("fixtures/calc-dirs/pyiron_killed_interface_slab/OSZICAR") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let p = try OSZICAR.readTail(path: path)
        #expect(p.ionicSteps.isEmpty)
        // "DAV:  10    -0.234624739335E+04    0.34484E+04 ..."
        #expect(p.scfInProgress.last == VASPProgress.SCFLine(algorithm: "DAV", iteration: 10, energyEV: -2346.24739335, deltaEEV: 3448.4))
    }

    @Test func outcarTailOfFinishedAndKilledRuns() throws {
        guard let done = Fixtures.shared("fixtures/calc-dirs/atomate_si_relax/OUTCAR.gz"),
              let killed = Fixtures.shared("fixtures/calc-dirs/pyiron_killed_interface_slab/OUTCAR") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let a = try OUTCARTail.read(path: done)
        #expect(a.finished && a.reachedRequiredAccuracy)
        #expect(a.freeEnergyEV == -10.84671647)
        #expect(a.energyWithoutEntropyEV == -10.84671647 && a.energySigma0EV == -10.84671647)
        #expect(a.ionicStep == 3 && a.scfIteration == 4)
        #expect(a.elapsedSeconds == 8.552)
        let b = try OUTCARTail.read(path: killed)
        #expect(!b.finished)
        #expect(b.ionicStep == 1 && b.scfIteration == 11)
        #expect(b.freeEnergyEV == -2346.24739335)
    }

    @Test func stdoutOfAKilledJob() throws {
        guard let path = Fixtures.shared("fixtures/calc-dirs/pyiron_killed_interface_slab/error.out") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let out = try VASPStdout.read(path: path)
        // The folder's error.out ends with VASP's "Error EDDDAV: Call to ZHEGV failed".
        #expect(out.failures.contains(.edddav))
    }

    @Test func stdoutOfAFinishedRun() throws {
        guard let path = Fixtures.shared("fixtures/calc-dirs/atomate_si_relax/vasp.out.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let out = try VASPStdout.read(path: path)
        #expect(out.versionLine?.hasPrefix("vasp.5.4.1") == true)
        #expect(out.failures.isEmpty)
        #expect(out.progress.ionicSteps.count == 3)
    }

    @Test func mdLineHasTemperature() {
        let p = VASPProgress(text: "RMM:  4  -0.25E+03  0.1E-03\n  12 T=   301. E= -.25123456E+03 F= -.25237927E+03 E0= -.25236530E+03  EK= 0.12328E+01 SP= 0.00E+00 SK= 0.00E+00\n")
        #expect(p.lastStep == VASPProgress.IonicLine(step: 12, freeEnergyEV: -252.37927, energySigma0EV: -252.3653,
                                                       deltaEEV: nil, magnetization: nil, temperatureK: 301))
    }
}
