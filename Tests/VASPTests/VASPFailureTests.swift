import Foundation
import Testing
import TestSupport
@testable import VASP

/// The failure table on every real VASP output sample in ../shared/fixtures/vasp-stdout/, and on
/// the ways VASP wraps its messages. Expected kinds are read off the samples by hand.
@Suite struct VASPFailureTests {
    static let samples: [(file: String, kind: VASPFailureKind)] = [
        ("vasp.brmix", .brmix), ("vasp.edddav", .edddav), ("vasp.edddav2", .edddav), ("vasp.eddrmm", .eddrmm),
        ("vasp.subspace", .subspaceMatrix), ("vasp.zbrent", .zbrent), ("vasp.too_few_bands_round_error", .tooFewBands),
        ("vasp.nbands_not_sufficient", .nbands), ("vasp.brions", .brions), ("vasp.posmap", .posmap),
        ("vasp.real_optlay", .realOptlay), ("vasp.rhosyg", .rhosyg), ("vasp.pricelv", .pricelv),
        ("vasp.nicht_konvergent", .nichtKonvergent), ("vasp.zpotrf", .zpotrf), ("std_err.oom", .outOfMemory),
    ]

    @Test func everySampleIsCovered() throws {
        guard let dir = Fixtures.shared("fixtures/vasp-stdout") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
        #expect(Set(files) == Set(Self.samples.map(\.file)), "a sample without an expectation here")
    }

    @Test(arguments: samples.map(\.file))
    func detectsTheSample(_ file: String) throws {
        guard let path = Fixtures.shared("fixtures/vasp-stdout/\(file)") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let expected = Self.samples.first { $0.file == file }!.kind
        let kinds = VASPFailure.detect(in: text)
        #expect(kinds.contains(expected), "\(file): found \(kinds)")
    }

    @Test func boxedAndWrappedMessage() {
        // As VASP 6 prints it: inside a box, the phrase broken over two lines.
        let text = """
             -----------------------------------------------------------------------------
            |      unoccupied bands, you have included TOO FEW                            |
            |      BANDS!! Please increase the parameter NBANDS in file INCAR             |
             -----------------------------------------------------------------------------
            """
        #expect(VASPFailure.detect(in: text) == [.tooFewBands])
    }

    @Test func caseDoesNotMatter() {
        #expect(VASPFailure.detect(in: "WARNING: Sub-Space-Matrix is not Hermitian in DAV") == [.subspaceMatrix])
        #expect(VASPFailure.detect(in: "warning: sub-space-matrix is not hermitian in dav") == [.subspaceMatrix])
        #expect(VASPFailure.detect(in: "ZBRENT:  can not reach accuracy") == [.zbrent])
    }

    @Test func orderOfAppearanceAndNoFalseAlarm() {
        let text = "RMM:  3 ...\n ZBRENT: fatal error in bracketing\n later: BRMIX: very serious problems\n"
        #expect(VASPFailure.detect(in: text) == [.zbrent, .brmix])
        #expect(VASPFailure.detect(in: "DAV:   1    -0.108511520187E+02   -0.92611E-02\n   1 F= -.10841836E+02 E0= -.10841836E+02").isEmpty)
    }

    @Test func everyKindHasOneSignature() {
        for kind in VASPFailureKind.allCases {
            #expect(VASPFailure.signatures.filter { $0.kind == kind }.count == 1, "\(kind)")
        }
    }
}
