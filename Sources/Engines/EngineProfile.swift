import Foundation
import Yams

/// The engine part of an input profile (`templates/profiles/*.yaml`): which engine, which model,
/// which dispersion correction, and the relaxation's force threshold and step limit for the
/// ASE-driven engines. The k-point density and the dipole policy stay in the profile's
/// `kpoints:` and `slab:` sections, shared with VASP.
///
/// ```yaml
/// engine: mlip            # vasp (default) | mlip | gpaw | standin
/// model: sevennet-0       # mlip only: sevennet-0 (default) | chgnet
/// dispersion: d3bj        # none | d3bj | d3zero (mlip, gpaw)
/// relaxation:
///   force_threshold_ev_per_a: 0.03
///   max_steps: 300
///   single_points: false  # true: every calculation is one energy at the geometry Adhere built
///   optimizer: bfgs       # bfgs (default) | lbfgs | fire | bfgs-linesearch | precon-lbfgs
/// gpaw:
///   plane_wave_cutoff_ev: 400
///   smearing_ev: 0.1
/// ```
public struct EngineProfile: Sendable, Equatable, Codable {
    /// The engine.
    public var engine: Engine
    /// The ML model (mlip only; nil for other engines).
    public var model: MLIPModel?
    /// The dispersion correction added by the runner (mlip, gpaw); VASP's comes from IVDW.
    public var dispersion: DispersionCorrection
    /// Relaxations stop when every free force is below this, eV/Å.
    public var forceThresholdEVPerA: Double
    /// Relaxations stop after this many ionic steps (flagged unconverged).
    public var maxSteps: Int
    /// True: nothing relaxes; every calculation (bulk, slab, interface) is a single point at the
    /// geometry Adhere built (a rigid W_ad, for engines too slow to relax, e.g. GPAW on 2 cores).
    public var singlePoints: Bool = false
    /// The optimiser of relaxations (ASE's; BFGS unless the profile names another).
    public var optimizer: RelaxationOptimizer = .bfgs
    /// GPAW's settings (gpaw only).
    public var gpaw: GPAWSettings?
    /// A second ML model evaluated on every final geometry (mlip only), to flag disagreement.
    public var secondModel: MLIPModel?
    /// Interfaces whose W_ad from the two models differ by more than this are flagged, J/m².
    public var modelDisagreementJPerM2: Double = 0.1

    /// GPAW's numerical settings; everything that changes total energies is compared by the
    /// consistency guard.
    public struct GPAWSettings: Sendable, Equatable, Codable {
        /// Plane-wave cutoff, eV.
        public var planeWaveCutoffEV: Double
        /// Fermi–Dirac smearing width, eV (energies are extrapolated to zero width).
        public var smearingEV: Double
        /// Exchange–correlation functional.
        public var xc: String
        /// Folder of PAW setups (GPAW_SETUP_PATH); nil for GPAW's default search path.
        public var setupsPath: String?

        /// The keys of engine.json's `gpaw` block (EngineInput), as the ASE runner reads them.
        enum CodingKeys: String, CodingKey {
            case planeWaveCutoffEV = "plane_wave_cutoff_eV", smearingEV = "smearing_eV", xc, setupsPath = "setups_path"
        }

        /// Creates settings; the defaults are the measured ones of docs/engines.md.
        public init(planeWaveCutoffEV: Double = 400, smearingEV: Double = 0.1, xc: String = "PBE", setupsPath: String? = nil) {
            self.planeWaveCutoffEV = planeWaveCutoffEV
            self.smearingEV = smearingEV
            self.xc = xc
            self.setupsPath = setupsPath
        }
    }

    /// The keys this type reads from a profile's top level.
    public static let topLevelKeys: Set<String> = ["engine", "model", "dispersion", "relaxation", "gpaw", "second_model",
                                                   "model_disagreement_j_per_m2"]

    /// Creates an engine profile.
    public init(engine: Engine, model: MLIPModel? = nil, dispersion: DispersionCorrection = .none,
                forceThresholdEVPerA: Double = 0.03, maxSteps: Int = 300, gpaw: GPAWSettings? = nil) {
        self.engine = engine
        self.model = engine == .mlip ? (model ?? .sevennet0) : nil
        self.dispersion = dispersion
        self.forceThresholdEVPerA = forceThresholdEVPerA
        self.maxSteps = maxSteps
        self.gpaw = engine == .gpaw ? (gpaw ?? GPAWSettings()) : nil
    }

    /// VASP, as a profile without an `engine:` key means.
    public static let vasp = EngineProfile(engine: .vasp)

