/// The engine-side settings that must agree before two energies may be subtracted: which engine,
/// which model (and its exact weights), which dispersion correction, and GPAW's numerical
/// settings. A W_ad or σ that mixes them is refused (`EngineIdentity.differences`).
///
/// Plain values, filled from what the run actually used (the result file's start record, or a
/// VASP run's generator); nil means "not applicable / not known".
public struct EngineIdentity: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The engine.
    public var engine: Engine
    /// Model name (sevennet-0, chgnet; PBE-PAW for gpaw; nil for VASP and the stand-in).
    public var model: String?
    /// SHA-256 of the model's weights file.
    public var modelSHA256: String?
    /// Dispersion correction added by the runner (VASP's IVDW is compared by the VASP guard).
    public var dispersion: DispersionCorrection
    /// GPAW plane-wave cutoff, eV.
    public var planeWaveCutoffEV: Double?
    /// GPAW smearing width, eV.
    public var smearingEV: Double?

    /// Creates an identity.
    public init(engine: Engine, model: String? = nil, modelSHA256: String? = nil, dispersion: DispersionCorrection = .none,
                planeWaveCutoffEV: Double? = nil, smearingEV: Double? = nil) {
        self.engine = engine
        self.model = model
        self.modelSHA256 = modelSHA256
        self.dispersion = dispersion
        self.planeWaveCutoffEV = planeWaveCutoffEV
        self.smearingEV = smearingEV
    }

    /// What a result file's start record says was used.
    public init(_ provenance: EngineProvenance) {
        self.init(engine: provenance.engine, model: provenance.model, modelSHA256: provenance.modelSHA256,
                  dispersion: provenance.dispersion, planeWaveCutoffEV: provenance.planeWaveCutoffEV,
                  smearingEV: provenance.smearingEV)
    }

    /// "mlip sevennet-0 + d3bj", "gpaw PBE-PAW 400 eV", "vasp".
    public var description: String {
        var parts = [engine.rawValue]
        if let model { parts.append(model) }
        if let cutoff = planeWaveCutoffEV { parts.append("\(Int(cutoff.rounded())) eV") }
        if dispersion != .none { parts.append("+ \(dispersion.rawValue)") }
        return parts.joined(separator: " ")
    }

    /// The settings compared, as (name, value text) — the form a consistency guard lists.
    public var comparedSettings: [(setting: String, value: String)] {
        func text(_ x: Double?, _ unit: String) -> String { x.map { "\($0) \(unit)" } ?? "unset" }
        return [
            ("engine", engine.rawValue),
            ("model", model ?? "none"),
            ("model weights (SHA-256)", modelSHA256.map { String($0.prefix(12)) } ?? "none"),
            ("dispersion correction", dispersion.rawValue),
            ("plane-wave cutoff", text(planeWaveCutoffEV, "eV")),
            ("smearing", text(smearingEV, "eV")),
        ]
    }

    /// Every engine setting on which `members` (label, identity) disagree, with each member's
    /// value: empty when all agree.
    public static func differences(_ members: [(label: String, identity: EngineIdentity)])
        -> [(setting: String, values: [(label: String, value: String)])]
    {
        guard let first = members.first else { return [] }
        var found: [(setting: String, values: [(label: String, value: String)])] = []
        for (i, setting) in first.identity.comparedSettings.enumerated() {
            let values = members.map { ($0.label, $0.identity.comparedSettings[i].value) }
            if Set(values.map(\.1)).count > 1 { found.append((setting.setting, values)) }
        }
        return found
    }
}
