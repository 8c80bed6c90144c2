import Foundation
import Testing
import TestSupport

/// `adhere match`: the JSON keys of the issue and figures from hand calculations.
@Suite struct MatchCommandTests {
    @Test func jsonHasExactlyTheDocumentedKeys() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["match", "Li.vasp", "LiF.vasp", "--film-miller", "0", "0", "1",
                                            "--substrate-miller", "0", "0", "1", "--max-area", "150", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(!list.isEmpty)
        let keys: Set<String> = ["filmMatrix", "substrateMatrix", "areaA2", "vonMisesStrain", "principalStrains", "arealStrain",
                                 "maxAbsPrincipalStrain", "filmAtoms", "substrateAtoms"]
        for m in list {
            #expect(Set(m.keys) == keys)
            let f = try #require(m["filmMatrix"] as? [[Int]]), s = try #require(m["substrateMatrix"] as? [[Int]])
            let detS = s[0][0] * s[1][1] - s[0][1] * s[1][0]
            let area = try #require(m["areaA2"] as? Double)
            // LiF(001) primitive surface cell: (4.027/√2)² = 8.1083645 Å².
            #expect(abs(area - Double(detS) * 4.027 * 4.027 / 2) < 1e-6)
            #expect(f.count == 2 && (m["principalStrains"] as? [Double])?.count == 2)
            #expect(((m["principalStrains"] as? [Double]) ?? []).allSatisfy { abs($0) <= 0.0551 })
        }
        // Ranked by physics: largest |principal strain| never drops by more than the 0.1-point tie band.
        let strains = list.compactMap { $0["maxAbsPrincipalStrain"] as? Double }
        for (a, b) in zip(strains, strains.dropFirst()) { #expect(b >= a - 0.001 - 1e-12) }
        // First: Li 3×3 on LiF √13×√13, 3·3.44 = 10.32 Å on √13·4.027/√2 = 10.2668 Å: −0.5148 %, 105.41 Å².
        let first = try #require(list.first)
        for e in first["principalStrains"] as? [Double] ?? [] { #expect(abs(e - (13.0.squareRoot() * 4.027 / 2.0.squareRoot() / 10.32 - 1)) < 1e-9) }
        #expect(abs((first["arealStrain"] as? Double ?? 0) - (pow(13.0.squareRoot() * 4.027 / 2.0.squareRoot() / 10.32, 2) - 1)) < 1e-9)
    }

    /// Li 4×4 (13.76 Å) on a 13.236 Å square: strain 13.236/13.76 − 1 = −3.808 %, area 175.19 Å².
    @Test func liOnLLZOSizedSquareFindsFourByFourOnOne() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["match", "Li.vasp", "Big.vasp", "--json", "--film-layers", "3", "--substrate-layers", "1",
                                            "--max-area", "200"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let first = try #require(list.first)
        #expect(first["filmMatrix"] as? [[Int]] == [[4, 0], [0, 4]])
        #expect(first["substrateMatrix"] as? [[Int]] == [[1, 0], [0, 1]])
        #expect(abs((first["areaA2"] as? Double ?? 0) - 175.191696) < 1e-6)
        for e in first["principalStrains"] as? [Double] ?? [] { #expect(abs(e - (13.236 / 13.76 - 1)) < 1e-9) }
        #expect(first["filmAtoms"] as? Int == 48 && first["substrateAtoms"] as? Int == 1)
    }

    @Test func badMillerIsAUsageError() throws {
        try #require(SurfaceCommandFiles.built, "build adhere first (swift build)")
        let dir = try SurfaceCommandFiles.folder()
        let r = SurfaceCommandFiles.adhere(["match", "Li.vasp", "LiF.vasp", "--film-miller", "0", "0"], in: dir)
        #expect(r.status == 64)
        #expect(r.stderr.contains("expected 3 integers"))
        #expect(r.stderr.contains("Usage: adhere match"))
    }
}
