import Engines
import Checksum
import Foundation
import VASP

/// Where the study meets the Engines module: the engine of the study's profile, the inputs an
/// ASE-driven engine gets for a planned calculation, and which job template a folder needs.
public enum StudyEngine {
    /// The engine part of `profile` (VASP when the profile names none or was not read from a file).
    public static func engineProfile(of profile: InputProfile) throws -> EngineProfile {
        guard let file = profile.file else { return .vasp }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw EngineError(file: file, .io("cannot read profile: \(error.localizedDescription)"))
        }
        return try EngineProfile.parse(text, file: file)
    }

    /// engine.json for one rendered calculation: relaxation or single point from the set, the
    /// cell relaxes for bulk relaxations, GPAW gets the set's k-mesh and, when the set has a
    /// dipole correction, its vacuum axis.
    public static func input(for set: InputSet, profile: EngineProfile) -> EngineInput {
        EngineInput(profile: profile, relax: set.calculation == .relax, bulk: set.role == .bulk,
                    kpoints: set.kpoints.divisions, dipoleAxis: set.dipole != nil ? set.geometry?.vacuumAxis : nil)
    }

    /// The input identity of an ASE-driven calculation: SHA-256 of engine.json and POSCAR
    /// (model, dispersion and thresholds are in engine.json, so changing them re-arms the run).
    public static func inputHash(for set: InputSet, profile: EngineProfile) -> String {
        SHA256.hex(namedTexts: [(EngineInput.fileName, input(for: set, profile: profile).json()), ("POSCAR", set.poscar)])
    }

    /// The engine a calculation folder was built for: the `engine` of its engine.json, else VASP.
    public static func engine(ofFolder folder: URL) -> Engine {
        let url = folder.appendingPathComponent(EngineInput.fileName)
        guard let data = try? Data(contentsOf: url),
              let input = try? JSONDecoder().decode(EngineInput.self, from: data) else { return .vasp }
        return input.engine
    }
}

extension StudyEngine {
    /// The report's engine line for the calculations of an archive: which engine and model made
    /// the numbers, and for the ML engine that they are a prescreen. nil when every calculation
    /// is a VASP run (or the stand-in, which has its own banner).
    public static func banner(engines: [(engine: String, model: String, dispersion: String?, version: String)]) -> String? {
        var seen: [String] = []
        var machineLearned = false
        for e in engines where e.engine != Engine.vasp.rawValue && e.engine != Engine.standin.rawValue {
            machineLearned = machineLearned || e.engine == Engine.mlip.rawValue
            var text = e.engine + (e.model.isEmpty ? "" : " \(e.model)")
            if let d = e.dispersion, d != DispersionCorrection.none.rawValue, !d.isEmpty { text += " + \(d)" }
            text += " (\(e.version))"
            if !seen.contains(text) { seen.append(text) }
        }
        guard !seen.isEmpty else { return nil }
        return "Engine: " + seen.joined(separator: "; ")
            + (machineLearned ? " — a machine-learned prescreen, not DFT: confirm promising interfaces with DFT" : "")
    }
}
