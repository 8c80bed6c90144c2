import Foundation
import Mustache
import Resources

/// What one job needs: which calculation, where, and with which resources.
public struct JobSpec: Sendable, Equatable {
    /// Adhere's calculation id; becomes the job name and comment, so the job can be found again.
    public var calculationID: String
    /// The calculation folder on the submit host (absolute path).
    public var folder: String
    /// Resources, modules and the VASP command.
    public var profile: ClusterProfile
    /// Optional `--dependency` value (e.g. `afterok:123`).
    public var dependency: String?
    /// Folder put first on PATH in the job (e.g. the folder holding `vasp-standin`).
    public var pathPrefix: String?

    public init(calculationID: String, folder: String, profile: ClusterProfile, dependency: String? = nil,
                pathPrefix: String? = nil)
    {
        self.calculationID = calculationID; self.folder = folder; self.profile = profile
        self.dependency = dependency; self.pathPrefix = pathPrefix
    }

    /// Checks what the scheduler cannot take: control characters in the id (squeue prints one
    /// job per line), a relative folder, a dependency outside Slurm's syntax.
    public func validate() throws(SlurmError) {
        if calculationID.isEmpty || calculationID.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidArgument(name: "calculation id", value: calculationID, expected: "non-empty text without control characters")
        }
        if !folder.hasPrefix("/") || folder.contains("\n") {
            throw .invalidArgument(name: "folder", value: folder, expected: "an absolute path on one line")
        }
        if let d = dependency, d.isEmpty || !d.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || ":,?_".unicodeScalars.contains($0) }) {
            throw .invalidArgument(name: "dependency", value: d, expected: "Slurm syntax such as afterok:123")
        }
    }
}

/// Renders `templates/job.slurm.mustache` (or another template) for a `JobSpec`.
public enum JobScript {
    /// Errors while loading or rendering a template.
    public enum TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
        case unreadable(file: String, detail: String)
        case invalid(file: String, detail: String)

        /// The template file.
        public var file: String {
            switch self {
            case let .unreadable(file, _), let .invalid(file, _): return file
            }
        }

        /// The problem, without the file.
        public var message: String {
            switch self {
            case let .unreadable(_, detail): return "cannot read job template: \(detail)"
            case let .invalid(_, detail): return "not a valid Mustache template: \(detail)"
            }
        }

        public var description: String { "\(file): \(message)" }
    }

    /// The default template file.
    public static var defaultTemplatePath: String { ResourceLocator.template("job.slurm.mustache").path }

    /// The job script text for `spec`, from the template at `templatePath`.
    public static func render(_ spec: JobSpec, templatePath: String = defaultTemplatePath) throws -> String {
        let text: String
        do { text = try String(contentsOfFile: templatePath, encoding: .utf8) } catch {
            throw TemplateError.unreadable(file: templatePath, detail: error.localizedDescription)
        }
        return try render(spec, template: text, templateName: templatePath)
    }

    /// The job script text for `spec`, from template text.
    public static func render(_ spec: JobSpec, template: String, templateName: String = "<template>") throws -> String {
        try spec.validate()
        let compiled: MustacheTemplate
        do { compiled = try MustacheTemplate(string: "{{%CONTENT_TYPE:TEXT}}" + template) } catch {
            throw TemplateError.invalid(file: templateName, detail: "\(error)")
        }
        return compiled.render(variables(for: spec))
    }

    /// The template's variables (documented at the top of templates/job.slurm.mustache).
    public static func variables(for spec: JobSpec) -> [String: Any] {
        let p = spec.profile
        var v: [String: Any] = [
            "calculationID": directiveSafe(spec.calculationID),
            "nodes": p.nodes, "ntasks": p.ntasks, "cpusPerTask": p.cpusPerTask,
            "time": p.time,
            "signalSeconds": p.signalSecondsBeforeLimit,
            "modules": p.modules.map(ShellQuoting.quote),
            "hasModules": !p.modules.isEmpty,
            "folder": ShellQuoting.quote(spec.folder),
            "vaspCommand": p.vaspCommand,
        ]
        if let x = p.partition { v["partition"] = x }
        if let x = p.account { v["account"] = x }
        if let x = p.qos { v["qos"] = x }
        if let x = p.memory { v["memory"] = x }
        if let x = spec.dependency { v["dependency"] = x }
        if let x = spec.pathPrefix { v["pathPrefix"] = ShellQuoting.quote(x) }
        return v
    }

    /// The id with everything but letters, digits, `_ . -` replaced by `_` (for #SBATCH lines).
    public static func directiveSafe(_ id: String) -> String {
        String(id.unicodeScalars.map { s -> Character in
            (s.isASCII && (CharacterSet.alphanumerics.contains(s) || "_.-".unicodeScalars.contains(s))) ? Character(s) : "_"
        })
    }
}
