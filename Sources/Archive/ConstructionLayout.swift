import Adhesion
import Crystal
import Foundation
import HDF5

/// `/interfaces/<name>/construction` (terminations, fixed atoms, starting separation, bulk
/// lattices), the named strains beside the interface's numbers, and `/interfaces/<name>/scans`
/// (the registry × separation scan with its UBER fits). All optional: an archive written before
/// them reads as nil (docs/archive.md).
enum ConstructionLayout {
    static let group = "construction"
    static let scanGroup = "scans"
    /// The UBER fit's parameters, one row per shift (NaN where the fit failed).
    static let uberColumns = ["energyInfinityEV", "bindingEnergyEV", "equilibriumSeparationA", "scalingLengthA", "rmsResidualEV"]

    // MARK: Write

    static func write(_ c: InterfaceConstruction, into g: HDF5Group) throws(HDF5Error) {
        let strains = try g.createDataset("principalStrainsPercent", doubles: c.principalStrains.sorted().map { $0 * 100 })
        try strains.setAttribute("unit", "percent")
        try strains.setAttribute("definition", "principal engineering strains of the film (stretch - 1), ascending")
        try ArchiveLayout.number(g, "arealStrainPercent", c.arealStrain * 100, unit: "percent",
                                 definition: "areal strain of the film: (1 + e1)(1 + e2) - 1")
        try ArchiveLayout.number(g, "vonMisesStrainPercent", c.vonMisesStrain * 100, unit: "percent",
                                 definition: "von Mises equivalent in-plane strain of the film")

        let cg = try ArchiveLayout.makeGroup(g, group, kind: "construction")
        try cg.setAttribute("substrateSelection", c.substrateSelection)
        try cg.setAttribute("terminationNotes", .strings(c.terminationNotes))
        try cg.setAttribute("separationSource", c.separationSource)
        try cg.setAttribute("substrateFixedRegion", c.substrateFixedRegion)
        try cg.setAttribute("filmFixedRegion", c.filmFixedRegion)
        try ArchiveLayout.number(cg, "startingSeparationA", c.startingSeparationA, unit: "angstrom",
                                 definition: "substrate top plane to film bottom plane before relaxation")
        for (name, n, side) in [("substrateFixedAtoms", c.substrateFixedAtoms, "substrate"), ("filmFixedAtoms", c.filmFixedAtoms, "film")] {
            let d = try cg.createDataset(name, scalar: Int64(n))
            try d.setAttribute("definition", "\(side) atoms with selective dynamics F F F, the same in the interface and the \(side) reference")
        }
        try writeTermination(c.substrateTermination, "substrateTermination", into: cg)
        try writeTermination(c.filmTermination, "filmTermination", into: cg)
        let lg = try ArchiveLayout.makeGroup(cg, "bulkLattices", kind: "bulkLattices")
        for (k, l) in c.bulkLattices.enumerated() {
            let bg = try ArchiveLayout.makeGroup(lg, String(format: "%02d", k), kind: "bulkLattice")
            try bg.setAttribute("calculation", l.id)
            try bg.setAttribute("usedForSlabs", Int64(l.usedForSlabs ? 1 : 0))
            for (name, lattice, what) in [("inputLatticeA", l.input, "as read"), ("relaxedLatticeA", l.relaxed, "after the ISIF = 3 relaxation")] {
                guard let lattice else { continue }
                let d = try bg.createDataset(name, doubles: lattice.matrix.arrays.flatMap { $0 }, shape: [3, 3])
                try d.setAttribute("unit", "angstrom")
                try d.setAttribute("definition", "bulk lattice vectors a, b, c as rows, \(what)")
            }
        }
    }

