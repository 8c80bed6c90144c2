import Foundation
import Yams

/// Reads, checks and writes `study.yaml`.
public enum StudyFile {
    /// The study file's name inside a study folder.
    public static let fileName = "study.yaml"

    /// The study file of a folder, or the file itself when `path` names a file.
    public static func studyFileURL(_ path: String) -> URL {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return url.appendingPathComponent(fileName)
        }
        return url
    }

    /// Reads and validates a study (`path` is the study folder or its study.yaml).
    public static func read(_ path: String) throws(StudyError) -> LoadedStudy {
        let url = studyFileURL(path)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw StudyError(file: url.path, key: "", problem: "cannot read the study file (\(error.localizedDescription)); create one with 'adhere init DIR --example paper'")
        }
        return try parse(text, file: url)
    }

    /// Parses and validates study YAML; relative structure paths are taken from `file`'s folder.
    public static func parse(_ text: String, file: URL) throws(StudyError) -> LoadedStudy {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw StudyError(file: file.path, line: yamlErrorLine(error), key: "", problem: "not valid YAML: \(error)")
        }
        let study: Study
        do { study = try YAMLDecoder().decode(Study.self, from: text) } catch let error as DecodingError {
            let (path, problem) = describe(error)
            throw StudyError(file: file.path, line: line(of: path, in: node), key: keyPath(path), problem: problem)
        } catch {
            throw StudyError(file: file.path, key: "", problem: "\(error)")
        }
        let loaded = LoadedStudy(study: study, directory: file.deletingLastPathComponent(), file: file)
        try loaded.validate(node: node)
        return loaded
    }

    /// Writes a study as YAML.
    public static func write(_ study: Study, to url: URL) throws {
        let yaml = try YAMLEncoder().encode(study)
        try yaml.write(to: url, atomically: true, encoding: .utf8)
    }

    static func keyPath(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out
    }

    static func describe(_ error: DecodingError) -> ([CodingKey], String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (context.codingPath, "missing key '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return (context.codingPath, "expected \(typeName(type)) (\(context.debugDescription))")
        case .valueNotFound(let type, let context):
            return (context.codingPath, "expected \(typeName(type)), found nothing")
        case .dataCorrupted(let context):
            return (context.codingPath, context.debugDescription)
        @unknown default:
            return ([], "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        default: return "\(type)"
        }
    }

    /// The line of the node at `path` (or its nearest existing parent).
    static func line(of path: [CodingKey], in root: Node?) -> Int? {
        var node = root
        var best = root?.mark?.line
        for key in path {
            guard let current = node else { break }
            if let i = key.intValue, let seq = current.sequence, i < seq.count {
                node = seq[i]
            } else if let map = current.mapping, let child = map[key.stringValue] {
                node = child
            } else {
                break
            }
            if let l = node?.mark?.line { best = l }
        }
        return best
    }

    static func yamlErrorLine(_ error: Error) -> Int? {
        if let y = error as? YamlError {
            switch y {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return mark.line
            default: return nil
            }
        }
        return nil
    }
}

/// A study with the folder it lives in (relative paths resolve against it).
public struct LoadedStudy: Sendable {
    /// The study.
    public var study: Study
    /// The study folder.
    public var directory: URL
    /// The study file.
    public var file: URL

    /// Creates a loaded study.
    public init(study: Study, directory: URL, file: URL) {
        self.study = study
        self.directory = directory
        self.file = file
    }

