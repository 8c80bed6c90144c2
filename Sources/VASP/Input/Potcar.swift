import Foundation
import Crystal

/// The header values of one PAW dataset in a POTCAR (no licensed data is kept).
public struct PotcarHeader: Hashable, Sendable {
    /// TITEL, e.g. "PAW_PBE Li_sv 10Sep2004".
    public var titel: String
    /// The element named by VRHFIN (e.g. "Li").
    public var element: String
    /// ZVAL, valence electrons.
    public var valenceElectrons: Double
    /// ENMAX, the recommended plane-wave cutoff in eV.
    public var enmaxEV: Double

    /// The variant from TITEL ("Li_sv").
    public var variant: String {
        let words = titel.split(separator: " ")
        return words.count >= 2 ? String(words[1]) : titel
    }

    /// Reads the headers of every dataset in POTCAR text (one per `TITEL`).
    public static func parse(_ text: String, file: String) throws(InputError) -> [PotcarHeader] {
        var headers: [PotcarHeader] = []
        var titel: String?, element: String?, zval: Double?, enmax: Double?
        func flush() throws(InputError) {
            guard let t = titel else { return }
            guard let e = element, let z = zval, let m = enmax else {
                throw InputError(file: file, .potcarInvalid("dataset '\(t)' lacks VRHFIN, ZVAL or ENMAX"))
            }
            headers.append(PotcarHeader(titel: t, element: e, valenceElectrons: z, enmaxEV: m))
            titel = nil; element = nil; zval = nil; enmax = nil
        }
        // VRHFIN comes before TITEL in a dataset: a dataset ends at "End of Dataset" (or the file end).
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("TITEL") {
                titel = value(after: "TITEL", in: line)
            } else if line.hasPrefix("VRHFIN") {
                let v = value(after: "VRHFIN", in: line) ?? ""
                element = String(v.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
            } else if zval == nil, line.contains("ZVAL") {
                zval = number(after: "ZVAL", in: line)
            } else if enmax == nil, line.hasPrefix("ENMAX") {
                enmax = number(after: "ENMAX", in: line)
            } else if line.hasPrefix("End of Dataset") {
                try flush()
            }
        }
        try flush()
        guard !headers.isEmpty else { throw InputError(file: file, .potcarInvalid("no TITEL line: not a POTCAR")) }
        return headers
    }

