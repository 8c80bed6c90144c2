import Foundation
import Testing
import TestSupport
import XMLStream
@testable import VASP

/// Real fixtures cut at many points, as a killed job leaves them: the parser never crashes,
/// never reports more steps than the prefix completes (closed `</calculation>` tags, counted on
/// the text), and gives the same energies for those steps as the whole file does.
@Suite struct TruncationSweepTests {
    static let files = [
        "si_relax_v642.vasprun.xml.gz", "pbe_d3bj_relax_1atom.vasprun.xml.gz", "md_nwrite0.vasprun.xml",
        "vasp46_slab_selective.vasprun.xml",
    ]

    static func count(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int {
        var n = 0, i = hay.startIndex
        let last = hay.endIndex - needle.count
        while i <= last {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { n += 1; i += needle.count } else { i += 1 }
        }
        return n
    }

    @Test(arguments: files)
    func cutsAtManyPoints(_ file: String) throws {
        guard let path = Fixtures.shared("fixtures/vasprun/\(file)") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let bytes = try CompressedText.read(path: path).bytes
        let full = try Vasprun.parse(path: path, options: VasprunOptions(trajectory: true))
        let close = Array("</calculation>".utf8)
        // Evenly spread cuts plus cuts just before, inside and after every </calculation>.
        var cuts = Set(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)))
        var i = 0
        while let r = bytes[i...].firstRange(of: close) {
            for d in [-1, 0, 5, close.count - 1, close.count, close.count + 1] { cuts.insert(r.lowerBound + d) }
            i = r.upperBound
        }
        let dir = try Fixtures.temporaryDirectory("truncation")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cutPath = dir.appendingPathComponent("vasprun.xml").path
        for cut in cuts.sorted() where cut > 0 && cut < bytes.count {
            let prefix = bytes[0..<cut]
            FileManager.default.createFile(atPath: cutPath, contents: Data(prefix))
            let closed = Self.count(close, in: prefix)
            do {
                let run = try Vasprun.parse(path: cutPath)
                #expect(run.ionicStepCount == closed, "cut at \(cut)")
                #expect(!run.complete, "cut at \(cut)")
                #expect(!run.convergedIonic, "cut at \(cut)")
                #expect(run.lastStep.energies == full.ionicSteps[run.ionicStepCount - 1].energies, "cut at \(cut)")
                #expect(run.lastStep.scfStepCount == full.ionicSteps[run.ionicStepCount - 1].scfStepCount, "cut at \(cut)")
            } catch {
                guard case .noCompleteStep(let p, _, _) = error else {
                    Issue.record("cut at \(cut): unexpected \(error)"); continue
                }
                #expect(closed == 0, "cut at \(cut): \(error)")
                #expect(p == cutPath)
            }
        }
    }

    @Test func truncatedGzipStream() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/si_relax_v642.vasprun.xml.gz") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        let compressed = try Data(contentsOf: URL(fileURLWithPath: path))
        let dir = try Fixtures.temporaryDirectory("truncation-gz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cutPath = dir.appendingPathComponent("vasprun.xml.gz").path
        for fraction in [0.05, 0.3, 0.6, 0.9, 0.99] {
            FileManager.default.createFile(atPath: cutPath, contents: compressed.prefix(Int(Double(compressed.count) * fraction)))
            do {
                let run = try Vasprun.parse(path: cutPath)
                #expect(run.ionicStepCount <= 3 && !run.complete)
            } catch {
                if case .noCompleteStep = error {} else if case .readFailed = error {} else { Issue.record("\(error)") }
            }
        }
    }

    @Test(arguments: [
        ("killed_interface_slab.vasprun.xml", 1806), ("large_cell_real_optlay.vasprun.xml", 441),
        ("neb_interleaved_malformed.vasprun.xml", 536),
    ])
    func noCompleteStepIsAClearError(_ file: String, _ line: Int) throws {
        guard let path = Fixtures.shared("fixtures/vasprun/\(file)") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        // Lines where libxml2 (and lxml under pymatgen: "line 1806/442/536") stop on these files.
        #expect(throws: VasprunError.self) { try Vasprun.parse(path: path) }
        do {
            _ = try Vasprun.parse(path: path)
        } catch {
            guard case .noCompleteStep(let p, let l, _) = error else { Issue.record("\(error)"); return }
            #expect(p == path)
            #expect(l.map { abs($0 - line) <= 1 } == true, "line \(String(describing: l))")
            #expect(error.description.contains(path))
        }
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: VasprunError.cannotOpen(path: "/nonexistent/vasprun.xml")) {
            try Vasprun.parse(path: "/nonexistent/vasprun.xml")
        }
    }

    @Test func publishedTruncatedFiles() throws {
        guard let a = Fixtures.shared("fixtures/vasprun/truncated_relax.vasprun.xml"),
              let b = Fixtures.shared("fixtures/vasprun/truncated_midstep_relax.vasprun.xml"),
              let twin = Fixtures.shared("fixtures/vasprun/unconverged_electronic.vasprun.xml") else {
            try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage))
        }
        // SOURCES.md: 5 and 18 complete steps.
        let ra = try Vasprun.parse(path: a), rb = try Vasprun.parse(path: b)
        #expect(ra.ionicStepCount == 5 && !ra.complete)
        #expect(rb.ionicStepCount == 18 && !rb.complete)
        // The cut finalpos is not used: the final structure is the last complete step's.
        let full = try Vasprun.parse(path: twin, options: VasprunOptions(trajectory: true))
        #expect(ra.finalStructure?.lattice == full.ionicSteps.last?.structure?.lattice)
    }
}

/// Corrupted bytes (not only cuts): the parser never crashes; it either reads the file or
/// throws a `VasprunError`, and never reports more steps than the intact file has.
@Suite struct VasprunCorruptionTests {
    struct XorShift { var state: UInt64; mutating func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state } }

    @Test func randomByteDamage() throws {
        guard let path = Fixtures.shared("fixtures/vasprun/md_nwrite0.vasprun.xml") else { try Test.cancel(Comment(rawValue: Fixtures.sharedMissingMessage)) }
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let full = try Vasprun.parse(path: path)
        let dir = try Fixtures.temporaryDirectory("corrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let damaged = dir.appendingPathComponent("vasprun.xml")
        var rng = XorShift(state: 0x9E37_79B9_7F4A_7C15)
        let alphabet = Array("<>/=\"* 0123456789.-E\nTFabcdefghijklmnopqrstuvwxyz".utf8)
        for _ in 0..<60 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }
            try Data(bytes).write(to: damaged)
            do {
                let run = try Vasprun.parse(file: damaged, options: VasprunOptions(trajectory: true, dos: true, eigenvalues: true))
                #expect(run.ionicStepCount <= full.ionicStepCount)
                _ = try VasprunSummary(run).jsonText()
            } catch {
                #expect(error is VasprunError, "\(error)")
            }
        }
    }
}
