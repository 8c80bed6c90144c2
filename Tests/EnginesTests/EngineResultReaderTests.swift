import Foundation
import Testing
@testable import Engines

/// Result files made on the fly: an intact two-step relaxation of a 2-atom cell, then the same
/// bytes damaged the ways a killed job or a broken disk damages them. Expected values are the
/// numbers written into the file here (hand-made, not printed by Adhere).
@Suite struct EngineResultReaderTests {
    static let start = #"{"record":"start","format":"adhere-engine-result/1","engine":"mlip","engine_package":"sevenn","engine_version":"0.13.0","model":"sevennet-0","model_file":"checkpoint_sevennet_0.pth","model_sha256":"ab12","dispersion":"d3bj","dispersion_version":"1.2.1","ase_version":"3.29.0","calculation":"relax","relax_cell":false,"force_threshold_eV_per_A":0.03,"max_steps":300,"kpoints":null,"atoms":2,"symbols":["Li","Li"]}"#

    static func step(_ i: Int, energy: String, maxForce: String = "0.01") -> String {
        #"{"record":"step","index":\#(i),"energy_eV":\#(energy),"dispersion_energy_eV":-0.25,"max_force_eV_per_A":\#(maxForce),"forces_eV_per_A":[[0,0,0.01],[0,0,-0.01]],"lattice_A":[[3.44,0,0],[0,3.44,0],[0,0,3.44]],"positions_A":[[0,0,0],[1.72,1.72,1.72]],"stress_eV_per_A3":null}"#
    }

    static let final = #"{"record":"final","converged":true,"stopped_by":null,"steps":2,"energy_eV":-3.81,"dispersion_energy_eV":-0.25,"max_force_eV_per_A":0.01,"wall_seconds":1.5}"#

    static var intactLines: [String] { [start, step(0, energy: "-3.80", maxForce: "0.2"), step(1, energy: "-3.81"), final] }

    static func parse(_ lines: [String], trailingNewline: Bool = true) throws -> EngineResult {
        try EngineResultReader.parse(Data((lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).utf8), file: "made.jsonl")
    }

    @Test func intactFileGivesEnergyProvenanceAndConvergence() throws {
        let r = try Self.parse(Self.intactLines)
        #expect(r.isComplete && r.converged && r.damage == nil)
        #expect(r.steps.count == 2)
        #expect(r.energyEV == -3.81 && r.dispersionEnergyEV == -0.25)
        #expect(r.provenance.model == "sevennet-0" && r.provenance.dispersion == .d3bj && r.provenance.modelSHA256 == "ab12")
        #expect(r.steps[0].maxForceEVPerA == 0.2)
        #expect(EngineIdentity(r.provenance).description == "mlip sevennet-0 + d3bj")
    }

    @Test func missingFinalRecordIsPartialWithLastValidStep() throws {
        let r = try Self.parse(Array(Self.intactLines.dropLast()))
        #expect(!r.isComplete && r.damage == nil && r.final == nil)
        #expect(r.energyEV == -3.81)
    }

    @Test func lineCutOffMidNumberIsDroppedAndFlagged() throws {
        // The job was killed while writing step 1: the line stops inside the energy.
        var lines = Array(Self.intactLines.prefix(2))
        lines.append(String(Self.step(1, energy: "-3.81").prefix(60)))
        let r = try Self.parse(lines, trailingNewline: false)
        #expect(r.steps.count == 1)
        #expect(r.energyEV == -3.80)
        #expect(r.damage?.line == 3)
        #expect(!r.isComplete)
    }

