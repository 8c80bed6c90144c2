import Foundation
import Testing
@testable import Workflow
import VASP
import TestSupport

/// Failure kinds in real VASP standard output through the VASP module's signature table
/// (custodian's test files, read in place; the expected kind is the one custodian's own file
/// name gives), and every kind the table knows has a decision here.
@Suite struct RecoveryFailureScanTests {
    @Test(arguments: [
        ("vasp.brions", "brions"), ("vasp.brmix", "brmix"), ("vasp.edddav", "edddav"), ("vasp.edddav2", "edddav"),
        ("vasp.eddrmm", "eddrmm"), ("vasp.nbands_not_sufficient", "nbands"), ("vasp.nicht_konvergent", "nichtKonvergent"),
        ("vasp.posmap", "posmap"), ("vasp.pricelv", "pricelv"), ("vasp.real_optlay", "realOptlay"), ("vasp.rhosyg", "rhosyg"),
        ("vasp.subspace", "subSpaceMatrix"), ("vasp.too_few_bands_round_error", "tooFewBands"), ("vasp.zbrent", "zbrent"),
        ("vasp.zpotrf", "zpotrf"), ("std_err.oom", "outOfMemory"),
    ])
    func realOutputIsRecognised(_ file: String, _ kind: String) throws {
        guard let path = Fixtures.shared("fixtures/vasp-stdout/\(file)") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let kinds = VASPFailureScan.kinds(in: try String(contentsOfFile: path, encoding: .utf8))
        #expect(kinds.map(VASPFixTable.key).contains(VASPFixTable.key(kind)), "\(file): \(kinds)")
        #expect(VASPFixTable.fixes(for: kind) != nil, "\(kind) has no entry in the fix table")
    }

    @Test func everyFatalKindHasAFixOrIsKnownToHaveNone() {
        // Kinds left to the user on purpose: a POTCAR/core problem and k-point generation errors
        // that need a new KPOINTS for all three calculations.
        let reportedOnly: Set<String> = ["setcorewf", "hnform", "ibzkpt", "kpointstrans", "symmetrynoise"]
        for kind in VASPFailureKind.allCases {
            let key = VASPFixTable.key(kind.rawValue)
            #expect(VASPFixTable.fixes(for: kind.rawValue) != nil || reportedOnly.contains(key), "\(kind.rawValue)")
        }
    }

    @Test func aCleanRunHasNoFailure() throws {
        guard let path = Fixtures.shared("fixtures/calc-dirs/aiida_born_effective_charge/std.log") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        #expect(VASPFailureScan.kinds(in: try String(contentsOfFile: path, encoding: .utf8)).isEmpty)
    }

    @Test func theNewestSlurmOutputOfAFolderIsRead() throws {
        let dir = try Fixtures.temporaryDirectory("scan")
        try " BRMIX: very serious problems\n".write(to: dir.appendingPathComponent("slurm-9.out"), atomically: true, encoding: .utf8)
        try " ZBRENT: fatal error in bracketing\n".write(to: dir.appendingPathComponent("slurm-12.out"), atomically: true, encoding: .utf8)
        #expect(VASPFailureScan.kinds(inFolder: dir) == ["zbrent"])
    }
}