    /// Reads the engine part of profile YAML text; `file` names it in errors.
    public static func parse(_ yaml: String, file: String) throws(EngineError) -> EngineProfile {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw EngineError(file: file, .profile(key: "(file)", expected: "YAML", found: "\(error)"))
        }
        guard let top = root?.mapping else { return .vasp }
        func line(_ node: Node?) -> Int? { node?.mark.map { $0.line } }
        func keyLine(_ key: String) -> Int? { line(top.keys.first { $0.string == key }) }
        func scalar(_ key: String) -> (String, Int?)? {
            guard let node = top[key] else { return nil }
            return (node.string ?? "", line(node))
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(EngineError) -> T?
            where T.RawValue == String
        {
            guard let (text, at) = scalar(key) else { return nil }
            guard let value = T(rawValue: text.lowercased()) else {
                throw EngineError(file: file, line: at, .profile(key: key, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "), found: text))
            }
            return value
        }
        let engine = try choice("engine", Engine.self) ?? .vasp
        let model = try choice("model", MLIPModel.self)
        if model != nil && engine != .mlip {
            throw EngineError(file: file, line: scalar("model")?.1,
                              .profile(key: "model", expected: "no model unless engine is mlip", found: model!.rawValue))
        }
        let dispersion = try choice("dispersion", DispersionCorrection.self) ?? .none
        if dispersion != .none && !engine.isASEDriven {
            throw EngineError(file: file, line: scalar("dispersion")?.1,
                              .profile(key: "dispersion", expected: "none for \(engine) (VASP takes IVDW in incar:)", found: dispersion.rawValue))
        }
        func number(_ map: Node.Mapping, _ section: String, _ key: String, positive: Bool = true) throws(EngineError) -> Double? {
            guard let node = map[key] else { return nil }
            guard let text = node.string, let x = Double(text), x.isFinite, !positive || x > 0 else {
                throw EngineError(file: file, line: line(node), .profile(key: "\(section).\(key)", expected: "a positive number", found: node.string ?? "?"))
            }
            return x
        }
        func section(_ name: String, keys: Set<String>) throws(EngineError) -> Node.Mapping? {
            guard let node = top[name] else { return nil }
            guard let map = node.mapping else {
                throw EngineError(file: file, line: keyLine(name), .profile(key: name, expected: "a mapping", found: node.string ?? "?"))
            }
            for k in map.keys where !keys.contains(k.string ?? "") {
                throw EngineError(file: file, line: line(k), .profile(key: "\(name).\(k.string ?? "?")", expected: "one of " + keys.sorted().joined(separator: ", "), found: k.string ?? "?"))
            }
            return map
        }
        var profile = EngineProfile(engine: engine, model: model, dispersion: dispersion)
        if let second = try choice("second_model", MLIPModel.self) {
            guard engine == .mlip, second != profile.model else {
                throw EngineError(file: file, line: scalar("second_model")?.1,
                                  .profile(key: "second_model", expected: "a model other than the first, with engine mlip", found: second.rawValue))
            }
            profile.secondModel = second
        }
        if let (text, at) = scalar("model_disagreement_j_per_m2") {
            guard let x = Double(text), x > 0, x.isFinite else {
                throw EngineError(file: file, line: at, .profile(key: "model_disagreement_j_per_m2", expected: "a positive number", found: text))
            }
            profile.modelDisagreementJPerM2 = x
        }
        if let relaxation = try section("relaxation", keys: ["force_threshold_ev_per_a", "max_steps", "single_points", "optimizer"]) {
            if let f = try number(relaxation, "relaxation", "force_threshold_ev_per_a") { profile.forceThresholdEVPerA = f }
            if let n = try number(relaxation, "relaxation", "max_steps") {
                guard n == n.rounded(), n >= 1 else {
                    throw EngineError(file: file, line: line(relaxation["max_steps"]), .profile(key: "relaxation.max_steps", expected: "a whole number ≥ 1", found: "\(n)"))
                }
                profile.maxSteps = Int(n)
            }
            if let node = relaxation["single_points"] {
                guard let flag = node.bool else {
                    throw EngineError(file: file, line: line(node), .profile(key: "relaxation.single_points", expected: "true or false", found: node.string ?? "?"))
                }
                guard !flag || engine.isASEDriven else {
                    throw EngineError(file: file, line: line(node), .profile(key: "relaxation.single_points", expected: "false for \(engine) (VASP's single points come from the static template)", found: "true"))
                }
                profile.singlePoints = flag
            }
            if let node = relaxation["optimizer"] {
                let text = node.string ?? ""
                guard let optimizer = RelaxationOptimizer(rawValue: text.lowercased()), engine.isASEDriven else {
                    let expected = engine.isASEDriven ? "one of " + RelaxationOptimizer.allCases.map(\.rawValue).joined(separator: ", ")
                        : "no optimizer for \(engine) (VASP takes IBRION in incar:)"
                    throw EngineError(file: file, line: line(node), .profile(key: "relaxation.optimizer", expected: expected, found: text))
                }
                profile.optimizer = optimizer
            }
        }
        if let g = try section("gpaw", keys: ["plane_wave_cutoff_ev", "smearing_ev", "xc", "setups_path"]) {
            guard engine == .gpaw else {
                throw EngineError(file: file, line: keyLine("gpaw"), .profile(key: "gpaw", expected: "no gpaw section unless engine is gpaw", found: engine.rawValue))
            }
            var settings = GPAWSettings()
            if let x = try number(g, "gpaw", "plane_wave_cutoff_ev") { settings.planeWaveCutoffEV = x }
            if let x = try number(g, "gpaw", "smearing_ev") { settings.smearingEV = x }
            if let x = g["xc"]?.string { settings.xc = x }
            if let x = g["setups_path"]?.string { settings.setupsPath = x }
            profile.gpaw = settings
        }
        return profile
    }
}
