import Foundation

/// Finds Adhere's run-time files (`templates/`, `structures/`, `cluster/`), which live at the top
/// of the source tree and are installed to `<prefix>/share/adhere`.
///
/// Order: `ADHERE_HOME`; a folder holding `templates/` found walking up from the executable
/// (a build tree: `.build/debug/adhere` → repository root); `/usr/local/share/adhere`;
/// the current directory.
public enum ResourceLocator {
    /// The folder holding `templates/`, `structures/` and `cluster/`.
    public static let home: URL = {
        let fm = FileManager.default
        let env = ProcessInfo.processInfo.environment
        if let h = env["ADHERE_HOME"], !h.isEmpty { return URL(fileURLWithPath: h) }
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path != "/" && !dir.path.isEmpty {
            candidates.append(dir)
            candidates.append(dir.appendingPathComponent("share/adhere"))
            dir.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/usr/local/share/adhere"))
        // Source tree of this file (works for tests and `swift run`).
        var src = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while src.path != "/" { candidates.append(src); src.deleteLastPathComponent() }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        for c in candidates where fm.fileExists(atPath: c.appendingPathComponent("templates").path)
            && fm.fileExists(atPath: c.appendingPathComponent("structures").path)
        {
            return c
        }
        return URL(fileURLWithPath: fm.currentDirectoryPath)
    }()

    /// `templates/NAME`.
    public static func template(_ name: String) -> URL { home.appendingPathComponent("templates").appendingPathComponent(name) }
    /// `structures/NAME`.
    public static func structure(_ name: String) -> URL { home.appendingPathComponent("structures").appendingPathComponent(name) }
    /// `cluster/NAME`.
    public static func cluster(_ name: String) -> URL { home.appendingPathComponent("cluster").appendingPathComponent(name) }
}
