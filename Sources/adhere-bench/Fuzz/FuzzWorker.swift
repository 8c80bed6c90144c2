#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The child side of the fuzz harness: runs inputs start..<start+count one after another and
/// reports each on standard output (`S i` before, `R i verdict ms` after), so the supervisor
/// can tell which input crashed or hung the process. Memory is capped with RLIMIT_AS.
enum FuzzWorker {
    /// Address-space cap of a worker, bytes (an input that needs more fails as a crash).
    static let addressSpaceLimitBytes: UInt64 = 6 << 30

    /// The input with `index`: a seeded mutation of one seed, or a replayed file.
    static func input(_ corpus: FuzzCorpus, seed: UInt64, index: Int, replay: [URL]) -> [UInt8] {
        if !replay.isEmpty { return (try? Array(Data(contentsOf: replay[index % replay.count]))) ?? [] }
        var rng = FuzzRandom(seed: seed, index: index)
        guard !corpus.seeds.isEmpty else { return [] }
        let base = corpus.seeds[rng.below(corpus.seeds.count)]
        if corpus.reader == .archive { return FuzzMutator.mutate(bytes: base, &rng) }
        let text = String(decoding: base, as: UTF8.self)
        var focus: [Int] = []
        if corpus.reader == .vasprun {
            // Bias toward the numbers of the last ionic steps: that is where damage costs a result.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let tail = lines.count * 2 / 3
            focus = (tail..<lines.count).filter { lines[$0].contains("<v>") || lines[$0].contains("energy") || lines[$0].contains("<i ") }
        }
        return Array(FuzzMutator.mutate(text, &rng, extraLines: corpus.extraLines, focusLines: focus).utf8)
    }

    static func run(reader: FuzzReader, seed: UInt64, start: Int, count: Int, replay: [URL], sharedFixtures: URL?) throws {
        var limit = rlimit(rlim_cur: rlim_t(addressSpaceLimitBytes), rlim_max: rlim_t(addressSpaceLimitBytes))
        #if canImport(Glibc)
        _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        #else
        _ = setrlimit(RLIMIT_AS, &limit)
        #endif
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("adhere-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try FuzzCorpus(reader: reader, scratch: scratch, sharedFixtures: sharedFixtures)
        guard !corpus.seeds.isEmpty || !replay.isEmpty else {
            emit("E no seeds for \(reader.rawValue) (shared fixtures missing?)")
            return
        }
        for index in start..<(start + count) {
            let bytes = input(corpus, seed: seed, index: index, replay: replay)
            emit("S \(index)")
            let begin = DispatchTime.now().uptimeNanoseconds
            let verdict = FuzzOracle.judge(reader, bytes, scratch: scratch)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6
            switch verdict {
            case .accepted: emit("R \(index) accepted \(ms)")
            case .rejected: emit("R \(index) rejected \(ms)")
            case .wrong(let why): emit("R \(index) wrong \(ms) \(why.replacingOccurrences(of: "\n", with: " "))")
            }
        }
        emit("D")
    }

    static func emit(_ line: String) {
        let data = Array((line + "\n").utf8)
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
