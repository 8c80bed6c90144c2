import Foundation
import Mustache
import Resources

/// Finds and renders the Mustache templates of a profile. Templates are plain text: output is
/// never HTML-escaped.
public struct TemplateRenderer: Sendable {
    /// Folders searched for template files, before the built-in `templates/`.
    public var searchPaths: [String]

    /// Creates a renderer that looks in `searchPaths`, then in the built-in templates.
    public init(searchPaths: [String] = []) { self.searchPaths = searchPaths }

    /// The path of template `name` (a path, or a file in one of the search folders or `templates/`).
    public func locate(_ name: String) throws(InputError) -> String {
        var tried: [String] = []
        if name.hasPrefix("/") {
            tried.append(name)
        } else {
            tried += searchPaths.map { URL(fileURLWithPath: $0).appendingPathComponent(name).path }
            tried.append(ResourceLocator.template(name).path)
        }
        if let found = tried.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw InputError(file: name, .template("no template '\(name)'; tried:\n" + tried.map { "  \($0)" }.joined(separator: "\n")))
    }

    /// Reads a template's text.
    public func text(of name: String) throws(InputError) -> (path: String, text: String) {
        let path = try locate(name)
        do { return (path, try String(contentsOfFile: path, encoding: .utf8)) } catch {
            throw InputError(file: path, .io("cannot read template: \(error.localizedDescription)"))
        }
    }

    /// Renders template text with `values` (dictionaries, arrays, strings, booleans).
    public static func render(_ text: String, values: [String: Any], file: String) throws(InputError) -> String {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text) } catch {
            throw InputError(file: file, .template("cannot parse Mustache: \(error)"))
        }
        return template.render(values)
    }

    /// Names of the upper-case variables and sections a template uses (`{{ENCUT}}`, `{{#dipole}}` is not).
    public static func tagVariables(in text: String) -> Set<String> {
        var names = Set<String>()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i + 1 < scalars.count {
            if scalars[i] == "{" && scalars[i + 1] == "{" {
                var j = i + 2
                while j < scalars.count && (scalars[j] == "{" || scalars[j] == "&" || scalars[j] == " ") { j += 1 }
                var name = ""
                while j < scalars.count && (CharacterSet.uppercaseLetters.contains(scalars[j]) || CharacterSet.decimalDigits.contains(scalars[j]) || scalars[j] == "_") {
                    name.unicodeScalars.append(scalars[j]); j += 1
                }
                while j < scalars.count && scalars[j] == " " { j += 1 }
                if !name.isEmpty, j < scalars.count, scalars[j] == "}", name.first!.isLetter { names.insert(name) }
                i = j
            } else {
                i += 1
            }
        }
        return names
    }
}
