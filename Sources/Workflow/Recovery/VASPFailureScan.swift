import Foundation

/// Finds VASP failure kinds in a calculation folder's job output, for recovery.
///
/// Interim: the VASP module's signature table (the vasprun issue, `VASP/Output/VASPFailure*`)
/// is the intended source of these texts; until it exists this small list of the messages in
/// ../shared/fixtures/vasp-stdout (and the stand-in's) keeps recovery working. Replace
/// ``signatures`` by that table when it lands. Kind names match ``VASPFixTable`` keys.
public enum VASPFailureScan {
    /// (kind, text) pairs, matched case-insensitively after box characters and line breaks are
    /// folded into single spaces.
    public static let signatures: [(kind: String, text: String)] = [
        ("zbrent", "zbrent: fatal error"),
        ("zbrent", "zbrent: can not reach accuracy"),
        ("brmix", "brmix: very serious problems"),
        ("edddav", "error edddav"),
        ("eddrmm", "eddrmm: call to zhegv failed"),
        ("subSpaceMatrix", "sub-space-matrix is not hermitian"),
        ("tooFewBands", "too few bands"),
        ("nbands", "number of bands is not sufficient"),
        ("brions", "brions problems: potim should be increased"),
        ("posmap", "posmap internal error"),
        ("realOptlay", "real_optlay: internal error"),
        ("rhosyg", "rhosyg internal error"),
        ("pricelv", "pricelv: current lattice and primitive lattice are incommensurate"),
        ("zpotrf", "routine zpotrf failed"),
        ("nichtKonvergent", "nicht konvergent"),
        ("tetrahedron", "tetrahedron method fails"),
        ("tripleProduct", "triple product of the basis vectors"),
        ("outOfMemory", "cannot allocate memory"),
        ("outOfMemory", "oom-kill event"),
    ]

    /// Kinds found in `text`, each once, in the order of first appearance.
    public static func kinds(in text: String) -> [String] {
        let folded = fold(text)
        var found: [(offset: Int, kind: String)] = []
        for (kind, signature) in signatures {
            if let range = folded.range(of: signature), !found.contains(where: { $0.kind == kind }) {
                found.append((folded.distance(from: folded.startIndex, to: range.lowerBound), kind))
            }
        }
        return found.sorted { $0.offset < $1.offset }.map(\.kind)
    }

    /// Kinds in the folder's job output: the newest `slurm-*.out` (highest job id), then
    /// `vasp.out`, `stdout`, `std.log`, `error.out`; the last 2 MB of each.
    public static func kinds(inFolder folder: URL) -> [String] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        let slurm = names.filter { $0.hasPrefix("slurm-") && $0.hasSuffix(".out") }
            .max { (Int($0.dropFirst(6).dropLast(4)) ?? 0) < (Int($1.dropFirst(6).dropLast(4)) ?? 0) }
        var kinds: [String] = []
        for name in [slurm].compactMap({ $0 }) + ["vasp.out", "stdout", "std.log", "error.out"] where names.contains(name) {
            for k in Self.kinds(in: tail(folder.appendingPathComponent(name), bytes: 2 << 20)) where !kinds.contains(k) {
                kinds.append(k)
            }
        }
        return kinds
    }

    static func fold(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lastSpace = true
        for ch in text.lowercased() {
            if ch == "|" || ch.isWhitespace {
                if !lastSpace { out.append(" "); lastSpace = true }
            } else {
                out.append(ch)
                lastSpace = false
            }
        }
        return out
    }

    static func tail(_ url: URL, bytes: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(bytes) ? size - UInt64(bytes) : 0)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
