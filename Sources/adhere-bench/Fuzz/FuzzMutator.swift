/// Seeded, reproducible mutations of parser inputs: the same (seed, index) always gives the
/// same input, so a failure is replayed with `adhere-bench fuzz --reader R --seed S --only I`.

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and the same on every platform.
struct FuzzRandom {
    var state: UInt64

    init(seed: UInt64, index: Int) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index) &* 0xBF58_476D_1CE4_E5B9 &+ 1
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Text and byte mutations, biased toward what breaks readers: hostile numbers, symbols a
/// prefix match would mistake, deleted/duplicated/swapped lines, truncation, junk bytes.
enum FuzzMutator {
    /// Numbers that are not what they look like, or out of every physical range.
    static let hostileNumbers = [
        "1e999", "-1e999", "1e308", "-1e308", "NaN", "nan", "inf", "-inf", "Infinity", "****************", "******",
        "0", "-0", "0.0", "1e-320", "-1", "2", "0.5", "1e9", "1000000000", "9223372036854775807",
        "-9223372036854775808", "99999999999999999999", "0x1p3", "1.0d+308", "1.0-100", "1.2.3", "--1", "", "+", "1e",
    ]
    /// Symbols that prefix-match a lighter element, unknown ones, and edge cases.
    static let hostileSymbols = ["Cm", "Cf", "Cn", "No", "Bk", "Fm", "Hs", "Og", "Xx", "Q", "C", "N", "H", "li", "LI", "Ow", "X", "", "Uuo"]

    /// 1–4 mutations of `text`; `extraLines` are format-specific hostile lines to insert.
    static func mutate(_ text: String, _ rng: inout FuzzRandom, extraLines: [String], focusLines: [Int] = []) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rounds = 1 + rng.below(4)
        for _ in 0..<rounds {
            guard !lines.isEmpty else { lines = [""]; continue }
            let at: Int
            if !focusLines.isEmpty, rng.chance(0.7) { at = min(lines.count - 1, rng.pick(focusLines)) } else { at = rng.below(lines.count) }
            switch rng.below(12) {
            case 0, 1, 2: lines[at] = replaceToken(lines[at], &rng, where: isNumberLike, with: rng.pick(hostileNumbers))
            case 3: lines[at] = replaceToken(lines[at], &rng, where: isSymbolLike, with: rng.pick(hostileSymbols))
            case 4: lines.remove(at: at)
            case 5: lines.insert(lines[at], at: at)
            case 6: lines.swapAt(at, rng.below(lines.count))
            case 7:
                var joined = lines.joined(separator: "\n")
                let cut = rng.below(joined.utf8.count + 1)
                joined = String(decoding: joined.utf8.prefix(cut), as: UTF8.self)
                lines = joined.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case 8:
                var bytes = Array(lines[at].utf8)
                for _ in 0..<(1 + rng.below(3)) {
                    let junk = UInt8(truncatingIfNeeded: rng.next())
                    if bytes.isEmpty || rng.chance(0.3) { bytes.insert(junk, at: rng.below(bytes.count + 1)) }
                    else { bytes[rng.below(bytes.count)] = junk }
                }
                lines[at] = String(decoding: bytes, as: UTF8.self)
            case 9: if !extraLines.isEmpty { lines.insert(rng.pick(extraLines), at: at) }
            case 10: lines[at] = perturbDigit(lines[at], &rng)
            default: lines[at] = replaceToken(lines[at], &rng, where: { !$0.isEmpty }, with: rng.pick(hostileNumbers + hostileSymbols))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Overwrites 1–64 bytes (scattered or in one burst), or truncates.
    static func mutate(bytes input: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        guard !bytes.isEmpty else { return bytes }
        switch rng.below(10) {
        case 0: bytes.removeLast(rng.below(bytes.count))
        case 1, 2, 3:
            let n = 1 + rng.below(64)
            let start = rng.below(bytes.count)
            for k in start..<min(bytes.count, start + n) { bytes[k] = UInt8(truncatingIfNeeded: rng.next()) }
        case 4:
            // Make a length or dimension field huge: 0xFF runs.
            let start = rng.below(bytes.count)
            for k in start..<min(bytes.count, start + 1 + rng.below(8)) { bytes[k] = 0xFF }
        default:
            for _ in 0..<(1 + rng.below(64)) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
        }
        return bytes
    }

    static func isNumberLike(_ token: Substring) -> Bool {
        token.contains { $0.isNumber } && token.allSatisfy { $0.isNumber || "+-.eEdD".contains($0) }
    }

    static func isSymbolLike(_ token: Substring) -> Bool {
        (1...3).contains(token.count) && token.first?.isUppercase == true && token.allSatisfy(\.isLetter)
    }

    /// Replaces one whitespace-separated token matching `predicate` (any token when none does).
    static func replaceToken(_ line: String, _ rng: inout FuzzRandom, where predicate: (Substring) -> Bool, with new: String) -> String {
        // Tokens split at white space, '<' and '>' so XML text fields count as tokens.
        var ranges: [Range<String.Index>] = []
        var start: String.Index? = nil
        for i in line.indices {
            let separator = line[i] == " " || line[i] == "\t" || line[i] == "<" || line[i] == ">" || line[i] == "'" || line[i] == "\""
            if separator { if let s = start { ranges.append(s..<i); start = nil } } else if start == nil { start = i }
        }
        if let s = start { ranges.append(s..<line.endIndex) }
        guard !ranges.isEmpty else { return new }
        let matching = ranges.filter { predicate(line[$0]) }
        let chosen = matching.isEmpty ? rng.pick(ranges) : rng.pick(matching)
        var copy = line
        copy.replaceSubrange(chosen, with: new)
        return copy
    }

    /// Changes one digit (a plausible but different number).
    static func perturbDigit(_ line: String, _ rng: inout FuzzRandom) -> String {
        var chars = Array(line)
        let digits = chars.indices.filter { chars[$0].isNumber }
        guard !digits.isEmpty else { return line }
        chars[rng.pick(digits)] = Character(String(rng.below(10)))
        return String(chars)
    }
}
