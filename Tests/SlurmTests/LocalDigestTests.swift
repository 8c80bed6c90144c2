import Foundation
import Testing
@testable import Slurm

/// The local file digest (Checksum's one file reader, reading 1 MiB blocks) against independent
/// digests: the FIPS 180-2 example "abc" and coreutils' `sha256sum` on a file of several blocks.
struct LocalDigestTests {
    private func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func abcMatchesTheFIPSExample() throws {
        let path = try temporaryFile(Array("abc".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // FIPS 180-2, appendix B.1.
        #expect(try LocalDigest.sha256(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty = try temporaryFile([])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        // The digest of no bytes (FIPS 180-4 examples).
        #expect(try LocalDigest.sha256(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum"), "needs coreutils' /usr/bin/sha256sum"))
    func fileOfSeveralBlocksMatchesSha256sum() throws {
        // 2.5 MiB of a non-repeating pattern: two full 1 MiB blocks and a partial one.
        var state: UInt32 = 12345
        let bytes = (0..<(5 << 19)).map { _ -> UInt8 in state = state &* 1_103_515_245 &+ 12345; return UInt8(truncatingIfNeeded: state >> 16) }
        let path = try temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = String(output.prefix(64))
        #expect(expected.count == 64)
        #expect(try LocalDigest.sha256(path) == expected)
    }
}
