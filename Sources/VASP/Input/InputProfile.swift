import Foundation
import Crystal
import Resources
import Yams
import YAMLSettings

/// What kind of cell inputs are written for.
public enum InputRole: String, Sendable, CaseIterable, Codable {
    /// A film|substrate interface cell with vacuum.
    case interface
    /// A slab (film or substrate reference) with vacuum.
    case slab
    /// A periodic bulk cell (relaxed with ISIF = 3).
    case bulk

    /// True for cells with a vacuum gap.
    public var hasVacuum: Bool { self != .bulk }
}

/// Relaxation (ions move) or a single-point energy.
public enum CalculationKind: String, Sendable, CaseIterable, Codable {
    /// Ionic relaxation (INCAR-relax, or INCAR-bulk for bulk cells).
    case relax
    /// Single-point energy (INCAR-static).
    case `static`
}

/// When to switch on the dipole correction (LDIPOL/IDIPOL) for slabs and interfaces.
public enum DipoleMode: String, Sendable, Codable {
    /// On for asymmetric slabs and interfaces, off for symmetric slabs and bulk.
    case auto
    /// On for every slab and interface.
    case on
    /// Never.
    case off
}

/// A named set of templates and parameter values: the protocol of a study
/// (`templates/profiles/li-interface-pbe-d3.yaml` is the default).
///
/// The YAML has `name`, `description`, `templates` (relax/static/bulk/kpoints → file names),
/// `incar` (tags for every calculation), `relax`/`static`/`bulk` (tags for one template, over
/// `incar`), `kpoints` (`spacing_per_a` or `per_reciprocal_atom`), `slab` (`dipole`,
/// `minimum_vacuum_a`) and `potcar` (`directory`, `variants`). Keys are snake_case as in every
/// YAML file a user edits; INCAR tags keep VASP's spelling. An unknown key is an error naming
/// the nearest valid one.
public struct InputProfile: Sendable, Equatable {
    /// The profile's name.
    public var name: String
    /// One line saying what it is for.
    public var description: String
    /// Template file names for "relax", "static", "bulk" and "kpoints".
    public var templates: [String: String]
    /// INCAR tags for every calculation, typed and checked against `IncarTags`.
    public var incar: Incar
    /// INCAR tags per template ("relax", "static", "bulk"), applied over `incar`.
    public var templateIncar: [String: Incar]
    /// k-point density.
    public var kpoints: KPointDensity
    /// Dipole correction policy.
    public var dipole: DipoleMode
    /// Smallest gap in Å counted as vacuum.
    public var minimumVacuumA: Double
    /// POTCAR functional folder under a library root ("potpaw_PBE").
    public var potcarFunctionalDirectory: String
    /// Element symbol → POTCAR variant (Li → Li_sv), over `PotcarVariants.defaults`.
    public var potcarVariants: [String: String]
    /// The file the profile was read from (templates are looked for beside it first).
    public var file: String?
    /// ENCUT below the largest ENMAX of the POTCARs is refused unless this is set (profile key
    /// `potcar: allow_encut_below_enmax: true`), as a deliberate, visible choice.
    public var allowEncutBelowEnmax: Bool = false

    /// Name of the built-in default profile.
    public static let defaultName = "li-interface-pbe-d3"

    /// The template key for a role and calculation: "bulk" for bulk relaxations, else the calculation.
    public static func templateKey(role: InputRole, calculation: CalculationKind) -> String {
        role == .bulk && calculation == .relax ? "bulk" : calculation.rawValue
    }

    /// The INCAR values for one template: `incar` with the template's tags over it.
    public func incarValues(forTemplate key: String) -> Incar {
        var merged = incar
        for (tag, value) in templateIncar[key]?.entries ?? [] { merged[tag] = value }
        return merged
    }

