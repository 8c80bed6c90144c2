import Crystal
import Foundation

/// Progress of a VASP run read from OSZICAR lines (VASP's standard output repeats them):
/// SCF iterations (`DAV:   3   -0.108E+02 ...`) and ionic-step summaries
/// (`   2 F= -.10844368E+02 E0= -.10844368E+02  d E =-.253162E-02  mag= 0.0000`, and for MD
/// `  5 T=   301. E= ... F= ... E0= ...`).
public struct VASPProgress: Sendable, Equatable {
    /// One ionic-step summary line.
    public struct IonicLine: Sendable, Equatable {
        /// Step number as printed (1-based).
        public var step: Int
        /// F: free energy (TOTEN), eV.
        public var freeEnergyEV: Double?
        /// E0: energy at σ → 0, eV (as VASP prints it in OSZICAR; correct here in all versions).
        public var energySigma0EV: Double?
        /// d E: change from the previous step, eV.
        public var deltaEEV: Double?
        /// mag=, μB (spin-polarised runs).
        public var magnetization: Double?
        /// T=, K (molecular dynamics).
        public var temperatureK: Double?
    }

    /// One SCF-iteration line.
    public struct SCFLine: Sendable, Equatable {
        /// "DAV", "RMM", "CG", "SDA", ...
        public var algorithm: String
        /// Iteration number within the ionic step.
        public var iteration: Int
        /// Total energy, eV.
        public var energyEV: Double?
        /// Change from the previous iteration, eV.
        public var deltaEEV: Double?
    }

    /// Ionic-step lines seen, in order (from a tail: only the last few).
    public var ionicSteps: [IonicLine] = []
    /// SCF lines after the last ionic-step line: the step in progress (or a step that failed).
    public var scfInProgress: [SCFLine] = []
    /// SCF iterations of the last completed ionic step.
    public var scfOfLastStep: Int = 0

    /// The last completed ionic step.
    public var lastStep: IonicLine? { ionicSteps.last }

    /// Reads every OSZICAR-style line of `text`, ignoring the rest.
    public init(text: String) {
        var scf: [SCFLine] = []
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.drop { $0 == " " }
            if let s = Self.scfLine(line) {
                scf.append(s)
            } else if let i = Self.ionicLine(line) {
                ionicSteps.append(i)
                scfOfLastStep = scf.count
                scf.removeAll()
            }
        }
        scfInProgress = scf
    }

    /// Creates an empty progress record.
    public init() {}

    static let scfAlgorithms: Set<Substring> = ["DAV", "RMM", "CG", "SDA", "EDIAG", "DMP", "DIA", "RMMDIIS", "DAVIDSON"]

    static func scfLine(_ line: Substring) -> SCFLine? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[line.startIndex..<colon]
        guard scfAlgorithms.contains(name) else { return nil }
        let fields = line[line.index(after: colon)...].split(separator: " ")
        guard let first = fields.first, let n = Int(first) else { return nil }
        return SCFLine(algorithm: String(name), iteration: n,
                       energyEV: fields.count > 1 ? FortranNumber.double(fields[1]) : nil,
                       deltaEEV: fields.count > 2 ? FortranNumber.double(fields[2]) : nil)
    }

    static func ionicLine(_ line: Substring) -> IonicLine? {
        guard line.contains("F="), let first = line.split(separator: " ").first, let step = Int(first) else { return nil }
        // "key= value" pairs; "d E =-.25E-02" has a space inside the key.
        let normalized = line.replacingOccurrences(of: "d E", with: "dE").replacingOccurrences(of: " =", with: "=")
        var values: [String: Double] = [:]
        let tokens = normalized.split(separator: " ")
        var i = 1
        while i < tokens.count {
            let t = tokens[i]
            if let eq = t.firstIndex(of: "=") {
                let key = String(t[t.startIndex..<eq])
                var value = t[t.index(after: eq)...]
                if value.isEmpty, i + 1 < tokens.count { i += 1; value = tokens[i] }
                if let v = FortranNumber.double(value) { values[key] = v }
            }
            i += 1
        }
        guard values["F"] != nil || values["E0"] != nil else { return nil }
        return IonicLine(step: step, freeEnergyEV: values["F"], energySigma0EV: values["E0"], deltaEEV: values["dE"],
                         magnetization: values["mag"], temperatureK: values["T"])
    }
}

/// OSZICAR: the live progress file VASP appends to.
public enum OSZICAR {
    /// Reads the last `lastBytes` of an OSZICAR (plain or .gz) — enough for the current step.
    public static func readTail(path: String, lastBytes: Int = 65_536) throws(VasprunError) -> VASPProgress {
        VASPProgress(text: try TailText.read(path: path, lastBytes: lastBytes))
    }

    /// Reads a whole OSZICAR (every ionic step).
    public static func read(path: String) throws(VasprunError) -> VASPProgress {
        VASPProgress(text: try TailText.read(path: path, lastBytes: nil))
    }
}
