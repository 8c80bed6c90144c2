import Crystal
import Foundation
import YAMLSettings

/// Reads and checks `study.yaml`, once: every key is known (a misspelt one is an error naming
/// the nearest valid key), every number is finite and within ``StudyLimits``, names, Miller
/// indices and supercell matrices are well formed, and the structure files exist.
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

    /// Reads and checks a study (`path` is the study folder or its study.yaml).
    public static func read(_ path: String) throws(StudyError) -> LoadedStudy {
        let url = studyFileURL(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw StudyError(file: url.path, key: "", problem: "no study file; create one with 'adhere init DIR --example paper'")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard !isDirectory.boolValue, attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw StudyError(file: url.path, key: "", problem: "not a regular file")
        }
        if let size = attributes?[.size] as? Int, size > SettingsDocument.maximumBytes {
            throw StudyError(file: url.path, key: "", problem: "the file is \(size) bytes; a study file is at most \(SettingsDocument.maximumBytes)")
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw StudyError(file: url.path, key: "", problem: "cannot read the study file (\(error.localizedDescription))")
        }
        return try parse(text, file: url)
    }

    /// Parses and checks study YAML, including that the structure files exist; relative paths
    /// are taken from `file`'s folder.
    public static func parse(_ text: String, file: URL) throws(StudyError) -> LoadedStudy {
        let directory = file.deletingLastPathComponent()
        var decoder = StudyDecoder(file: file.path)
        let study = try decoder.decode(text)
        let loaded = LoadedStudy(study: study, directory: directory, file: file, keyLines: decoder.keyLines)
        try loaded.checkStructureFiles()
        return loaded
    }

    /// Decodes and checks study YAML without touching the file system (structure files are
    /// not looked for): the entry point for tools and the fuzz harness. `fileName` names the
    /// file in errors.
    public static func decode(text: String, fileName: String) throws(StudyError) -> Study {
        var decoder = StudyDecoder(file: fileName)
        return try decoder.decode(text)
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
    /// The line of every key path of the file (`interlayers[0].supercells` → 31), for errors
    /// found after reading (plan-time limits, a missing cluster profile).
    public var keyLines: [String: Int]

    /// Creates a loaded study.
    public init(study: Study, directory: URL, file: URL, keyLines: [String: Int] = [:]) {
        self.study = study
        self.directory = directory
        self.file = file
        self.keyLines = keyLines
    }

    /// Absolute path of a path from the study file.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path).standardizedFileURL
    }

    /// An error about `key` of this study file, at its line (or its parent's).
    public func error(at key: String, _ problem: String) -> StudyError {
        var path = key
        var line = keyLines[path]
        while line == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
            path = String(path[..<cut])
            line = keyLines[path]
        }
        return StudyError(file: file.path, line: line, key: key, problem: problem)
    }

    /// Every structure file named exists and is a regular file.
    func checkStructureFiles() throws(StudyError) {
        var named = [("metal.structure", study.metal.structure)]
        for (i, x) in study.interlayers.enumerated() { named.append(("interlayers[\(i)].structure", x.structure)) }
        for (key, path) in named {
            let url = resolve(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw error(at: key, "file not found: \(url.path)")
            }
            if isDirectory.boolValue { throw error(at: key, "\(url.path) is a folder; expected a structure file") }
        }
    }

    /// Letters, digits, `-`, `_`; 1 to 40 characters.
    public static func isValidName(_ name: String) -> Bool {
        StudyLimits.nameLength.contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