    @Test(arguments: [
        ("damaged number", step(1, energy: "-3.8.1")),
        ("NaN energy", step(1, energy: "NaN")),
        ("infinite force", step(1, energy: "-3.81", maxForce: "1e999")),
        ("negative max force", step(1, energy: "-3.81", maxForce: "-1")),
        ("step out of order", step(5, energy: "-3.81")),
        ("garbage", "\u{0}\u{0}\u{0}"),
        ("missing forces", #"{"record":"step","index":1,"energy_eV":-3.81}"#),
        ("wrong force shape", step(1, energy: "-3.81").replacingOccurrences(of: "[[0,0,0.01],[0,0,-0.01]]", with: "[[0,0,0.01]]")),
    ])
    func damagedStepStopsReadingBeforeIt(_ name: String, _ damaged: String) throws {
        let lines = [Self.start, Self.step(0, energy: "-3.80", maxForce: "0.2"), damaged, Self.final]
        let r = try Self.parse(lines)
        #expect(r.steps.count == 1, "case \(name)")
        #expect(r.energyEV == -3.80, "case \(name): only the intact step's energy")
        #expect(r.damage?.line == 3, "case \(name)")
        #expect(r.final == nil && !r.isComplete, "case \(name): the final record after damage is not trusted")
    }

    @Test func finalRecordDisagreeingWithLastStepIsDamage() throws {
        let wrong = Self.final.replacingOccurrences(of: #""energy_eV":-3.81"#, with: #""energy_eV":-9.99"#)
        let r = try Self.parse(Array(Self.intactLines.dropLast()) + [wrong])
        #expect(r.final == nil && r.damage?.line == 4)
        #expect(r.energyEV == -3.81)
    }

    @Test func errorRecordIsAFailureNotAnEnergy() throws {
        let error = #"{"record":"error","stage":"step 1","scf_converged":false,"message":"KohnShamConvergenceError: Did not converge!"}"#
        let r = try Self.parse([Self.start, Self.step(0, energy: "-3.80"), error])
        #expect(r.failure?.scfConverged == false)
        #expect(!r.isComplete && !r.converged)
    }

    @Test func fileWithoutStartRecordIsRefused() {
        #expect(throws: EngineError.self) { try Self.parse([Self.step(0, energy: "-3.80")]) }
        #expect(throws: EngineError.self) { try EngineResultReader.parse(Data(), file: "empty.jsonl") }
        #expect(throws: EngineError.self) { try Self.parse([String(Self.start.prefix(40))], trailingNewline: false) }
    }

    @Test func secondModelRecordIsRead() throws {
        let second = #"{"record":"second_model","model":"chgnet","model_sha256":"cd34","energy_eV":-3.70,"dispersion_energy_eV":-0.25}"#
        let r = try Self.parse([Self.start, Self.step(0, energy: "-3.80", maxForce: "0.2"), Self.step(1, energy: "-3.81"), second, Self.final])
        #expect(r.isComplete && r.secondModel?.model == "chgnet" && r.secondModel?.energyEV == -3.70)
        let damaged = second.replacingOccurrences(of: "-3.70", with: "-3.7.0")
        let d = try Self.parse([Self.start, Self.step(0, energy: "-3.80", maxForce: "0.2"), Self.step(1, energy: "-3.81"), damaged, Self.final])
        #expect(d.secondModel == nil && d.damage?.line == 4 && !d.isComplete)
    }

    @Test func otherFormatVersionIsRefused() {
        let v2 = Self.start.replacingOccurrences(of: "adhere-engine-result/1", with: "adhere-engine-result/2")
        #expect(throws: EngineError.self) { try Self.parse([v2]) }
    }

    /// Every prefix of an intact file is either refused (no whole start line) or gives only whole
    /// steps whose energies are the ones written (no truncation invents a number).
    @Test func everyTruncationGivesOnlyWrittenEnergies() throws {
        let text = Self.intactLines.joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            guard let r = try? EngineResultReader.parse(Data(bytes[0..<cut])) else {
                #expect(cut <= Self.start.utf8.count, "cut \(cut): refused after a whole start line")
                continue
            }
            #expect(r.steps.allSatisfy { [-3.80, -3.81].contains($0.energyEV) }, "cut \(cut)")
            #expect(r.isComplete == (cut == bytes.count), "cut \(cut)")
        }
    }
}
