import Foundation

/// Number formats VASP prints (Fortran `E` edit descriptors without a leading zero).
enum Fortran {
    /// `-.80897645E+03` style: sign, ".", `digits` mantissa digits, exponent with sign and 2 digits.
    static func e(_ value: Double, digits: Int) -> String {
        if value == 0 { return " ." + String(repeating: "0", count: digits) + "E+00" }
        var exponent = Int((log10(abs(value))).rounded(.down)) + 1
        var mantissa = abs(value) / pow(10, Double(exponent))
        var digitsText = String(format: "%.\(digits)f", mantissa)
        if digitsText.hasPrefix("1") {  // rounding carried to 1.000…
            exponent += 1
            mantissa /= 10
            digitsText = String(format: "%.\(digits)f", mantissa)
        }
        let body = digitsText.dropFirst()  // drop the leading "0"
        let sign = value < 0 ? "-" : " "
        return sign + body + String(format: "E%@%02d", exponent < 0 ? "-" : "+", abs(exponent))
    }

    /// `0.11704E-02` style (leading zero, as VASP writes dE and rms columns).
    static func e0(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)E", value)
    }

    /// Fixed-point, right-aligned.
    static func f(_ value: Double, width: Int = 16, decimals: Int = 8) -> String {
        String(format: "%\(width).\(decimals)f", value == 0 ? 0 : value)
    }
}
