import Foundation
import TestSupport
@testable import Crystal
@testable import VASP

/// Structures and synthetic POTCARs shared by the input tests.
///
/// The Li(001)|LiF(001) model: LiF(001) in its (3,2) rotated surface cell (√13 × 2.8496 Å =
/// 10.2745 Å, 13 LiF per layer, 2 layers) under a 3×3 Li(001) film (3 layers, strained 0.4 % from
/// a = 3.44 Å onto 10.2745/3 = 3.4248 Å), 15 Å of vacuum. Film and substrate references are the
/// same atoms alone in the same cell, as W_ad needs.
enum InputTestStructures {
    /// LiF rock salt lattice constant in Å (experiment, 4.03 Å).
    static let aLiFA = 4.03
    /// bcc Li lattice constant in Å (PBE-D3 order of magnitude; exact value does not matter here).
    static let aLiA = 3.44
    /// Cell height in Å.
    static let cellHeightA = 23.0
    /// Interlayer distance between the LiF top layer and the first Li layer in Å.
    static let interfaceGapA = 2.2

    /// The in-plane supercell matrix of LiF's primitive (001) surface cell.
    static let lifSupercell = IntMatrix3([[3, 2, 0], [-2, 3, 0], [0, 0, 1]])

    /// LiF(001), two layers, in the 10.27 Å cell.
    static var substrate: Structure {
        let ap = aLiFA / 2.squareRoot()
        let lattice = Lattice([[ap, 0, 0], [0, ap, 0], [0, 0, cellHeightA]])
        var sites: [Site] = []
        for layer in 0..<2 {
            let z = Double(layer) * aLiFA / 2 / cellHeightA
            let (liXY, fXY) = layer % 2 == 0 ? (0.0, 0.5) : (0.5, 0.0)
            sites.append(Site(element: Element(symbol: "Li")!, fractional: Vector3(liXY, liXY, z)))
            sites.append(Site(element: Element(symbol: "F")!, fractional: Vector3(fXY, fXY, z)))
        }
        var s = try! Structure(lattice: lattice, sites: sites).supercell(lifSupercell)
        s.comment = "LiF(001) 2 layers, (3,2) cell"
        return s
    }

    /// Li(001), three layers, strained onto the substrate cell.
    static var film: Structure {
        let lattice = substrate.lattice
        let top = aLiFA / 2 / cellHeightA
        var sites: [Site] = []
        for layer in 0..<3 {
            let z = top + (interfaceGapA + Double(layer) * aLiA / 2) / cellHeightA
            let shift = layer % 2 == 0 ? 0.0 : 0.5
            for i in 0..<3 { for j in 0..<3 {
                sites.append(Site(element: Element(symbol: "Li")!,
                                  fractional: Vector3((Double(i) + shift) / 3, (Double(j) + shift) / 3, z)))
            } }
        }
        return Structure(lattice: lattice, sites: sites, comment: "Li(001) 3 layers on LiF(001) cell")
    }

    /// The interface: substrate then film atoms.
    static var interface: Structure {
        Structure(lattice: substrate.lattice, sites: substrate.sites + film.sites, comment: "Li(001)|LiF(001)")
    }

    /// bcc Li, conventional cell.
    static var bulkLi: Structure {
        Structure(lattice: .cubic(aLiA), elements: [Element(symbol: "Li")!, Element(symbol: "Li")!],
                  fractional: [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5)], comment: "Li bcc")
    }

    /// ENMAX (eV) and ZVAL of the datasets, as printed in the headers of the PBE.54 library.
    static let datasets: [String: (element: String, titel: String, vrhfin: String, zval: Double, enmax: Double)] = [
        "Li_sv": ("Li", "PAW_PBE Li_sv 10Sep2004", "Li: 1s2s2p", 3, 499.034),
        "F": ("F", "PAW_PBE F 08Apr2002", "F: s2p5", 7, 400.000),
        "Li": ("Li", "PAW_PBE Li 17Jan2003", "Li: 2s2p", 1, 140.000),
    ]

    /// A SYNTHETIC POTCAR: only the header lines Adhere reads; no PAW data (real ones are licensed).
    static func syntheticPotcar(_ variant: String) -> String {
        let d = datasets[variant]!
        return """
              \(d.titel)
             \(String(format: "%.15f", d.zval))
             parameters from PSCTR are:
               SYNTHETIC TEST FILE: header lines only, not a PAW dataset (written by Adhere's tests)
               VRHFIN =\(d.vrhfin)
               LEXCH  = PE
               TITEL  = \(d.titel)
               POMASS =    1.000; ZVAL   =   \(String(format: "%7.3f", d.zval))    mass and valenz
               ENMAX  = \(String(format: "%8.3f", d.enmax)); ENMIN  =  100.000 eV
             End of Dataset

            """
    }

    /// A temporary PAW library laid out as `root/potpaw_PBE/<variant>/POTCAR` with synthetic files.
    static func syntheticLibrary(_ variants: [String] = ["Li_sv", "F"]) throws -> URL {
        let root = try Fixtures.temporaryDirectory("adhere-synthetic-potcars")
        for v in variants {
            let dir = root.appendingPathComponent("potpaw_PBE").appendingPathComponent(v)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try syntheticPotcar(v).write(to: dir.appendingPathComponent("POTCAR"), atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The built-in default profile.
    static func defaultProfile() throws -> InputProfile {
        try InputProfile.load(named: InputProfile.defaultName, searchPaths: [])
    }
}