    /// Absolute path of a structure path from the study file.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path).standardizedFileURL
    }

    /// Checks every value (names, Miller indices, counts, files, limits).
    func validate(node: Node?) throws(StudyError) {
        let s = study
        func fail(_ key: String, _ problem: String) -> StudyError {
            let path: [CodingKey] = key.split(separator: ".").flatMap { part -> [CodingKey] in
                // "interlayers[2]" → interlayers, 2
                let name = part.prefix { $0 != "[" }
                var keys: [CodingKey] = [AnyKey(String(name))]
                if let open = part.firstIndex(of: "["), let i = Int(part[part.index(after: open)...].dropLast()) {
                    keys.append(AnyKey(i))
                }
                return keys
            }
            return StudyError(file: file.path, line: StudyFile.line(of: path, in: node), key: key, problem: problem)
        }
        if !LoadedStudy.isValidName(s.name) { throw fail("name", "expected letters, digits, '-' or '_' (1–40), found '\(s.name)'") }
        try checkMiller(s.metal.miller, key: "metal.miller", fail)
        if s.metal.layers < 1 { throw fail("metal.layers", "expected at least 1, found \(s.metal.layers)") }
        if let a = s.metal.bulkLatticeA, !(a > 0) { throw fail("metal.bulk_lattice_a", "expected a positive length in Å, found \(a)") }
        if !FileManager.default.fileExists(atPath: resolve(s.metal.structure).path) {
            throw fail("metal.structure", "file not found: \(resolve(s.metal.structure).path)")
        }
        if s.interlayers.isEmpty { throw fail("interlayers", "expected at least one interlayer") }
        var seen = Set<String>()
        for (i, x) in s.interlayers.enumerated() {
            let k = "interlayers[\(i)]"
            if !LoadedStudy.isValidName(x.name) { throw fail("\(k).name", "expected letters, digits, '-' or '_' (1–40), found '\(x.name)'") }
            if !seen.insert(x.name).inserted { throw fail("\(k).name", "the name '\(x.name)' is used twice") }
            try checkMiller(x.miller, key: "\(k).miller", fail)
            if x.layers < 1 { throw fail("\(k).layers", "expected at least 1, found \(x.layers)") }
            if let t = x.minThicknessA, !(t > 0) { throw fail("\(k).min_thickness_a", "expected a positive thickness in Å, found \(t)") }
            if !FileManager.default.fileExists(atPath: resolve(x.structure).path) {
                throw fail("\(k).structure", "file not found: \(resolve(x.structure).path)")
            }
            if let sc = x.supercells {
                for (which, m) in [("metal", sc.metal), ("interlayer", sc.interlayer)] {
                    guard m.count == 2, m.allSatisfy({ $0.count == 2 }) else {
                        throw fail("\(k).supercells.\(which)", "expected a 2×2 integer matrix like [[1, 0], [0, 1]]")
                    }
                    if m[0][0] * m[1][1] - m[0][1] * m[1][0] == 0 {
                        throw fail("\(k).supercells.\(which)", "the matrix \(m) is singular (determinant 0)")
                    }
                }
            }
        }
        if !(s.matching.maxAreaA2 > 0) { throw fail("matching.max_area_a2", "expected a positive area in Å², found \(s.matching.maxAreaA2)") }
        if !(s.matching.maxStrainPercent > 0) { throw fail("matching.max_strain_percent", "expected a positive percentage, found \(s.matching.maxStrainPercent)") }
        if !(s.geometry.gapA > 0) { throw fail("geometry.gap_a", "expected a positive distance in Å, found \(s.geometry.gapA)") }
        if !(s.geometry.vacuumA >= 0) { throw fail("geometry.vacuum_a", "expected a non-negative thickness in Å, found \(s.geometry.vacuumA)") }
        if s.attemptLimit < 1 { throw fail("attempt_limit", "expected at least 1, found \(s.attemptLimit)") }
        if s.surfaceEnergy.method != "fiorentini-methfessel" {
            throw fail("surface_energy.method", "expected 'fiorentini-methfessel', found '\(s.surfaceEnergy.method)'")
        }
        if Set(s.surfaceEnergy.layers).count < 2 || s.surfaceEnergy.layers.contains(where: { $0 < 1 }) {
            throw fail("surface_energy.layers", "expected at least two different positive layer counts, found \(s.surfaceEnergy.layers)")
        }
    }

    private func checkMiller(_ m: [Int], key: String, _ fail: (String, String) -> StudyError) throws(StudyError) {
        if m.count != 3 || m.allSatisfy({ $0 == 0 }) { throw fail(key, "expected three integers, not all zero, found \(m)") }
    }

    /// Letters, digits, `-`, `_`; 1 to 40 characters.
    public static func isValidName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s; intValue = nil }
    init(_ i: Int) { stringValue = "\(i)"; intValue = i }
    init?(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init?(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}
