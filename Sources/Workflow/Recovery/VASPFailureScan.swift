import Foundation
import VASP

/// Finds VASP failure kinds in a calculation folder's job output, for recovery. The texts come
/// from the VASP module's signature table (`VASPFailure`); this type only decides which files
/// of a calculation folder to read. Kind names are `VASPFailureKind` raw values, matched to
/// ``VASPFixTable`` without regard to case or punctuation.
public enum VASPFailureScan {
    /// Kinds found in `text`, each once, in the order of first appearance.
    public static func kinds(in text: String) -> [String] {
        VASPFailure.detect(in: text).map(\.rawValue)
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

    static func tail(_ url: URL, bytes: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(bytes) ? size - UInt64(bytes) : 0)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
