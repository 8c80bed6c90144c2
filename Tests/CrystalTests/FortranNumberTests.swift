import Crystal
import Foundation
import Testing

/// The one Fortran-number reader (POSCAR, INCAR, vasprun.xml, OUTCAR, the recovery's INCAR
/// editor and vasp-standin all call it), checked against the C library's strtod (an independent
/// parser) on many values, and against hand-written cases.
@Suite struct FortranNumberTests {
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

    /// The Fortran `D` exponent (double precision), by hand: 1.0D+02 = 100, 2.5d-3 = 0.0025,
    /// -4.D1 = -40, .5D0 = 0.5, 1D-5 = 0.00001 (EDIFF as written in old INCARs), 4.5D+02 = 450 (ENCUT).
    @Test func fortranDExponentByHand() {
        #expect(FortranNumber.double("1.0D+02") == 100)
        #expect(FortranNumber.double("2.5d-3") == 0.0025)
        #expect(FortranNumber.double("-4.D1") == -40)
        #expect(FortranNumber.double(".5D0") == 0.5)
        #expect(FortranNumber.double("1D-5") == 1e-5)
        #expect(FortranNumber.double("4.5D+02") == 450)
        #expect(FortranNumber.double("450.") == 450)
        // Not numbers: a D without digits, two exponents, blanks, hexadecimal, infinity words.
        #expect(FortranNumber.double("D+02") == nil)
        #expect(FortranNumber.double("1.0D") == nil)
        #expect(FortranNumber.double("1.0D+02E1") == nil)
        #expect(FortranNumber.double(" 1.0") == nil)
        #expect(FortranNumber.double("0x1p3") == nil)
        #expect(FortranNumber.double("inf") == nil)
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
