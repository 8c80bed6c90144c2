import Foundation
import Testing
@testable import VASP

/// Number reading as Fortran writes it, checked against the C library's strtod (an independent
/// parser) on many values, and against hand-written cases.
@Suite struct VasprunNumberTests {
    @Test func handCases() {
        #expect(FortranNumber.double("-10.81318480") == -10.81318480)
        #expect(FortranNumber.double("0.1E-04") == 1e-5)
        #expect(FortranNumber.double("-.10846716E+02") == -10.846716)
        #expect(FortranNumber.double("0.1D+01") == 1.0)
        #expect(FortranNumber.double("1.0-100") == 1e-100)
        #expect(FortranNumber.double("-2.5+120") == -2.5e120)
        #expect(FortranNumber.double("7") == 7)
        #expect(FortranNumber.double("-0.00000000")?.bitPattern == (-0.0).bitPattern)
        #expect(FortranNumber.double("****************") == nil)
        #expect(FortranNumber.double("******") == nil)
        #expect(FortranNumber.double("NaN") == nil)
        #expect(FortranNumber.double("1.2.3") == nil)
        #expect(FortranNumber.double("") == nil)
        #expect(FortranNumber.double("12345678901234567890123.5") == 12345678901234567890123.5)
    }

    @Test func agreesWithStrtodBitForBit() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let mantissa = Double.random(in: -1...1, using: &generator)
            let exponent = Int.random(in: -40...40, using: &generator)
            let digits = Int.random(in: 1...17, using: &generator)
            let text = String(format: "%.\(digits)E", mantissa * pow(10, Double(exponent)))
            let expected = strtod(text, nil)
            let ours = FortranNumber.double(Substring(text))
            #expect(ours?.bitPattern == expected.bitPattern, "\(text)")
            let fixed = String(format: "%.\(digits)f", mantissa * 100)
            #expect(FortranNumber.double(Substring(fixed))?.bitPattern == strtod(fixed, nil).bitPattern, "\(fixed)")
        }
    }

    @Test func bulkArrayMarksOverflowAsNaN() {
        var out: [Double] = []
        let text = Array("  1.5   ******  -2.0E+00\n 3 ".utf8)
        let n = text.withUnsafeBufferPointer { FortranNumber.appendAll($0, to: &out) }
        #expect(n == 4)
        #expect(out[0] == 1.5 && out[1].isNaN && out[2] == -2 && out[3] == 3)
    }
}
