import Foundation
import Testing
import TestSupport

/// `adhere wad` end to end through the built binary. Expected numbers are hand calculations:
/// (−100 − 200 + 300.5) eV / 50 Å² = 0.01 eV/Å² = 0.1602176634 J/m²; with σ = 0.424549837 J/m²
/// given: cos θ = 0.1602176634/0.424549837 − 1 → θ = 128.5075° (Python 3 math.acos).
/// The built `adhere` the suite runs (skipped visibly when it is not built).
private let adhereBuilt = FileManager.default.isExecutableFile(atPath: Fixtures.executable("adhere"))

@Suite(.enabled(if: adhereBuilt, "skipped: build adhere first (swift build --product adhere)")) struct WadCommandTests {
    var adhere: String { Fixtures.executable("adhere") }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let withSigma = arguments.contains("--sigma") ? arguments : arguments + ["--sigma", "0.424549837"]
        let r = Fixtures.run(adhere, ["wad"] + withSigma + ["--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let j = try json(["--interface", "-300.5", "--film", "-100", "--substrate", "-200", "--area", "50"])
        #expect(abs((j["workOfAdhesionEVPerA2"] as? Double ?? 0) - 0.01) < 1e-15)
        #expect(abs((j["workOfAdhesionJPerM2"] as? Double ?? 0) - 0.1602176634) < 1e-12)
        #expect(abs((j["surfaceEnergyJPerM2"] as? Double ?? 0) - 0.424549837) < 1e-8)
        #expect(abs((j["contactAngleDeg"] as? Double ?? 0) - 128.5075) < 1e-4)
        #expect(j["wettingRegime"] as? String == "partial wetting")
        #expect(j["energyKind"] as? String == "sigma0")
        #expect(j["surfaceEnergySource"] as? String == "given (--sigma)")
    }

    /// σ is never made up: without --sigma or --archive, `wad` is a usage error naming both.
    @Test func sigmaIsRequired() throws {
        let r = Fixtures.run(adhere, ["wad", "--interface", "-300.5", "--film", "-100", "--substrate", "-200", "--area", "50"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--sigma") && r.stderr.contains("--archive"))
    }

    /// The paper's strong case: W_ad = 0.97 J/m² over 100 Å² is ΔE = 0.97/16.02176634 × 100
    /// = 6.054262 eV; with σ = 0.4245, W_ad ≥ 2σ → complete wetting, θ = 0.
    @Test func paperCompleteWetting() throws {
        let delta = 0.97 / 16.021_766_34 * 100
        let j = try json(["--interface=\(-1000 - delta)", "--film", "-400", "--substrate", "-600", "--area", "100",
                                "--sigma", "0.4245"])
        #expect(abs((j["workOfAdhesionJPerM2"] as? Double ?? 0) - 0.97) < 1e-9)
        #expect(j["contactAngleDeg"] as? Double == 0)
        #expect(j["wettingRegime"] as? String == "complete wetting")
        #expect(j["surfaceEnergyJPerM2"] as? Double == 0.4245)
    }

    @Test func unboundInterfaceIsNoAdhesion() throws {
        let j = try json(["--interface", "-299", "--film", "-100", "--substrate", "-200", "--area", "25"])
        #expect(j["contactAngleDeg"] as? Double == 180)
        #expect(j["wettingRegime"] as? String == "no adhesion")
    }

    @Test func textNamesTheLimit() throws {
        let r = Fixtures.run(adhere, ["wad", "--interface", "-310", "--film", "-100", "--substrate", "-200", "--area", "50", "--sigma", "0.4245"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("complete wetting"))
        #expect(r.stdout.contains("θ    = 0.0°"))
    }

    /// Bad usage exits 64 with a message naming the option.
    @Test func badUsageExits64() throws {
        let zeroArea = Fixtures.run(adhere, ["wad", "--interface", "-3", "--film", "-1", "--substrate", "-1", "--area", "0"])
        #expect(zeroArea.status == 64)
        #expect(zeroArea.stderr.contains("--area"))
        let missing = Fixtures.run(adhere, ["wad", "--interface", "-3", "--film", "-1", "--area", "10"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("substrate"))
        let badSigma = Fixtures.run(adhere, ["wad", "--interface", "-3", "--film", "-1", "--substrate", "-1", "--area", "10", "--sigma", "-1"])
        #expect(badSigma.status == 64)
        #expect(badSigma.stderr.contains("--sigma"))
    }

    /// Issue 13: an area of 1e308 Å² is no interface (usage error, 64), and a work of adhesion
    /// vanishingly small next to σ gives θ = 180°, which is no adhesion, not partial wetting:
    /// ΔE = 1e-12 eV over 1e6 Å² is 1.6e-17 J/m², and 1.6e-17/0.4245 − 1 rounds to −1 in doubles.
    @Test func unphysicalAreaAndTheHundredEightyDegreeLimit() throws {
        let huge = Fixtures.run(adhere, ["wad", "--interface", "-3", "--film", "-1", "--substrate", "-2", "--area", "1e308"])
        #expect(huge.status == 64)
        #expect(huge.stderr.contains("--area"))
        let hugeEnergy = Fixtures.run(adhere, ["wad", "--interface", "-3e300", "--film", "-1", "--substrate", "-2", "--area", "10"])
        #expect(hugeEnergy.status == 64)
        let j = try json(["--interface=-300.000000000001", "--film", "-100", "--substrate", "-200", "--area", "1e6",
                                "--sigma", "0.4245"])
        #expect(j["contactAngleDeg"] as? Double == 180)
        #expect(j["wettingRegime"] as? String == "no adhesion")
    }
}
