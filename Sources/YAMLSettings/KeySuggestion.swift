/// The nearest valid key for a misspelt one ("did you mean bulk_lattice_a?").
public enum KeySuggestion {
    /// The known key closest to `key`: same letters ignoring case, `_` and `-` first (so
    /// `cpusPerTask` finds `cpus_per_task` and `bulk_lattice_A` finds `bulk_lattice_a`), else
    /// the smallest edit distance up to a third of the key's length. Nil when nothing is close.
    public static func nearest(to key: String, in known: [String]) -> String? {
        let folded = fold(key)
        if let same = known.first(where: { fold($0) == folded }) { return same }
        let limit = max(1, folded.count / 3)
        var best: (key: String, distance: Int)?
        for candidate in known {
            let d = editDistance(folded, fold(candidate))
            if d <= limit, d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return best?.key
    }

    /// `; did you mean X?` or, with nothing close, `; expected one of A, B, C`.
    public static func hint(for key: String, in known: [String]) -> String {
        if let near = nearest(to: key, in: known) { return "; did you mean \(near)?" }
        return "; expected one of \(known.joined(separator: ", "))"
    }

    static func fold(_ s: String) -> [Character] {
        Array(s.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Levenshtein distance (insert, delete, substitute: 1 each).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
