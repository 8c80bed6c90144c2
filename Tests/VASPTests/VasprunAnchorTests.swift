import Foundation
import Testing
import TestSupport
@testable import VASP

/// Every real vasprun.xml fixture against pymatgen's (or ASE's) values: see PymatgenAnchors.swift.
@Suite struct VasprunAnchorTests {
    static func path(_ file: String) -> String? { Fixtures.shared("fixtures/vasprun/\(file)") }

    static func close(_ a: Double?, _ b: Double?, _ tol: Double) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return abs(x - y) <= tol
        default: return false
        }
    }

    @Test(arguments: PymatgenAnchor.all)
    func agreesWithPymatgen(_ anchor: PymatgenAnchor) throws {
        guard let path = Self.path(anchor.file) else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let run = try Vasprun.parse(path: path)
        #expect(run.ionicStepCount == anchor.ionicSteps)
        #expect(run.atomCount == anchor.natoms)
        #expect(run.atomSpecies.first?.symbol == anchor.firstSpecies)
        #expect(run.atomSpecies.last?.symbol == anchor.lastSpecies)
        #expect(run.kpoints.points.count == anchor.kpointCount)
        #expect(run.generator.version.lowercased() == anchor.version.lowercased())
        #expect(Self.close(run.energies.freeEnergyEV, anchor.freeEnergyEV, 1e-8))
        #expect(Self.close(run.energies.energyWithoutEntropyEV, anchor.energyWithoutEntropyEV, 1e-8))
        #expect(Self.close(run.energies.energySigma0EV, anchor.finalEnergyEV, 2e-8))
        #expect(Self.close(run.efermiEV, anchor.efermiEV, 1e-8))
        #expect(run.lastStep.scfStepCount == anchor.scfSteps)
        #expect(run.convergedElectronic == anchor.convergedElectronic)
        // Adhere's rule: an incomplete file is never ionically converged (pymatgen disagrees on
        // truncated_relax; see PymatgenAnchors.swift).
        #expect(run.convergedIonic == (anchor.convergedIonic && run.complete))
        #expect(run.complete == anchor.strict)
        #expect(Self.close(run.maxForceEVPerA, anchor.maxForceFreeEVPerA, 1e-7))
        // A truncated file's <structure name="finalpos"> is cut: pymatgen recovers a partial one;
        // Adhere uses the last complete step's structure instead (TruncationSweepTests).
        if run.complete, let lattice = anchor.finalLattice, let ours = run.finalStructure?.lattice.matrix.arrays {
            for r in 0..<3 { for c in 0..<3 { #expect(abs(ours[r][c] - lattice[r][c]) < 1e-8) } }
        } else if run.complete {
            #expect(anchor.finalLattice == nil)
        }
    }

    @Test(arguments: ASEAnchor.all)
    func agreesWithASEWherePymatgenFails(_ anchor: ASEAnchor) throws {
        guard let path = Self.path(anchor.file) else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let run = try Vasprun.parse(path: path)
        #expect(run.ionicStepCount == anchor.steps)
        #expect(run.atomCount == anchor.natoms)
        #expect(Self.close(run.energies.freeEnergyEV, anchor.freeEnergyEV, 1e-8))
        #expect(Self.close(run.energies.energySigma0EV, anchor.energySigma0EV, 1e-7))
        #expect(Self.close(run.maxForceEVPerA, anchor.maxForceFreeEVPerA, 1e-7))
        // The overflow that stops pymatgen is a missing value here, not a crash.
        #expect(run.parameters["KINTER"] == .int(nil))
    }
}
