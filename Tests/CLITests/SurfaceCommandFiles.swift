import Foundation
import TestSupport

/// POSCAR files for the `adhere slab/match/interface` tests, written to a fresh folder.
enum SurfaceCommandFiles {
    /// bcc Li, a = 3.44 Å.
    static let li = """
        Li bcc
        3.44
        1 0 0
        0 1 0
        0 0 1
        Li
        2
        Direct
        0 0 0
        0.5 0.5 0.5
        """

    /// Rock-salt LiF, a = 4.027 Å.
    static let lif = """
        LiF
        4.027
        1 0 0
        0 1 0
        0 0 1
        Li F
        4 4
        Direct
        0 0 0
        0 0.5 0.5
        0.5 0 0.5
        0.5 0.5 0
        0.5 0 0
        0.5 0.5 0.5
        0 0 0.5
        0 0.5 0
        """

    /// A simple-cubic stand-in with the LLZO lattice constant a = 13.236 Å (one atom).
    static let bigSquare = """
        square
        13.236
        1 0 0
        0 1 0
        0 0 1
        Zr
        1
        Direct
        0 0 0
        """

    /// A folder holding Li.vasp, LiF.vasp and Big.vasp.
    static func folder() throws -> URL {
        let dir = try Fixtures.temporaryDirectory("adhere-surface")
        for (name, text) in [("Li.vasp", li), ("LiF.vasp", lif), ("Big.vasp", bigSquare)] {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Runs the built `adhere` binary in `dir`.
    static func adhere(_ arguments: [String], in dir: URL) -> (status: Int32, stdout: String, stderr: String) {
        Fixtures.run(Fixtures.executable("adhere"), arguments, currentDirectory: dir.path)
    }

    /// True when the binary is built (the tests need `swift build` first).
    static var built: Bool { FileManager.default.isExecutableFile(atPath: Fixtures.executable("adhere")) }
}
