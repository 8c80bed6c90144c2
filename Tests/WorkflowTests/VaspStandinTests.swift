import Foundation
import Testing
import TestSupport
import VASP

/// The NOT-VASP stand-in as a process: energies by hand, extensivity, failure injection.
@Suite struct VaspStandinTests {
    static let binary = Fixtures.executable("vasp-standin")
    static let available = FileManager.default.isExecutableFile(atPath: binary)
    static let skipMessage = "skipped: \(binary) not built (swift build --product vasp-standin)"

    func runFolder(poscar: String, incar: String, environment: [String: String] = [:]) throws -> (URL, Int32, String) {
        let dir = try Fixtures.temporaryDirectory("standin")
        try poscar.write(to: dir.appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
        try incar.write(to: dir.appendingPathComponent("INCAR"), atomically: true, encoding: .utf8)
        let r = Fixtures.run(Self.binary, [], environment: environment, currentDirectory: dir.path)
        return (dir, r.status, r.stdout + r.stderr)
    }

    func lastEnergy(_ dir: URL) throws -> Double {
        let text = try String(contentsOf: dir.appendingPathComponent("vasprun.xml"), encoding: .utf8)
        let line = text.split(separator: "\n").last { $0.contains("name=\"e_0_energy\"") }!
        let value = line.split(separator: ">")[1].split(separator: "<")[0].trimmingCharacters(in: .whitespaces)
        return Double(value)!
    }

    static let dimer = """
        Li2 dimer
        1.0
        20 0 0
        0 20 0
        0 0 20
        Li
        2
        Cartesian
        0 0 0
        3.04 0 0

        """

    @Test(.enabled(if: available, Comment(rawValue: skipMessage)))
    func dimerAtMorseMinimumMatchesTheFormulaByHand() throws {
        let (dir, status, _) = try runFolder(poscar: Self.dimer, incar: "# comment lines: as Adhere's templates write them\nNSW = 0   ! single point\nIBRION = -1\n")
        #expect(status == 0)
        // docs/vasp-standin.md: ε(Li) = −(0.5 + 0.03·3) = −0.59 eV; Li–Li D = 0.10 eV, α = 1.2/Å,
        // r0 = 3.04 Å; at r = r0, φ = −D; shift = φ(6 Å) = D[(1 − e^{−1.2·2.96})² − 1].
        let x = exp(-1.2 * (6.0 - 3.04))
        let expected = 2 * -0.59 + (-0.10) - 0.10 * ((1 - x) * (1 - x) - 1)
        #expect(abs(try lastEnergy(dir) - expected) < 1e-7)
        let xml = try String(contentsOf: dir.appendingPathComponent("vasprun.xml"), encoding: .utf8)
        #expect(xml.contains("<i name=\"program\" type=\"string\">vasp-standin </i>"))
        #expect(xml.hasSuffix("</modeling>\n"))
    }

    static func bccLi(_ n: Int) -> String {
        // n×1×1 supercell of bcc Li, a = 3.44 Å.
        var lines = ["bcc Li", "1.0", "\(3.44 * Double(n)) 0 0", "0 3.44 0", "0 0 3.44", "Li", "\(2 * n)", "Direct"]
        for i in 0..<n {
            lines.append("\(Double(i) / Double(n)) 0 0")
            lines.append("\((Double(i) + 0.5) / Double(n)) 0.5 0.5")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(.enabled(if: available, Comment(rawValue: skipMessage)))
    func energyIsExtensiveAndDeterministic() throws {
        let (one, s1, _) = try runFolder(poscar: Self.bccLi(1), incar: "NSW = 0\n")
        let (three, s3, _) = try runFolder(poscar: Self.bccLi(3), incar: "NSW = 0\n")
        let (again, _, _) = try runFolder(poscar: Self.bccLi(1), incar: "NSW = 0\n")
        #expect(s1 == 0 && s3 == 0)
        #expect(abs(try lastEnergy(three) - 3 * lastEnergy(one)) < 1e-6)
        #expect(try lastEnergy(again) == lastEnergy(one))
    }

    /// Two Li(001) layers 1.72 Å apart in 20 Å of vacuum: not at rest, so it relaxes for several steps.
    static let slab = """
        Li(001) bilayer
        1.0
        3.44 0 0
        0 3.44 0
        0 0 20
        Li
        2
        Cartesian
        0 0 0
        1.72 1.72 1.72

        """

    @Test(.enabled(if: available, Comment(rawValue: skipMessage)))
    func injectedFailuresPrintVaspsTextAndFailOnlyOnce() throws {
        let slab = Self.slab
        let env = ["ADHERE_STANDIN_FAIL": "zbrent", "ADHERE_STANDIN_FAIL_ONCE": "1"]
        let (dir, status, output) = try runFolder(poscar: slab, incar: "NSW = 20\nIBRION = 2\nEDIFFG = -0.001\n", environment: env)
        #expect(status == 1)
        #expect(output.contains("ZBRENT: fatal error in bracketing"))
        let truncated = try String(contentsOf: dir.appendingPathComponent("vasprun.xml"), encoding: .utf8)
        #expect(!truncated.contains("</modeling>"))
        let again = Fixtures.run(Self.binary, [], environment: env, currentDirectory: dir.path)
        #expect(again.status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("vasprun.xml"), encoding: .utf8).contains("</modeling>"))

        let (_, brmixStatus, brmixOutput) = try runFolder(poscar: slab, incar: "NSW = 5\n", environment: ["ADHERE_STANDIN_FAIL": "brmix"])
        #expect(brmixStatus == 1)
        #expect(brmixOutput.contains("BRMIX: very serious problems"))

        let (other, otherStatus, _) = try runFolder(poscar: slab, incar: "NSW = 5\n",
                                                   environment: ["ADHERE_STANDIN_FAIL": "brmix", "ADHERE_STANDIN_FAIL_IN": "no-such-folder"])
        #expect(otherStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent(".vasp-standin-injected-brmix").path))
    }

    @Test(.enabled(if: available, Comment(rawValue: skipMessage)))
    func timeoutStopsCleanlyOnStopcar() throws {
        let dir = try Fixtures.temporaryDirectory("standin")
        try Self.slab.write(to: dir.appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
        try "NSW = 50\nIBRION = 2\nEDIFFG = -0.0001\n".write(to: dir.appendingPathComponent("INCAR"), atomically: true, encoding: .utf8)
        // STOPCAR present from the start: the sleeping "timeout" ends at once, cleanly.
        try "LSTOP = .TRUE.\n".write(to: dir.appendingPathComponent("STOPCAR"), atomically: true, encoding: .utf8)
        let r = Fixtures.run(Self.binary, [], environment: ["ADHERE_STANDIN_FAIL": "timeout", "ADHERE_STANDIN_TIMEOUT_SECONDS": "30"],
                             currentDirectory: dir.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("stop requested"))
        let xml = try String(contentsOf: dir.appendingPathComponent("vasprun.xml"), encoding: .utf8)
        #expect(xml.contains("<structure name=\"finalpos\" >") && xml.hasSuffix("</modeling>\n"))
    }

    @Test(.enabled(if: available, Comment(rawValue: skipMessage)))
    func vasprunReaderReadsTheStandInsOutput() throws {
        let (dir, status, _) = try runFolder(poscar: Self.slab, incar: "NSW = 30\nIBRION = 2\nEDIFFG = -0.05\n")
        #expect(status == 0)
        let run = try Vasprun.parse(path: dir.appendingPathComponent("vasprun.xml").path, options: VasprunOptions(trajectory: true))
        #expect(run.generator.program.trimmingCharacters(in: .whitespaces) == "vasp-standin")
        #expect(run.complete)
        #expect(run.atomCount == 2)
        #expect(run.convergedIonic)
        #expect(abs((run.energies.energySigma0EV ?? .nan) - (try lastEnergy(dir))) < 1e-8)
        #expect(run.ionicSteps.count == run.ionicStepCount)
        #expect((run.maxForceEVPerA ?? 1) < 0.05)
        // A truncated file (die-mid-write) keeps its complete steps and is flagged incomplete.
        let (cut, cutStatus, _) = try runFolder(poscar: Self.slab, incar: "NSW = 30\nIBRION = 2\nEDIFFG = -0.001\n",
                                                environment: ["ADHERE_STANDIN_FAIL": "die-mid-write"])
        #expect(cutStatus != 0)
        let partial = try Vasprun.parse(path: cut.appendingPathComponent("vasprun.xml").path)
        #expect(!partial.complete)
        #expect(partial.ionicStepCount == 1)
    }
}
