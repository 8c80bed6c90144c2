import Foundation
import Resources

/// The studies `adhere init` writes: `templates/examples/NAME/study.yaml`, shipped as files
/// with Adhere's other run-time resources (``ResourceLocator``).
public enum StudyExample: String, CaseIterable, Sendable {
    /// The seed paper: Li(001) on LLZO, LiCF3SO3, LiF and Li2CO3 (001).
    case paper
    /// The smallest useful study: Li(001) on LiF(001) (used when no example is named).
    case minimal
    /// GPAW end to end: σ_Li(001) and a 47-atom Li(001)|LiF(001) interface, PBE single points.
    case gpaw

    /// The shipped study file.
    public var url: URL {
        ResourceLocator.template("examples").appendingPathComponent(rawValue).appendingPathComponent(StudyFile.fileName)
    }

    /// The study.yaml text, with comments.
    public func yaml() throws(StudyError) -> String {
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw StudyError(file: url.path, key: "", problem: "shipped example missing (set ADHERE_HOME to the folder holding templates/)")
        }
    }

    /// The shipped structure files the example names (copied into STUDY/structures/).
    public func structureFiles() throws(StudyError) -> [String] {
        let study = try StudyFile.decode(text: try yaml(), fileName: url.path)
        let paths = [study.metal.structure] + study.interlayers.map(\.structure)
        var names: [String] = []
        for path in paths {
            let name = URL(fileURLWithPath: path).lastPathComponent
            guard path == "structures/\(name)" else {
                throw StudyError(file: url.path, key: "", problem: "an example names its structures as structures/FILE, found \(path)")
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Writes the example into `directory` (created if needed): study.yaml and the structure
    /// files it names, copied from the shipped structures/. Refuses to overwrite an existing,
    /// different study.yaml unless `force`.
    public func write(to directory: URL, force: Bool = false) throws -> [URL] {
        let fm = FileManager.default
        let yaml = try yaml()
        let structureFiles = try structureFiles()
        try fm.createDirectory(at: directory.appendingPathComponent("structures"), withIntermediateDirectories: true)
        let studyURL = directory.appendingPathComponent(StudyFile.fileName)
        // The same example again is fine (so `adhere init DIR --example paper && adhere run DIR` can
        // be repeated and resumes); another study file is only replaced with `force`.
        if fm.fileExists(atPath: studyURL.path) && !force,
           (try? String(contentsOf: studyURL, encoding: .utf8)) != yaml {
            throw StudyError(file: studyURL.path, key: "", problem: "a different study file exists already (use --force to overwrite it)")
        }
        for name in structureFiles where !fm.fileExists(atPath: ResourceLocator.structure(name).path) {
            throw StudyError(file: ResourceLocator.structure(name).path, key: "",
                             problem: "shipped structure missing (set ADHERE_HOME to the folder holding structures/)")
        }
        var written: [URL] = []
        for name in structureFiles {
            let source = ResourceLocator.structure(name)
            let target = directory.appendingPathComponent("structures").appendingPathComponent(name)
            if fm.fileExists(atPath: target.path) {
                if fm.contentsEqual(atPath: target.path, andPath: source.path) { written.append(target); continue }
                try fm.removeItem(at: target)
            }
            try fm.copyItem(at: source, to: target)
            written.append(target)
        }
        try yaml.write(to: studyURL, atomically: true, encoding: .utf8)
        written.insert(studyURL, at: 0)
        return written
    }
}
