import Foundation
import Testing
import TestSupport
@testable import VASP

/// DOS and eigenvalues, read only on request. Expected values: pymatgen 2026.10.24
/// (Vasprun(parse_dos=True, parse_eigen=True)) on si_relax_v642: eigenvalues shape (20, 16, 2)
/// per spin, up[k=0][b=0] = -6.1974 (occ 1), up[19][7] = 11.3441 (occ 0), down[5][3] = 4.1311;
/// tdos 301 points from -7.9313 to 30.194 eV, densities[150] = 0.9687 (up), 0.9691 (down).
@Suite struct VasprunOptionalBlocksTests {
    @Test func eigenvaluesAndDOS() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/si_relax_v642.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path, options: VasprunOptions(dos: true, eigenvalues: true))
        let e = try #require(run.eigenvalues)
        #expect(e.energiesEV.count == 2)
        #expect(e.energiesEV.allSatisfy { $0.count == 20 && $0.allSatisfy { $0.count == 16 } })
        #expect(e.energiesEV[0][0][0] == -6.1974 && e.occupations[0][0][0] == 1)
        #expect(e.energiesEV[0][19][7] == 11.3441 && e.occupations[0][19][7] == 0)
        #expect(e.energiesEV[1][5][3] == 4.1311)
        let dos = try #require(run.dos)
        #expect(dos.energiesEV.count == 301)
        #expect(dos.energiesEV.first == -7.9313 && dos.energiesEV.last == 30.194)
        #expect(dos.densities.count == 2)
        #expect(dos.densities[0][150] == 0.9687 && dos.densities[1][150] == 0.9691)
    }

    @Test func notReadUnlessAsked() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/si_relax_v642.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let run = try Vasprun.parse(path: path)
        #expect(run.eigenvalues == nil && run.dos == nil)
    }
}
