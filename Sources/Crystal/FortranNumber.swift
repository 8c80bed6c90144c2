import Foundation

/// The one reader of numbers as Fortran writes them (vasprun.xml, OUTCAR, INCAR, POSCAR):
/// `-10.81318480`, `0.1E-04`, `0.1D+01` (the `D` exponent), `1.0-100` (three-digit exponent
/// without the letter), `450.`, `.5`. An overflow field (`*****`) or anything unreadable —
/// including `NaN`, `inf` and surrounding blanks — is a missing value: nil, or NaN in bulk arrays.
/// It lives in `Crystal`, the lowest module that every reader of such text (POSCAR, INCAR,
/// vasprun.xml, the recovery's INCAR editor, vasp-standin) imports.
public enum FortranNumber {
    /// Exact powers of ten up to 10^22 (the range where one multiplication or division of an
    /// integer mantissa below 2^53 is correctly rounded).
    @usableFromInline static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// Parses one token (no surrounding blanks); nil when missing or unreadable.
    public static func double(_ token: Substring) -> Double? {
        var bytes = Array(token.utf8)
        let value = bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
        return value.isNaN ? nil : value
    }

    /// Parses every whitespace-separated token of `text`, appending to `out` (NaN for a missing
    /// token). Returns the number of tokens.
    @discardableResult @inlinable
    public static func appendAll(_ text: UnsafeBufferPointer<UInt8>, to out: inout [Double]) -> Int {
        var i = 0, n = 0
        let count = text.count
        while i < count {
            while i < count, isSpace(text[i]) { i += 1 }
            guard i < count else { break }
            let start = i
            while i < count, !isSpace(text[i]) { i += 1 }
            out.append(parse(UnsafeBufferPointer(rebasing: text[start..<i])))
            n += 1
        }
        return n
    }

    /// Blank, tab, newline or carriage return.
    @inlinable @inline(__always) public static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    /// Parses one token without whitespace; NaN when missing or unreadable.
    @inlinable
    public static func parse(_ t: UnsafeBufferPointer<UInt8>) -> Double {
        let n = t.count
        guard n > 0 else { return .nan }
        var i = 0
        var negative = false
        if t[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if t[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, scale = 0
        var sawDigit = false, truncated = false
        while i < n, t[i] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(t[i] &- 48); if mantissa > 0 { digits += 1 } } else { scale += 1; truncated = true }
            sawDigit = true
            i += 1
        }
        if i < n, t[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, t[i] &- 48 < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(t[i] &- 48); scale -= 1; if mantissa > 0 { digits += 1 } } else { truncated = true }
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return .nan }
        var exponent = 0
        if i < n {
            let c = t[i] | 0x20
            var hasExponent = false
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "d") { i += 1; hasExponent = true }
            else if t[i] == UInt8(ascii: "-") || t[i] == UInt8(ascii: "+") { hasExponent = true }  // 1.0-100
            guard hasExponent, i < n else { return .nan }
            var expNegative = false
            if t[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if t[i] == UInt8(ascii: "+") { i += 1 }
            guard i < n else { return .nan }
            while i < n, t[i] &- 48 < 10 { if exponent < 100_000 { exponent = exponent * 10 + Int(t[i] &- 48) }; i += 1 }
            if expNegative { exponent = -exponent }
        }
        guard i == n else { return .nan }
        let e10 = scale + exponent
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if mantissa < (1 << 53), !truncated, e10 >= -22, e10 <= 22 {
            value = Double(mantissa)
            if e10 < 0 { value /= powersOfTen[-e10] } else { value *= powersOfTen[e10] }
        } else {
            value = slow(t)
        }
        return negative ? -value : value
    }

    /// Parses one token of a `String` (an INCAR value, a POSCAR field); nil when missing or unreadable.
    public static func double(_ token: String) -> Double? { double(Substring(token)) }

    /// strtod on a normalised copy (Fortran D exponent, missing E), for the rare hard cases.
    @usableFromInline
    static func slow(_ t: UnsafeBufferPointer<UInt8>) -> Double {
        var s = [CChar]()
        s.reserveCapacity(t.count + 2)
        var sawMantissa = false
        for (k, c) in t.enumerated() {
            if c | 0x20 == UInt8(ascii: "d") { s.append(CChar(UInt8(ascii: "e"))); continue }
            if k > 0, sawMantissa, c == UInt8(ascii: "-") || c == UInt8(ascii: "+"),
               t[k - 1] | 0x20 != UInt8(ascii: "e"), t[k - 1] | 0x20 != UInt8(ascii: "d") {
                s.append(CChar(UInt8(ascii: "e")))
            }
            if c &- 48 < 10 || c == UInt8(ascii: ".") { sawMantissa = true }
            s.append(CChar(bitPattern: c))
        }
        s.append(0)
        let v = s.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
        return abs(v)  // sign applied by the caller
    }
}
