import Foundation
import Testing
import TestSupport
@testable import Archive
@testable import HDF5

/// A damaged archive is refused before libhdf5 decodes it (the seal), and HDF5 reads check
/// sizes before allocating (issue 13: 64 corrupted bytes cost `report` 12.9 s and 3.7 GB).
@Suite struct ArchiveDamageTests {
    func sampleArchive(_ dir: URL) throws -> String {
        let path = dir.appendingPathComponent("archive.h5").path
        try ArchiveWriter(path: path).commit(calculations: [ArchiveSamples.calculation("iface", role: "interface", sigma0: [-300.5])],
                                             interfaces: [try ArchiveSamples.interface()])
        return path
    }

    @Test func sixtyFourDamagedBytesAreRefusedByTheSeal() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-damage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try sampleArchive(dir)
        // Intact: reads, and h5py-compatible HDF5 starts after the 512-byte seal.
        #expect(try ArchiveReader(path: path).interfaces().count == 1)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for offset in [600, bytes.count / 2, bytes.count - 80] {
            var copy = bytes
            for k in offset..<(offset + 64) { copy[k] = UInt8(truncatingIfNeeded: k &* 131 &+ 7) }
            let damaged = dir.appendingPathComponent("damaged-\(offset).h5").path
            try Data(copy).write(to: URL(fileURLWithPath: damaged))
            #expect(throws: ArchiveError.self, "damage at \(offset)") { try ArchiveReader(path: damaged) }
        }
        // A damaged seal itself.
        bytes[3] ^= 0xFF
        let sealDamaged = dir.appendingPathComponent("seal.h5").path
        try Data(bytes).write(to: URL(fileURLWithPath: sealDamaged))
        #expect(throws: ArchiveError.self) { try ArchiveReader(path: sealDamaged) }
    }

    @Test func h5pyReadsASealedArchive() throws {
        guard let python = Fixtures.python(with: ["h5py"]) else { try Test.cancel(Comment(rawValue: "skipped: no Python with h5py")) }
        let dir = try Fixtures.temporaryDirectory("adhere-seal-h5py")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try sampleArchive(dir)
        let r = Fixtures.run(python, ["-c", "import h5py,sys; f=h5py.File(sys.argv[1],'r'); print(f.attrs['format'], f.userblock_size)", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("512"))
    }

    @Test func specialFilesAreRefused() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-archive-fifo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("archive.h5").path
        #expect(mkfifo(fifo, 0o600) == 0)
        Thread(block: { sleep(20); let fd = open(fifo, O_WRONLY | O_NONBLOCK); if fd >= 0 { close(fd) } }).start()
        #expect(throws: ArchiveError.self) { try ArchiveReader(path: fifo) }
        #expect(throws: ArchiveError.self) { try ArchiveReader(path: dir.path) }
    }

    @Test func elementCountsAreCheckedBeforeAllocating() {
        #expect(throws: HDF5Error.self) { try checkedElementCount([1 << 40, 1 << 40], "/d") }  // overflows Int
        #expect(throws: HDF5Error.self) { try checkedElementCount([hdf5MaxElementsPerRead + 1], "/d") }
        #expect(throws: HDF5Error.self) { try checkedElementCount([-1], "/d") }
        #expect((try? checkedElementCount([3, 3], "/d")) == 9)
    }
}