    static func writeTermination(_ t: TerminationCandidate, _ name: String, into parent: HDF5Group) throws(HDF5Error) {
        let tg = try ArchiveLayout.makeGroup(parent, name, kind: "termination")
        try tg.setAttribute("kind", t.kind.rawValue)
        try tg.setAttribute("formula", t.formula)
        try tg.setAttribute("bottomFormula", t.bottomFormula)
        try tg.setAttribute("topFormula", t.topFormula)
        try tg.setAttribute("isStoichiometric", Int64(t.isStoichiometric ? 1 : 0))
        try tg.setAttribute("isSymmetric", Int64(t.isSymmetric ? 1 : 0))
        try tg.setAttribute("isPolar", Int64(t.isPolar ? 1 : 0))
        try tg.setAttribute("taskerType", Int64(t.taskerType?.rawValue ?? 0))
        for (key, value) in [("row", t.row), ("termination", t.termination), ("topPlaneIndex", t.topPlaneIndex), ("atoms", t.atoms),
                             ("layers", t.layers), ("brokenBonds", t.brokenBonds)] {
            try tg.setAttribute(key, Int64(value))
        }
        if let q = t.netChargeE {
            try ArchiveLayout.number(tg, "netChargeE", q, unit: "e", definition: "net formal charge per primitive surface cell")
        }
        if let p = t.dipolePerAreaEPerA {
            try ArchiveLayout.number(tg, "dipolePerAreaEPerA", p, unit: "e*angstrom/angstrom^2",
                                     definition: "dipole along the normal per area, from formal charges")
        }
        try ArchiveLayout.number(tg, "thicknessA", t.thicknessA, unit: "angstrom", definition: "bottom plane to top plane")
        try ArchiveLayout.number(tg, "brokenBondsPerA2", t.brokenBondsPerA2, unit: "1/angstrom^2",
                                 definition: "bonds cut at both faces per area of one face")
    }

    static func writeScan(_ s: ScanOutcome, into g: HDF5Group) throws(HDF5Error) {
        let sg = try ArchiveLayout.makeGroup(g, scanGroup, kind: "scan")
        try sg.setAttribute("bestShift", Int64(s.bestShift))
        try sg.setAttribute("interlayer", s.interlayer)
        let m = s.shiftsFractional.count, n = s.separationsA.count
        let d = try sg.createDataset("separationsA", doubles: s.separationsA)
        try d.setAttribute("unit", "angstrom")
        try d.setAttribute("definition", "separations of the scan: substrate top plane to film bottom plane")
        let shifts = try sg.createDataset("shiftsFractional", doubles: ArchiveLayout.flatten(s.shiftsFractional, width: 2, sg.path + "/shiftsFractional"),
                                          shape: [m, 2])
        try shifts.setAttribute("definition", "in-plane shifts of the film, fractions of the interface cell's a and b, one row per symmetry orbit")
        let e = try sg.createDataset("energiesEV", doubles: ArchiveLayout.flatten(s.energiesEV, width: n, sg.path + "/energiesEV"), shape: [m, n])
        try e.setAttribute("unit", "eV")
        try e.setAttribute("definition", "static total energy per shift (rows) and separation (columns)")
        let fits = s.fits.flatMap { f -> [Double] in
            guard let f else { return [Double](repeating: .nan, count: uberColumns.count) }
            return [f.energyInfinityEV, f.bindingEnergyEV, f.equilibriumSeparationA, f.scalingLengthA, f.rmsResidualEV]
        }
        let u = try sg.createDataset("uberFit", doubles: fits, shape: [m, uberColumns.count])
        try u.setAttribute("definition", "UBER fit per shift, E(d) = Einf - Eb (1 + a) exp(-a), a = (d - d0)/l; columns: "
                           + uberColumns.joined(separator: ", ") + " (eV, eV, angstrom, angstrom, eV); NaN where the fit failed")
        try ArchiveLayout.number(sg, "bestSeparationA", s.bestSeparationA, unit: "angstrom",
                                 definition: "separation the lowest registry is relaxed at (its fitted d0 within the scanned range)")
    }

    // MARK: Read

    static func read(_ g: HDF5Group) throws(HDF5Error) -> InterfaceConstruction? {
        guard try g.contains(group) else { return nil }
        let cg = try g.openGroup(group)
        let principal = try g.contains("principalStrainsPercent") ? try g.openDataset("principalStrainsPercent").readDoubles().map { $0 / 100 } : []
        func percent(_ name: String) throws(HDF5Error) -> Double { try g.contains(name) ? try g.openDataset(name).readDouble() / 100 : .nan }
        var notes: [String] = []
        if case let .strings(n)? = try cg.attribute("terminationNotes") { notes = n }
        var lattices: [BulkLattice] = []
        if try cg.contains("bulkLattices") {
            let lg = try cg.openGroup("bulkLattices")
            for name in try lg.childNames().sorted() {
                let bg = try lg.openGroup(name)
                func lattice(_ key: String) throws(HDF5Error) -> Lattice? {
                    guard try bg.contains(key) else { return nil }
                    let v = try bg.openDataset(key).readDoubles()
                    guard v.count == 9 else { throw HDF5Error(operation: "read lattice", object: bg.path + "/" + key, reason: "expected 9 values") }
                    return Lattice(ArchiveLayout.rows(v, width: 3))
                }
                guard let input = try lattice("inputLatticeA") else { continue }
                lattices.append(BulkLattice(id: try bg.stringAttribute("calculation"), input: input, relaxed: try lattice("relaxedLatticeA"),
                                            usedForSlabs: try bg.int64Attribute("usedForSlabs") != 0))
            }
        }
        return InterfaceConstruction(
            substrateTermination: try readTermination(cg.openGroup("substrateTermination")),
            filmTermination: try readTermination(cg.openGroup("filmTermination")),
            substrateSelection: try cg.stringAttribute("substrateSelection"), terminationNotes: notes,
            principalStrains: principal, arealStrain: try percent("arealStrainPercent"), vonMisesStrain: try percent("vonMisesStrainPercent"),
            startingSeparationA: try cg.openDataset("startingSeparationA").readDouble(),
            separationSource: try cg.stringAttribute("separationSource"),
            substrateFixedRegion: try cg.stringAttribute("substrateFixedRegion"), filmFixedRegion: try cg.stringAttribute("filmFixedRegion"),
            substrateFixedAtoms: Int(try cg.openDataset("substrateFixedAtoms").readInt64s().first ?? 0),
            filmFixedAtoms: Int(try cg.openDataset("filmFixedAtoms").readInt64s().first ?? 0), bulkLattices: lattices)
    }

