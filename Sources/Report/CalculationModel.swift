import Foundation
import Archive

/// The engine and physical model of a calculation, in words, read from what the archive records
/// (the engine's version string, the INCAR tags VASP read and the POTCAR titles) — never from a
/// profile. Used for table captions, the chart and the methods paragraph.
public struct CalculationModel: Equatable, Sendable {
    /// "VASP 6.4.2", or "vasp-standin 0.1.0 (stand-in, not VASP)".
    public var engine: String
    /// Exchange–correlation functional with the tag that set it: "PBE (GGA = PE)".
    public var functional: String
    /// Short functional name: "PBE".
    public var functionalName: String
    /// Dispersion correction, e.g. "DFT-D3, zero damping (IVDW = 11)"; nil when none.
    public var dispersion: String?
    /// Short dispersion name: "D3(zero)"; nil when none.
    public var dispersionName: String?
    /// "PAW" when the POTCARs are PAW datasets, else nil.
    public var pseudopotentials: String?
    /// "DFT+U" when LDAU is on.
    public var hubbardU: Bool

    /// "PBE+D3(zero), PAW".
    public var summary: String {
        var s = functionalName + (hubbardU ? "+U" : "") + (dispersionName.map { "+" + $0 } ?? "")
        if let p = pseudopotentials { s += ", " + p }
        return s
    }

    /// The model of one archived calculation.
    public init(_ c: ArchivedCalculation) {
        engine = Self.engine(c.vaspVersion, isStandIn: c.isStandIn)
        if c.engine == "mlip" || c.engine == "gpaw" {
            // ASE-driven engines (docs/engines.md): the model and dispersion come from the
            // archive's engine attributes and settings, not from INCAR tags.
            let d3 = ["d3bj": ("D3(BJ)", "DFT-D3, Becke–Johnson damping (s-dftd3)"), "d3zero": ("D3(zero)", "DFT-D3, zero damping (s-dftd3)")]
            let names = ["sevennet-0": "SevenNet-0", "chgnet": "CHGNet 0.3.0", "PBE-PAW": "PBE"]
            engine = c.engine == "mlip" ? "\(c.vaspVersion) (machine-learned potential)" : "GPAW \(c.vaspVersion.split(separator: " ").last.map(String.init) ?? "")"
            functionalName = names[c.model] ?? c.model
            functional = c.engine == "mlip" ? "\(functionalName), a universal machine-learned potential trained on PBE data" : "PBE"
            let dispersionTag = c.incar["DISPERSION"] ?? "none"
            dispersionName = d3[dispersionTag]?.0
            dispersion = d3[dispersionTag]?.1
            pseudopotentials = c.engine == "gpaw" ? "PAW" : nil
            hubbardU = false
            return
        }
        let tag = { (name: String) in c.incar[name]?.trimmingCharacters(in: .whitespaces).uppercased() }
        let potcarFunctional = c.potcars.contains { $0.contains("PAW_PBE") } ? "PBE"
            : c.potcars.contains { $0.contains("PAW_LDA") || $0.hasPrefix("PAW ") } ? "LDA" : nil
        if let meta = tag("METAGGA"), !meta.isEmpty, meta != "--" {
            let names = ["SCAN": "SCAN", "R2SCAN": "r²SCAN", "RSCAN": "rSCAN", "TPSS": "TPSS", "M06L": "M06-L", "MBJ": "mBJ"]
            functionalName = names[meta] ?? meta
            functional = "\(functionalName) (METAGGA = \(meta))"
        } else if tag("LHFCALC").map(Self.isTrue) == true {
            let screening = c.incar["HFSCREEN"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            functionalName = abs(screening - 0.2) < 1e-9 ? "HSE06" : screening == 0 ? "PBE0" : "hybrid"
            functional = "\(functionalName) (LHFCALC = .TRUE., HFSCREEN = \(c.incar["HFSCREEN"] ?? "0"))"
        } else if let gga = tag("GGA"), !gga.isEmpty, gga != "--" {
            let names = ["PE": "PBE", "PS": "PBEsol", "RP": "RPBE", "91": "PW91", "AM": "AM05", "RE": "revPBE", "OR": "optPBE", "BO": "optB88", "MK": "optB86b", "CA": "LDA"]
            functionalName = names[gga] ?? gga
            functional = "\(functionalName) (GGA = \(gga))"
        } else if let p = potcarFunctional {
            functionalName = p
            functional = "\(p) (the POTCARs' functional; GGA not set)"
        } else {
            functionalName = "functional not recorded"
            functional = functionalName
        }
        let ivdw = tag("IVDW").flatMap { Int($0) } ?? 0
        let dispersions: [Int: (String, String)] = [
            1: ("D2", "DFT-D2"), 10: ("D2", "DFT-D2"), 11: ("D3(zero)", "DFT-D3, zero damping"),
            12: ("D3(BJ)", "DFT-D3, Becke–Johnson damping"), 13: ("D4", "DFT-D4"),
            2: ("TS", "Tkatchenko–Scheffler"), 20: ("TS", "Tkatchenko–Scheffler"), 21: ("TS-HI", "Tkatchenko–Scheffler, iterative Hirshfeld"),
            202: ("MBD", "many-body dispersion"), 4: ("dDsC", "dDsC"),
        ]
        if let d = dispersions[ivdw] {
            dispersionName = d.0
            dispersion = "\(d.1) (IVDW = \(ivdw))"
        } else if ivdw != 0 {
            dispersionName = "IVDW=\(ivdw)"
            dispersion = "IVDW = \(ivdw)"
        } else if tag("LUSE_VDW").map(Self.isTrue) == true {
            dispersionName = "vdW-DF"
            dispersion = "non-local vdW-DF (LUSE_VDW = .TRUE.)"
        } else {
            dispersionName = nil
            dispersion = nil
        }
        pseudopotentials = c.potcars.contains { $0.contains("PAW") } ? "PAW" : nil
        hubbardU = tag("LDAU").map(Self.isTrue) ?? false
    }

    static func isTrue(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: CharacterSet(charactersIn: ". ")).uppercased()
        return t.hasPrefix("T")
    }

    /// The engine from the recorded version string ("vasp 6.4.2" → "VASP 6.4.2").
    static func engine(_ version: String, isStandIn: Bool) -> String {
        let v = version.trimmingCharacters(in: .whitespaces)
        if isStandIn { return (v.isEmpty ? "vasp-standin" : v) + " (stand-in, not VASP)" }
        if v.isEmpty { return "VASP (version not recorded)" }
        let parts = v.split(separator: " ", maxSplits: 1)
        if parts.first?.lowercased() == "vasp" { return "VASP" + (parts.count > 1 ? " " + parts[1] : "") }
        return v
    }
}
