import Foundation
import Testing
import TestSupport
@testable import VASP

/// A vasprun.xml step is valid only when every number it contributes was read. Damaged copies
/// of a real fixture are made on the fly in a temporary folder (the fixture is read in place).
/// Expected energies: pymatgen 2026.10.24 on max_force_relax.vasprun.xml (VASP 5.3.3, 3 ionic
/// steps): ionic_steps[-2] e_fr_energy = e_wo_entrp = −469.04361233 eV, its last electronic
/// step e_0_energy = e_fr_energy (σ→0 correction 0); ionic_steps[-1] e_fr_energy −469.03407561.
@Suite(.enabled(if: Fixtures.shared("fixtures/vasprun/max_force_relax.vasprun.xml") != nil, "needs ../shared fixtures"))
struct VasprunDamageTests {
    static let fixture = Fixtures.shared("fixtures/vasprun/max_force_relax.vasprun.xml") ?? ""
    static let secondStepFreeEV = -469.04361233
    static let lastStepFreeEV = -469.03407561

    /// The fixture with `edit` applied to its text, written to a temporary file.
    static func damaged(_ edit: (inout String) throws -> Void) throws -> (URL, URL) {
        var text = try String(contentsOfFile: fixture, encoding: .utf8)
        try edit(&text)
        let dir = try Fixtures.temporaryDirectory("adhere-damaged")
        let file = dir.appendingPathComponent("vasprun.xml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    /// Range of the last `<calculation>` block.
    static func lastCalculation(_ text: String) throws -> Range<String.Index> {
        let start = try #require(text.range(of: "<calculation>", options: .backwards)).lowerBound
        let end = try #require(text.range(of: "</calculation>", options: .backwards)).upperBound
        return start..<end
    }

    /// Replaces the text of the step-level `<i name="NAME">` (after the last </scstep>) of the last step.
    static func replaceStepEnergy(_ text: inout String, _ name: String, with value: String) throws {
        let calc = try lastCalculation(text)
        let afterSCF = try #require(text.range(of: "</scstep>", options: .backwards, range: calc)).upperBound
        let open = try #require(text.range(of: "<i name=\"\(name)\">", range: afterSCF..<calc.upperBound))
        let close = try #require(text.range(of: "</i>", range: open.upperBound..<calc.upperBound))
        text.replaceSubrange(open.upperBound..<close.lowerBound, with: " \(value) ")
    }

    @Test(arguments: ["1e999", "NaN", "****************", "-469.0x407561", "", "Infinity"])
    func damagedLastEnergyFallsBackToTheLastValidStep(_ value: String) throws {
        let (dir, file) = try Self.damaged { try Self.replaceStepEnergy(&$0, "e_fr_energy", with: value) }
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Vasprun.parse(file: file)
        let damage = try #require(run.damage)
        #expect(damage.step == 3)
        #expect(damage.detail.contains("e_fr_energy"))
        #expect(run.ionicStepCount == 2)
        #expect(run.energies.freeEnergyEV == Self.secondStepFreeEV)
        #expect(run.energies.energySigma0EV == Self.secondStepFreeEV)
        #expect(!run.complete && !run.convergedIonic)
        let json = try VasprunSummary(run).jsonText()
        #expect(!json.contains("\"NaN\"") && !json.contains("\"Infinity\"") && json.contains("damaged at ionic step 3"))
    }

    @Test func damagedForceRowOrMissingRowDamagesTheStep() throws {
        for edit in ["garble", "delete"] {
            let (dir, file) = try Self.damaged { text in
                let calc = try Self.lastCalculation(text)
                let forces = try #require(text.range(of: "<varray name=\"forces\" >", range: calc)
                                          ?? text.range(of: "<varray name=\"forces\">", range: calc))
                let row = try #require(text.range(of: "<v>", range: forces.upperBound..<calc.upperBound))
                let rowEnd = try #require(text.range(of: "</v>", range: row.upperBound..<calc.upperBound))
                if edit == "garble" { text.replaceSubrange(row.upperBound..<rowEnd.lowerBound, with: " 0.1 ***** 0.2 ") }
                else { text.removeSubrange(row.lowerBound..<rowEnd.upperBound) }
            }
            defer { try? FileManager.default.removeItem(at: dir) }
            let run = try Vasprun.parse(file: file)
            #expect(run.damage?.step == 3, "\(edit)")
            #expect(run.damage?.detail.contains("forces") == true, "\(edit): \(String(describing: run.damage))")
            #expect(run.energies.freeEnergyEV == Self.secondStepFreeEV, "\(edit)")
        }
    }

    /// VASP 5.3.3 wrote e_0_energy = −0.0 in the step block (pymatgen shows it). With the last
    /// SCF step's energies damaged or absent, that raw value must not stand in for σ→0.
    @Test func rawSigmaZeroNeverStandsIn() throws {
        let (dir, file) = try Self.damaged { text in
            let calc = try Self.lastCalculation(text)
            let lastSCF = try #require(text.range(of: "<scstep>", options: .backwards, range: calc))
            let e0 = try #require(text.range(of: "<i name=\"e_0_energy\">", range: lastSCF.upperBound..<calc.upperBound))
            let close = try #require(text.range(of: "</i>", range: e0.upperBound..<calc.upperBound))
            text.replaceSubrange(e0.upperBound..<close.lowerBound, with: "1e999")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Vasprun.parse(file: file)
        #expect(run.damage?.step == 3)
        #expect(run.energies.energySigma0EV == Self.secondStepFreeEV)

        // Without any <scstep> in the last step, σ→0 is missing, not the raw −0.0.
        let (dir2, file2) = try Self.damaged { text in
            while let calc = try? Self.lastCalculation(text),
                  let open = text.range(of: "<scstep>", range: calc),
                  let close = text.range(of: "</scstep>", range: open.upperBound..<calc.upperBound) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        defer { try? FileManager.default.removeItem(at: dir2) }
        let bare = try Vasprun.parse(file: file2)
        #expect(bare.damage == nil)
        #expect(bare.energies.freeEnergyEV == Self.lastStepFreeEV)
        #expect(bare.energies.rawSigma0AsWrittenEV == 0)
        #expect(bare.energies.energySigma0EV == nil)
    }

    @Test func damageInTheFirstStepIsAnError() throws {
        let (dir, file) = try Self.damaged { text in
            let first = try #require(text.range(of: "<calculation>"))
            let end = try #require(text.range(of: "</calculation>", range: first.upperBound..<text.endIndex))
            let afterSCF = try #require(text.range(of: "</scstep>", options: .backwards, range: first.upperBound..<end.lowerBound))
            let open = try #require(text.range(of: "<i name=\"e_fr_energy\">", range: afterSCF.upperBound..<end.lowerBound))
            let close = try #require(text.range(of: "</i>", range: open.upperBound..<end.lowerBound))
            text.replaceSubrange(open.upperBound..<close.lowerBound, with: "1e999")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            try Vasprun.parse(file: file)
        } throws: { error in
            guard case .damaged(_, let step, _, _) = error as? VasprunError else { return false }
            return step == 1
        }
    }

    @Test func fifoAndDirectoryAreRefused() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-fifo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("vasprun.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A regression would block in open(); a writer opened after 20 s unblocks it so the test fails instead.
        Thread(block: { sleep(20); let fd = open(fifo, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } }).start()
        for path in [fifo, dir.path] {
            #expect {
                try Vasprun.parse(path: path)
            } throws: { error in
                if case .notAFile = error as? VasprunError { return true }
                return false
            }
        }
    }
}
