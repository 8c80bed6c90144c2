import Foundation
import Testing
import TestSupport

/// docs/architecture.md's module table, Package.swift and the sources' `import` lines must say
/// the same thing: for every target under Sources/, the modules it may import (table), declares
/// (Package.swift) and imports (sources) are one set. Foundation, the C library overlays
/// (Glibc, Darwin, Musl), Synchronization and swift-system's Darwin name `System` are not counted.
@Suite struct ArchitectureTableTests {
    static let ignored: Set<String> = ["Foundation", "Glibc", "Darwin", "Musl", "Synchronization", "System", "Testing"]

    /// `| `Name` | owns | imports |` rows → name → imported names (backticks and parentheses dropped).
    static func table() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: Fixtures.project("docs/architecture.md"), encoding: .utf8)
        var out: [String: Set<String>] = [:]
        // The module table: from its header to the first line that is not a table row.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| module |") }) else { return [:] }
        for line in lines[header...].prefix(while: { $0.hasPrefix("|") }) where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let imports = cells[3].replacingOccurrences(of: #"\([^)]*\)"#, with: "", options: .regularExpression)
                .split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "` ")) }
                .filter { !$0.isEmpty && $0 != "—" }
            out[name] = Set(imports)
        }
        return out
    }

    /// Package.swift's `.target`/`.executableTarget` declarations (not tests) → name → dependencies
    /// (target names and product names).
    static func package() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: Fixtures.project("Package.swift"), encoding: .utf8)
        var out: [String: Set<String>] = [:]
        let starts = try Regex(#"\.(target|executableTarget|systemLibrary)\(\s*name:\s*"([^"]+)""#)
        for match in text.matches(of: starts) {
            let name = String(match.output[2].substring ?? "")
            let rest = text[match.range.upperBound...]
            // The declaration ends at the next target; its dependencies list, if any, is inside.
            let end = rest.range(of: "\n        .")?.lowerBound ?? rest.endIndex
            let body = rest[..<end]
            var deps = Set<String>()
            if let list = body.range(of: "dependencies: [") {
                let inside = body[list.upperBound...].prefix { $0 != "]" }
                for m in String(inside).matches(of: try Regex(#"\.product\(name:\s*"([^"]+)"|"([^"]+)""#)) {
                    if let p = m.output[1].substring { deps.insert(String(p)) }
                    else if let t = m.output[2].substring, !inside.contains("package: \"\(t)\"") { deps.insert(String(t)) }
                }
            }
            out[name] = deps
        }
        return out
    }

    /// Sources/<target> → modules imported by its files.
    static func imports(_ target: String) throws -> Set<String> {
        let dir = Fixtures.project("Sources/\(target)")
        var out = Set<String>()
        // Import lines start at column 0 (text inside string literals, such as a Python script, is indented).
        let regex = try Regex(#"(?m)^(?:@testable\s+|internal\s+|public\s+|@_exported\s+)?import\s+([A-Za-z0-9_]+)\s*$"#)
        for file in FileManager.default.enumerator(atPath: dir)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for m in text.matches(of: regex) { out.insert(String(m.output[1].substring ?? "")) }
        }
        return out.subtracting(ignored)
    }

    @Test func tablePackageAndImportsAgree() throws {
        let table = try Self.table(), package = try Self.package()
        let targets = try FileManager.default.contentsOfDirectory(atPath: Fixtures.project("Sources"))
            .filter { !$0.hasPrefix(".") && $0 != "CLibXML2" && $0 != "CHDF5" }.sorted()  // system libraries
        #expect(!targets.isEmpty)
        for target in targets {
            let documented = try #require(table[target], "docs/architecture.md has no row for \(target)")
            let declared = try #require(package[target], "Package.swift declares no target \(target)")
            let imported = try Self.imports(target)
            #expect(documented == declared, "\(target): table \(documented.sorted()) vs Package.swift \(declared.sorted())")
            #expect(imported == declared, "\(target): imports \(imported.sorted()) vs Package.swift \(declared.sorted())")
        }
        for row in table.keys { #expect(targets.contains(row), "docs/architecture.md lists \(row), which is not under Sources/") }
    }
}