    /// Finds and reads a profile. `name` may be a path to a YAML file; otherwise `NAME.yaml` and
    /// `profiles/NAME.yaml` are looked for in each of `searchPaths` (e.g. the study folder), then in
    /// the built-in `templates/profiles/`.
    public static func load(named name: String, searchPaths: [String] = []) throws(InputError) -> InputProfile {
        var tried: [String] = []
        let fm = FileManager.default
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            tried.append(name)
            if fm.fileExists(atPath: name) { return try read(path: name) }
        }
        let file = name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? name : "\(name).yaml"
        var candidates: [String] = []
        for dir in searchPaths {
            let base = URL(fileURLWithPath: dir)
            candidates.append(base.appendingPathComponent(file).path)
            candidates.append(base.appendingPathComponent("profiles").appendingPathComponent(file).path)
        }
        candidates.append(ResourceLocator.template("profiles").appendingPathComponent(file).path)
        for path in candidates {
            tried.append(path)
            if fm.fileExists(atPath: path) { return try read(path: path) }
        }
        throw InputError(file: name, .profile("no profile '\(name)'; tried:\n" + tried.map { "  \($0)" }.joined(separator: "\n")))
    }

    /// Reads a profile file.
    public static func read(path: String) throws(InputError) -> InputProfile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(file: path, .io("cannot read profile: \(error.localizedDescription)"))
        }
        return try parse(text, file: path)
    }

    /// Parses profile YAML; `file` names it in errors and is where templates are looked for first.
    public static func parse(_ yaml: String, file: String) throws(InputError) -> InputProfile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw InputError(file: file, .profile("empty file")) }
            root = node
        } catch let e as InputError { throw e } catch {
            throw InputError(file: file, .profile("not valid YAML: \(error)"))
        }
        guard let top = root.mapping else { throw InputError(file: file, line: root.mark?.line, .profile("expected a mapping at the top")) }
        // The engine keys (engine, model, dispersion, relaxation, gpaw, second_model, ...) are read by Engines.EngineProfile.
        let known = ["name", "description", "templates", "incar", "relax", "static", "bulk", "kpoints", "slab", "potcar",
                     "engine", "model", "dispersion", "relaxation", "gpaw", "second_model", "model_disagreement_j_per_m2"]
        var seen = Set<String>()
        for key in top.keys {
            guard let k = key.string, known.contains(k) else {
                throw InputError(file: file, line: key.mark?.line,
                                 .profile("unknown key '\(key.string ?? "?")'" + KeySuggestion.hint(for: key.string ?? "", in: known)))
            }
            guard seen.insert(k).inserted else { throw InputError(file: file, line: key.mark?.line, .profile("'\(k)' is given twice")) }
        }
        func scalarMap(_ key: String) throws(InputError) -> [(String, String, Int?)] {
            guard let node = top[key] else { return [] }
            guard let map = node.mapping else { throw InputError(file: file, line: node.mark?.line, .profile("'\(key)' must be a mapping")) }
            var out: [(String, String, Int?)] = []
            for (k, v) in map {
                let text: String
                if let list = v.sequence {
                    text = list.compactMap(\.string).joined(separator: " ")
                } else if let s = v.string {
                    text = s
                } else {
                    throw InputError(file: file, line: v.mark?.line, .profile("'\(key).\(k.string ?? "?")' must be a value or a list"))
                }
                out.append((k.string ?? "", text, k.mark?.line))
            }
            return out
        }
        func incar(_ key: String) throws(InputError) -> Incar {
            var result = Incar()
            for (tag, text, line) in try scalarMap(key) {
                guard let kind = IncarTags.kind(of: tag) else {
                    throw InputError(file: file, line: line, .unknownTag(tag, suggestion: IncarTags.suggestion(for: tag)))
                }
                guard let value = IncarValue.parse(text, as: kind) else {
                    throw InputError(file: file, line: line, .wrongType(tag: tag.uppercased(), value: text, expected: kind.description))
                }
                result[tag] = value
            }
            return result
        }

        let name = top["name"]?.string ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var templates = ["relax": "INCAR-relax.mustache", "static": "INCAR-static.mustache",
                         "bulk": "INCAR-bulk.mustache", "kpoints": "KPOINTS.mustache"]
        for (k, v, line) in try scalarMap("templates") {
            guard templates[k] != nil else {
                throw InputError(file: file, line: line,
                                 .profile("unknown template key '\(k)'" + KeySuggestion.hint(for: k, in: ["relax", "static", "bulk", "kpoints"])))
            }
            templates[k] = v
        }
        var templateIncar: [String: Incar] = [:]
        for key in ["relax", "static", "bulk"] { templateIncar[key] = try incar(key) }

        var density = KPointDensity.spacingPerA(0.2)
        let kp = try scalarMap("kpoints")
        guard kp.count <= 1 else {
            throw InputError(file: file, line: kp[1].2, .profile("kpoints: give either spacing_per_a or per_reciprocal_atom, not both"))
        }
        if let (k, v, line) = kp.first {
            switch k {
            case "spacing_per_a":
                guard let x = Double(v), x.isFinite, (0.01...2).contains(x) else {
                    throw InputError(file: file, line: line, .profile("kpoints.spacing_per_a must be a number in 0.01…2 (1/Å), found '\(v)'"))
                }
                density = .spacingPerA(x)
            case "per_reciprocal_atom":
                guard let x = Double(v), x.isFinite, (1...100_000).contains(x) else {
                    throw InputError(file: file, line: line, .profile("kpoints.per_reciprocal_atom must be a number in 1…100000, found '\(v)'"))
                }
                density = .perReciprocalAtom(x)
            default:
                throw InputError(file: file, line: line, .profile("unknown kpoints key '\(k)'"
                    + KeySuggestion.hint(for: k, in: ["spacing_per_a", "per_reciprocal_atom"])))
            }
        }

        var dipole = DipoleMode.auto
        var minimumVacuumA = SlabGeometry.minimumVacuumA
        for (k, v, line) in try scalarMap("slab") {
            switch k {
            case "dipole":
                guard let d = DipoleMode(rawValue: v.lowercased()) else {
                    throw InputError(file: file, line: line, .profile("slab.dipole must be auto, on or off, found '\(v)'"))
                }
                dipole = d
            case "minimum_vacuum_a":
                guard let x = Double(v), x.isFinite, (0.5...100).contains(x) else {
                    throw InputError(file: file, line: line, .profile("slab.minimum_vacuum_a must be a length in 0.5…100 Å, found '\(v)'"))
                }
                minimumVacuumA = x
            default:
                throw InputError(file: file, line: line, .profile("unknown slab key '\(k)'" + KeySuggestion.hint(for: k, in: ["dipole", "minimum_vacuum_a"])))
            }
        }

        var functionalDirectory = "potpaw_PBE"
        var variants: [String: String] = [:]
        var allowEncutBelowEnmax = false
        if let potcar = top["potcar"] {
            guard let map = potcar.mapping else { throw InputError(file: file, line: potcar.mark?.line, .profile("'potcar' must be a mapping")) }
            for (k, v) in map {
                switch k.string {
                case "directory": functionalDirectory = v.string ?? functionalDirectory
                case "allow_encut_below_enmax":
                    guard let b = v.bool else {
                        throw InputError(file: file, line: v.mark?.line, .profile("potcar.allow_encut_below_enmax must be true or false"))
                    }
                    allowEncutBelowEnmax = b
                case "variants":
                    guard let vm = v.mapping else { throw InputError(file: file, line: v.mark?.line, .profile("potcar.variants must map elements to variants")) }
                    for (e, variant) in vm {
                        guard let symbol = e.string, let element = Element(symbol: symbol), let name = variant.string,
                              Element(speciesLabel: name) == element
                        else {
                            throw InputError(file: file, line: e.mark?.line,
                                             .profile("potcar.variants: '\(e.string ?? "?"): \(variant.string ?? "?")' must map an element to one of its variants (e.g. Li: Li_sv)"))
                        }
                        variants[element.symbol] = name
                    }
                default:
                    throw InputError(file: file, line: k.mark?.line,
                                     .profile("unknown potcar key '\(k.string ?? "?")'" + KeySuggestion.hint(for: k.string ?? "", in: ["directory", "variants", "allow_encut_below_enmax"])))
                }
            }
        }

        return InputProfile(
            name: name, description: top["description"]?.string ?? "", templates: templates, incar: try incar("incar"),
            templateIncar: templateIncar, kpoints: density, dipole: dipole, minimumVacuumA: minimumVacuumA,
            potcarFunctionalDirectory: functionalDirectory, potcarVariants: variants, file: file,
            allowEncutBelowEnmax: allowEncutBelowEnmax)
    }
}
