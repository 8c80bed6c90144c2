@testable import Crystal

/// Small structures built in code for the surface, matching and interface tests.
enum SurfaceTestStructures {
    static let li = Element(symbol: "Li")!, f = Element(symbol: "F")!, cu = Element(symbol: "Cu")!
    static let c = Element(symbol: "C")!, o = Element(symbol: "O")!

    /// bcc Li, conventional cubic cell (2 atoms), a = 3.44 Å (PBE).
    static func bccLi(_ a: Double = 3.44) -> Structure {
        Structure(lattice: .cubic(a), elements: [li, li], fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5)], comment: "Li bcc")
    }

    /// fcc Cu, conventional cubic cell (4 atoms), a = 3.615 Å.
    static func fccCu(_ a: Double = 3.615) -> Structure {
        Structure(lattice: .cubic(a), elements: [cu, cu, cu, cu],
                  fractional: [Vector3(0, 0, 0), Vector3(0, 0.5, 0.5), Vector3(0.5, 0, 0.5), Vector3(0.5, 0.5, 0)])
    }

    /// Rock-salt LiF, conventional cell (8 atoms), a = 4.027 Å (COD 9008667).
    static func rockSaltLiF(_ a: Double = 4.027) -> Structure {
        let fcc = [Vector3(0, 0, 0), Vector3(0, 0.5, 0.5), Vector3(0.5, 0, 0.5), Vector3(0.5, 0.5, 0)]
        return Structure(lattice: .cubic(a), elements: Array(repeating: li, count: 4) + Array(repeating: f, count: 4),
                         fractional: fcc + fcc.map { Structure.wrap($0 + Vector3(0.5, 0, 0)) }, comment: "LiF")
    }

    /// A toy salt of upright C–O units (1.2 Å apart along c) between Li planes: a cut between
    /// C and O would split the "molecular ion".
    static func toyMolecularSalt() -> Structure {
        Structure(lattice: Lattice([[4, 0, 0], [0, 4, 0], [0, 0, 6]]), elements: [li, c, o],
                  fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.4), Vector3(0.5, 0.5, 0.6)])
    }
}
