import ArgumentParser
import Foundation
import VASP

/// `adhere parse`: Parse a vasprun.xml (plain or .gz).
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a vasprun.xml (plain or .gz).",
        discussion: """
            Prints the run's energies (of the last complete ionic step), convergence and structure \
            summary. A truncated file (killed job) gives every complete step and complete=false. \
            Rules and caveats: docs/vasprun.md.
            """)

    @Argument(help: "The vasprun.xml file (.gz is read directly).")
    var file: String

    @Flag(help: "Print JSON (stable keys, see docs/vasprun.md).")
    var json = false

    @Flag(help: "Include every ionic step (energies, max force, SCF steps, lattice).")
    var trajectory = false

    func run() throws {
        let run = try Vasprun.parse(path: file, options: VasprunOptions(trajectory: trajectory))
        let summary = VasprunSummary(run)
        if json {
            print(try summary.jsonText())
            return
        }
        print(Self.text(run, summary))
    }

    static func text(_ run: Vasprun, _ s: VasprunSummary) -> String {
        func f(_ v: Double?, _ digits: Int = 8) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "missing" }
        var lines: [String] = []
        lines.append("file:                \(run.path)")
        lines.append("program:             \(s.program) \(s.version)")
        lines.append("complete:            \(s.complete)" + (run.truncation.map { " (\($0.message))" } ?? ""))
        if let damage = s.damage { lines.append("DAMAGED:             \(damage)") }
        lines.append("atoms:               \(s.natoms) (\(run.finalStructure?.formula ?? "?"))")
        lines.append("ionic steps:         \(s.ionicSteps)")
        lines.append("free energy:         \(f(s.energies.freeEnergyEV)) eV")
        lines.append("energy w/o entropy:  \(f(s.energies.energyWithoutEntropyEV)) eV")
        lines.append("energy (sigma->0):   \(f(s.energies.energySigma0EV)) eV")
        lines.append("max force (free):    \(f(s.maxForceEVPerA, 6)) eV/Å")
        lines.append("electronic conv.:    \(s.convergedElectronic) (\(run.lastStep.scfStepCount) SCF steps)")
        lines.append("ionic conv.:         \(s.convergedIonic) (\(run.convergence.ionicReason))")
        lines.append("Fermi energy:        \(f(s.efermiEV, 6)) eV")
        lines.append("k-points:            \(s.kpointCount)")
        if let t = s.trajectory {
            lines.append("step  F(eV)              E0(eV)             maxF(eV/Å)  SCF")
            for (i, step) in t.enumerated() {
                lines.append(String(format: "%4d  ", i + 1) + f(step.energies.freeEnergyEV).padding(toLength: 19, withPad: " ", startingAt: 0)
                    + f(step.energies.energySigma0EV).padding(toLength: 19, withPad: " ", startingAt: 0)
                    + f(step.maxForceEVPerA, 6).padding(toLength: 12, withPad: " ", startingAt: 0) + "\(step.scfSteps)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