    /// The text after `KEY =` up to a `;`.
    static func value(after key: String, in line: String) -> String? {
        guard let r = line.range(of: key) else { return nil }
        var rest = line[r.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst()
        return String(rest.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
    }

    static func number(after key: String, in line: String) -> Double? {
        guard let v = value(after: key, in: line) else { return nil }
        return v.split(separator: " ").first.flatMap { Double($0) }
    }
}

/// Where POTCARs are looked for. Each root is tried as `root/<variant>/POTCAR` and
/// `root/<functional dir>/<variant>/POTCAR` (the `VASP_PP_PATH` layout, e.g. potpaw_PBE/Li_sv/POTCAR).
public struct PotcarLibrary: Sendable, Equatable {
    /// Folders searched in order.
    public var roots: [String]
    /// The functional folder under a root ("potpaw_PBE").
    public var functionalDirectory: String

    /// Creates a library from explicit roots.
    public init(roots: [String], functionalDirectory: String = "potpaw_PBE") {
        self.roots = roots
        self.functionalDirectory = functionalDirectory
    }

    /// The usual search order: `--potcar-dir`, then the study's `potcar_dir`, then `VASP_PP_PATH`.
    public static func standard(potcarDirectory: String?, studyPotcarDirectory: String? = nil,
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                functionalDirectory: String = "potpaw_PBE") -> PotcarLibrary {
        let roots = [potcarDirectory, studyPotcarDirectory, environment["VASP_PP_PATH"]].compactMap { $0 }.filter { !$0.isEmpty }
        return PotcarLibrary(roots: roots, functionalDirectory: functionalDirectory)
    }

    /// Candidate paths for a variant, in the order tried.
    public func candidates(for variant: String) -> [String] {
        roots.flatMap { root -> [String] in
            let base = URL(fileURLWithPath: root)
            return [
                base.appendingPathComponent(variant).appendingPathComponent("POTCAR").path,
                base.appendingPathComponent(functionalDirectory).appendingPathComponent(variant).appendingPathComponent("POTCAR").path,
            ]
        }
    }

    /// The text of the POTCAR for `variant` of `element`, checked to belong to that element.
    public func potcar(element: Element, variant: String) throws(InputError) -> (path: String, text: String, header: PotcarHeader) {
        let tried = candidates(for: variant)
        for path in tried where FileManager.default.fileExists(atPath: path) {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw InputError(file: path, .io("cannot read POTCAR: \(error.localizedDescription)"))
            }
            let headers = try PotcarHeader.parse(text, file: path)
            guard headers.count == 1, let header = headers.first else {
                throw InputError(file: path, .potcarInvalid("expected one dataset, found \(headers.count)"))
            }
            guard Element(speciesLabel: header.element) == element else {
                throw InputError(file: path, .potcarInvalid("dataset '\(header.titel)' is for \(header.element), expected \(element.symbol)"))
            }
            return (path, text.hasSuffix("\n") ? text : text + "\n", header)
        }
        throw InputError(file: "POTCAR", .potcarMissing(element: element.symbol, variant: variant,
            tried: tried.isEmpty ? ["(no folder: neither --potcar-dir, the study's potcar_dir nor VASP_PP_PATH is set)"] : tried))
    }
}

/// Element → PAW dataset used when a profile names none: the semicore variants the VASP manual
/// recommends for PBE (Li_sv, Zr_sv, ...); every other element uses its plain symbol (La, O, F, S,
/// C, H, ...). A profile's `potcar.variants` override these one element at a time.
public enum PotcarVariants {
    /// The defaults.
    public static let defaults: [String: String] = [
        "Li": "Li_sv", "Na": "Na_pv", "K": "K_sv", "Rb": "Rb_sv", "Cs": "Cs_sv", "Ca": "Ca_sv", "Sr": "Sr_sv",
        "Ba": "Ba_sv", "Sc": "Sc_sv", "Y": "Y_sv", "Ti": "Ti_sv", "Zr": "Zr_sv", "Hf": "Hf_pv", "V": "V_sv",
        "Nb": "Nb_sv", "Ta": "Ta_pv", "Cr": "Cr_pv", "Mo": "Mo_sv", "W": "W_sv", "Mn": "Mn_pv", "Ga": "Ga_d",
        "Ge": "Ge_d", "In": "In_d", "Sn": "Sn_d", "La": "La",
    ]

    /// The variant for `element` under `overrides` (then the defaults, then the symbol).
    public static func variant(for element: Element, overrides: [String: String] = [:]) -> String {
        overrides[element.symbol] ?? defaults[element.symbol] ?? element.symbol
    }
}

/// The POTCAR of a structure: one dataset per species in POSCAR order.
public struct AssembledPotcar: Sendable, Equatable {
    /// The concatenated text.
    public var text: String
    /// Header of each dataset, in POSCAR species order.
    public var headers: [PotcarHeader]
    /// The files used.
    public var paths: [String]

    /// Largest ENMAX in eV.
    public var maxEnmaxEV: Double { headers.map(\.enmaxEV).max() ?? 0 }

    /// Concatenates the POTCARs of `species` (POSCAR order); `variants` override `PotcarVariants.defaults`.
    public static func assemble(species: [Element], variants: [String: String], library: PotcarLibrary)
        throws(InputError) -> AssembledPotcar
    {
        var result = AssembledPotcar(text: "", headers: [], paths: [])
        for element in species {
            let variant = PotcarVariants.variant(for: element, overrides: variants)
            let found = try library.potcar(element: element, variant: variant)
            result.text += found.text
            result.headers.append(found.header)
            result.paths.append(found.path)
        }
        return result
    }

    /// A POTCAR.spec listing (one variant per line, POSCAR species order), written instead of a POTCAR.
    public static func spec(species: [Element], variants: [String: String]) -> String {
        species.map { PotcarVariants.variant(for: $0, overrides: variants) }.joined(separator: "\n") + "\n"
    }
}
