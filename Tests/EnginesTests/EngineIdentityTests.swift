import Testing
@testable import Engines

@Suite struct EngineIdentityTests {
    static let sevenNet = EngineIdentity(engine: .mlip, model: "sevennet-0", modelSHA256: "aaaa", dispersion: .d3bj)

    @Test func sameEngineAndModelAgree() {
        #expect(EngineIdentity.differences([("interface", Self.sevenNet), ("film", Self.sevenNet), ("substrate", Self.sevenNet)]).isEmpty)
    }

    @Test func mixedModelsAreNamed() {
        let chgnet = EngineIdentity(engine: .mlip, model: "chgnet", modelSHA256: "bbbb", dispersion: .d3bj)
        let d = EngineIdentity.differences([("interface", Self.sevenNet), ("film", chgnet)])
        #expect(d.map(\.setting) == ["model", "model weights (SHA-256)"])
        #expect(d[0].values.map(\.value) == ["sevennet-0", "chgnet"])
    }

    @Test func mixedEnginesAndDispersionAreNamed() {
        let vasp = EngineIdentity(engine: .vasp)
        let noD3 = EngineIdentity(engine: .mlip, model: "sevennet-0", modelSHA256: "aaaa")
        #expect(EngineIdentity.differences([("interface", Self.sevenNet), ("substrate", vasp)]).map(\.setting)
                == ["engine", "model", "model weights (SHA-256)", "dispersion correction"])
        #expect(EngineIdentity.differences([("interface", Self.sevenNet), ("film", noD3)]).map(\.setting) == ["dispersion correction"])
    }

    @Test func otherWeightsUnderTheSameNameAreNamed() {
        var retrained = Self.sevenNet
        retrained.modelSHA256 = "cccc"
        #expect(EngineIdentity.differences([("a", Self.sevenNet), ("b", retrained)]).map(\.setting) == ["model weights (SHA-256)"])
    }
}