    static func readTermination(_ tg: HDF5Group) throws(HDF5Error) -> TerminationCandidate {
        func int(_ key: String) throws(HDF5Error) -> Int { Int(try tg.int64Attribute(key)) }
        func optionalNumber(_ key: String) throws(HDF5Error) -> Double? { try tg.contains(key) ? try tg.openDataset(key).readDouble() : nil }
        let kindText = try tg.stringAttribute("kind")
        guard let kind = TerminationCandidate.Kind(rawValue: kindText) else {
            throw HDF5Error(operation: "read termination", object: tg.path + "@kind", reason: "unknown kind '\(kindText)'")
        }
        let tasker = try int("taskerType")
        return TerminationCandidate(
            row: try int("row"), termination: try int("termination"), kind: kind, topPlaneIndex: try int("topPlaneIndex"),
            bottomFormula: try tg.stringAttribute("bottomFormula"), topFormula: try tg.stringAttribute("topFormula"),
            formula: try tg.stringAttribute("formula"), atoms: try int("atoms"), layers: try int("layers"),
            thicknessA: try tg.openDataset("thicknessA").readDouble(), isStoichiometric: try int("isStoichiometric") != 0,
            netChargeE: try optionalNumber("netChargeE"), dipolePerAreaEPerA: try optionalNumber("dipolePerAreaEPerA"),
            isSymmetric: try int("isSymmetric") != 0, isPolar: try int("isPolar") != 0, taskerType: TaskerType(rawValue: tasker),
            brokenBonds: try int("brokenBonds"), brokenBondsPerA2: try tg.openDataset("brokenBondsPerA2").readDouble())
    }

    static func readScan(_ g: HDF5Group, interlayer: String) throws(HDF5Error) -> ScanOutcome? {
        guard try g.contains(scanGroup) else { return nil }
        let sg = try g.openGroup(scanGroup)
        let hasEnergies = try sg.contains("energiesEV"), hasBest = try sg.hasAttribute("bestShift")
        guard hasEnergies && hasBest else { return nil }  // curves written by other tools
        let d = try sg.openDataset("separationsA").readDoubles()
        let n = d.count
        let shifts = ArchiveLayout.rows(try sg.openDataset("shiftsFractional").readDoubles(), width: 2)
        let energies = ArchiveLayout.rows(try sg.openDataset("energiesEV").readDoubles(), width: max(n, 1))
        let fits = ArchiveLayout.rows(try sg.openDataset("uberFit").readDoubles(), width: uberColumns.count).map { r -> UBERFit? in
            r.contains { $0.isNaN } ? nil
                : UBERFit(energyInfinityEV: r[0], bindingEnergyEV: r[1], equilibriumSeparationA: r[2], scalingLengthA: r[3], rmsResidualEV: r[4])
        }
        guard shifts.count == energies.count, fits.count == shifts.count else {
            throw HDF5Error(operation: "read scan", object: sg.path, reason: "shifts, energies and fits have different row counts")
        }
        return ScanOutcome(interlayer: try sg.attribute("interlayer")?.stringValue ?? interlayer, shiftsFractional: shifts, separationsA: d, energiesEV: energies, fits: fits,
                           bestShift: Int(try sg.int64Attribute("bestShift")), bestSeparationA: try sg.openDataset("bestSeparationA").readDouble())
    }
}
