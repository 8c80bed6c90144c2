import Foundation
import Testing
import TestSupport
@testable import Crystal

@Suite struct POSCARRoundTripTests {
    static let calcDirPOSCARs: [String] = {
        guard let dir = Fixtures.shared("fixtures/calc-dirs") else { return [] }
        let fm = FileManager.default
        return ((try? fm.subpathsOfDirectory(atPath: dir)) ?? [])
            .filter { ["POSCAR", "CONTCAR"].contains(($0 as NSString).lastPathComponent) }
            .sorted().map { "\(dir)/\($0)" }
    }()

    /// Every POSCAR/CONTCAR of ../shared/fixtures/calc-dirs reads, writes and reads back to
    /// identical numbers (lattice, coordinates, flags, species).
    @Test(arguments: calcDirPOSCARs)
    func roundTripIsExact(path: String) throws {
        let first = try POSCAR.read(path: path)
        let second = try POSCAR.parse(POSCAR.string(first), file: path + " (written)")
        #expect(first.lattice == second.lattice)
        #expect(first.groupedBySpecies().sites == second.sites)
    }

    @Test func sharedFixturesPresentOrSkipped() {
        if !Fixtures.sharedAvailable { print(Fixtures.sharedMissingMessage) }
        #expect(!Fixtures.sharedAvailable || Self.calcDirPOSCARs.count >= 6)
    }
}
