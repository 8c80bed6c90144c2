import Foundation
import Testing
import TestSupport
@testable import Crystal
@testable import VASP

/// The interface, film and substrate must share ENCUT, functional, IVDW, PREC, k-mesh and in-plane lattice.
@Suite struct InputConsistencyGuardTests {
    let writer: InputSetWriter
    init() throws { writer = InputSetWriter(profile: try InputTestStructures.defaultProfile()) }

    func sets(filmProfile: InputProfile? = nil, film: Structure = InputTestStructures.film) throws -> [InputSet] {
        [
            try writer.render(structure: InputTestStructures.interface, role: .interface, name: "interface"),
            try InputSetWriter(profile: filmProfile ?? writer.profile).render(structure: film, role: .slab, name: "film"),
            try writer.render(structure: InputTestStructures.substrate, role: .slab, name: "substrate"),
        ]
    }

    @Test func sameProtocolPasses() throws {
        try ConsistencyGuard.build.check(try sets().map(\.settings))
    }

    @Test func everyDifferenceIsListed() throws {
        var other = writer.profile
        other.incar["ENCUT"] = .real(520)
        other.incar["IVDW"] = .int(12)
        other.incar["PREC"] = .string("Normal")
        other.incar["GGA"] = .string("PS")
        other.kpoints = .spacingPerA(0.15)
        #expect {
            try ConsistencyGuard.build.check(try sets(filmProfile: other).map(\.settings))
        } throws: { e in
            guard let refusal = e as? ConsistencyGuard.Refusal else { return false }
            let settings = refusal.differences.map(\.setting)
            return settings == ["ENCUT", "GGA", "IVDW", "PREC", "in-plane k-mesh"]
                && refusal.description.contains("ENCUT: interface 450 eV, film 520 eV, substrate 450 eV")
                && refusal.description.contains("in-plane k-mesh: interface 4×4, film 5×5, substrate 4×4")
        }
    }

    @Test func differentInPlaneLatticeIsRefused() throws {
        var strained = InputTestStructures.film
        var m = strained.lattice.matrix
        m.rows[0] = m.rows[0] * 1.01
        strained.lattice = Lattice(matrix: m)
        #expect {
            try ConsistencyGuard.build.check(try sets(film: strained).map(\.settings))
        } throws: { e in
            guard let refusal = e as? ConsistencyGuard.Refusal else { return false }
            return refusal.differences.map(\.setting) == ["in-plane lattice (Å)"]
        }
    }

    @Test func vacuumHeightMayDifferButNotInPlane() throws {
        var taller = InputTestStructures.film
        var m = taller.lattice.matrix
        m.rows[2] = m.rows[2] * 1.2
        taller.lattice = Lattice(matrix: m)
        try ConsistencyGuard.build.check(try sets(film: taller).map(\.settings))
    }

    @Test func writeInterfaceSetRefusesBeforeWritingAnything() throws {
        let root = try Fixtures.temporaryDirectory()
        var strained = InputTestStructures.film
        strained.lattice = Lattice(matrix: Matrix3(rows: [strained.lattice.a * 1.02, strained.lattice.b, strained.lattice.c]))
        let dirs = (root.appendingPathComponent("interface"), root.appendingPathComponent("film"), root.appendingPathComponent("substrate"))
        #expect(throws: ConsistencyGuard.Refusal.self) {
            try writer.writeInterfaceSet(interface: InputTestStructures.interface, film: strained,
                                         substrate: InputTestStructures.substrate, to: dirs, potcar: .specOnly)
        }
        #expect(!FileManager.default.fileExists(atPath: dirs.0.path))
    }
}
