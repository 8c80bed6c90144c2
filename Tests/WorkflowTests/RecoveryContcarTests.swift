import Foundation
import Testing
@testable import Workflow
import TestSupport

/// CONTCAR validation on real VASP outputs (custodian's and aiida-vasp's test files, read in
/// place) and on damaged copies of them in a temporary folder.
@Suite struct RecoveryContcarTests {
    static func calcDir(_ name: String) -> String? { Fixtures.shared("fixtures/calc-dirs/\(name)") }

    @Test func aCompleteRelaxationCONTCARValidates() throws {
        guard let dir = Self.calcDir("lobster_v51") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let s = try ContcarValidation.validate(contcarPath: dir + "/CONTCAR", poscarPath: dir + "/POSCAR")
        // From the file itself (lines 6–7: "Na Cl" / "4 4"; line 3: a = 5.6946250825713518 Å, cubic).
        #expect(s.count == 8)
        #expect(s.speciesInOrder.map(\.symbol) == ["Na", "Cl"])
        #expect(abs(s.volumeA3 - pow(5.6946250825713518, 3)) < 1e-9)
    }

    @Test func aCONTCARWithVelocitiesAgainstAPOSCARWithoutValidates() throws {
        guard let dir = Self.calcDir("aiida_born_effective_charge") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let s = try ContcarValidation.validate(contcarPath: dir + "/CONTCAR", poscarPath: dir + "/POSCAR")
        #expect(s.count == 4 + 16 + 6)  // "P S Zn" / "4 16 6"
    }

    @Test func aKilledRunWithoutCONTCARIsMissing() throws {
        guard let dir = Self.calcDir("pyiron_killed_interface_slab") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        #expect(throws: ContcarValidation.Problem.missing(path: dir + "/CONTCAR")) {
            try ContcarValidation.validate(contcarPath: dir + "/CONTCAR", poscarPath: dir + "/POSCAR")
        }
    }

    @Test func anotherSystemsCONTCARIsRefused() throws {
        guard let a = Self.calcDir("lobster_v51"), let b = Self.calcDir("max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        #expect(throws: ContcarValidation.Problem.self) {
            try ContcarValidation.validate(contcarPath: b + "/CONTCAR", poscarPath: a + "/POSCAR")
        }
    }

    /// Damaged copies of a real CONTCAR (120 atoms + 120 velocity lines, 249 lines in all).
    @Test(arguments: [
        ("empty", 0),
        ("cut in the middle of a coordinate number", 2_000),
        ("cut after 50 of 120 coordinate lines", -50),
        ("cut inside the velocity block", 12_000),
        ("last velocity line without its end", -1),
    ])
    func truncatedCopiesAreNeverUsed(_ label: String, _ cut: Int) throws {
        guard let dir = Self.calcDir("max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let tmp = try Fixtures.temporaryDirectory("contcar")
        let full = try Data(contentsOf: URL(fileURLWithPath: dir + "/CONTCAR"))
        let text = String(decoding: full, as: UTF8.self)
        var damaged: String
        switch cut {
        case 0: damaged = ""
        case -1: damaged = String(text.dropLast(8))
        case let n where n < 0:
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            damaged = lines.prefix(8 + (-n)).joined(separator: "\n") + "\n"
        default: damaged = String(text.prefix(cut))
        }
        #expect(damaged.count < text.count, "\(label)")
        try Data(damaged.utf8).write(to: tmp.appendingPathComponent("CONTCAR"))
        #expect(throws: ContcarValidation.Problem.self, "\(label)") {
            try ContcarValidation.validate(contcarPath: tmp.path + "/CONTCAR", poscarPath: dir + "/POSCAR")
        }
    }

    @Test func theWholeCopyStillValidates() throws {
        guard let dir = Self.calcDir("max_force") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let tmp = try Fixtures.temporaryDirectory("contcar")
        try FileManager.default.copyItem(atPath: dir + "/CONTCAR", toPath: tmp.path + "/CONTCAR")
        let s = try ContcarValidation.validate(contcarPath: tmp.path + "/CONTCAR", poscarPath: dir + "/POSCAR")
        #expect(s.count == 16 + 8 + 8 + 88)  // "Sb Xe Cl F" / "16 8 8 88"
    }
}
