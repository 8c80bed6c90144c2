import Adhesion
import Foundation
import HDF5
import Units

/// `/interfaces/<name>`: geometry (Miller indices, supercells, area, strain, atoms), the three
/// energies with their definition and source calculation, W_ad, σ (and how it was obtained),
/// θ and the wetting regime. Every number is a scalar dataset with `unit` and `definition`.
enum InterfaceLayout {
    static func write(_ r: ArchivedInterface, into parent: HDF5Group) throws(HDF5Error) {
        let g = try ArchiveLayout.makeGroup(parent, r.name, kind: "interface")
        let a = r.analysis
        let corrections = r.corrections.isEmpty ? "none" : r.corrections.joined(separator: "; ")
        try g.setAttribute("name", r.name)
        try g.setAttribute("filmLabel", r.filmLabel)
        try g.setAttribute("substrateLabel", r.substrateLabel)
        try g.setAttribute("interfaceCalculation", r.interfaceCalculationID)
        try g.setAttribute("filmCalculation", r.filmCalculationID)
        try g.setAttribute("substrateCalculation", r.substrateCalculationID)
        try g.setAttribute("energyKind", a.energyKind.rawValue)
        try g.setAttribute("energyDefinition", a.energyKind.definition)
        try g.setAttribute("corrections", .strings(r.corrections))
        try g.setAttribute("isStandIn", Int64(r.isStandIn ? 1 : 0))
        if !r.unconvergedRelaxations.isEmpty { try g.setAttribute("unconvergedRelaxations", .strings(r.unconvergedRelaxations)) }

        try g.createDataset("filmMiller", int64s: r.filmMiller.map(Int64.init))
        try g.createDataset("substrateMiller", int64s: r.substrateMiller.map(Int64.init))
        try g.createDataset("filmSupercell", int64s: ArchiveLayout.flatten(r.filmSupercell, width: 3, g.path + "/filmSupercell").map(Int64.init), shape: [3, 3])
        try g.createDataset("substrateSupercell", int64s: ArchiveLayout.flatten(r.substrateSupercell, width: 3, g.path + "/substrateSupercell").map(Int64.init), shape: [3, 3])
        let atoms = try g.createDataset("atomCount", scalar: Int64(r.atomCount))
        try atoms.setAttribute("definition", "number of atoms in the interface cell")
        try ArchiveLayout.number(g, "interfaceAreaA2", r.interfaceAreaA2, unit: "angstrom^2",
                                 definition: "interface area S of the cell, |a x b|")
        try ArchiveLayout.number(g, "strainPercent", r.strainPercent, unit: "percent",
                                 definition: "strain applied to the film to match the substrate")
        let energies: [(String, Double, String, String)] = [
            ("interfaceEnergyEV", a.workOfAdhesion.interfaceEnergyEV, r.interfaceCalculationID, "interface cell"),
            ("filmEnergyEV", a.workOfAdhesion.filmEnergyEV, r.filmCalculationID, "isolated film slab"),
            ("substrateEnergyEV", a.workOfAdhesion.substrateEnergyEV, r.substrateCalculationID, "isolated substrate slab"),
        ]
        for (name, value, calc, what) in energies {
            try ArchiveLayout.number(g, name, value, unit: "eV", definition: "total energy of the \(what): \(a.energyKind.definition)",
                                     extra: ["calculation": calc, "corrections": corrections])
        }
        let formula = "W_ad = (E_film + E_substrate - E_interface) / S"
        try ArchiveLayout.number(g, "workOfAdhesionEVPerA2", a.workOfAdhesion.eVPerA2, unit: "eV/angstrom^2",
                                 definition: formula, extra: ["corrections": corrections])
        try ArchiveLayout.number(g, "workOfAdhesionJPerM2", a.workOfAdhesion.jPerM2, unit: "J/m^2",
                                 definition: formula + "; 1 eV/angstrom^2 = \(UnitConversion.jPerM2PerEVPerA2) J/m^2",
                                 extra: ["corrections": corrections])
        try ArchiveLayout.number(g, "surfaceEnergyJPerM2", a.surfaceEnergy.jPerM2, unit: "J/m^2",
                                 definition: "surface energy sigma of the film metal", extra: ["method": a.surfaceEnergy.method])
        try writeSurfaceEnergy(a.surfaceEnergy, into: g)
        try ArchiveLayout.number(g, "contactAngleDeg", a.contactAngle.degrees, unit: "degree",
                                 definition: "Young-Dupre: W_ad = sigma (1 + cos theta); 0 when W_ad >= 2 sigma, 180 when W_ad <= 0",
                                 extra: ["wettingRegime": a.contactAngle.regime.rawValue])
        try g.createDataset("wettingRegime", strings: [a.contactAngle.regime.rawValue], shape: [])
        if let c = r.construction { try ConstructionLayout.write(c, into: g) }
        if let s = r.scan { try ConstructionLayout.writeScan(s, into: g) }
    }

    private static func writeSurfaceEnergy(_ s: SurfaceEnergy, into g: HDF5Group) throws(HDF5Error) {
        let sg = try ArchiveLayout.makeGroup(g, "surfaceEnergy", kind: "surfaceEnergy")
        try sg.setAttribute("method", s.method)
        switch s {
        case let .fiorentiniMethfessel(fit):
            try sg.setAttribute("source", "fiorentiniMethfessel")
            try sg.createDataset("slabSizes", int64s: fit.points.map { Int64($0.size) })
            let e = try sg.createDataset("slabEnergiesEV", doubles: fit.points.map(\.energyEV))
            try e.setAttribute("unit", "eV")
            let res = try sg.createDataset("residualsEV", doubles: fit.residualsEV)
            try res.setAttribute("unit", "eV")
            try ArchiveLayout.number(sg, "surfaceAreaA2", fit.surfaceAreaA2, unit: "angstrom^2", definition: "area A of one slab face")
            try ArchiveLayout.number(sg, "bulkEnergyPerUnitEV", fit.bulkEnergyPerUnitEV, unit: "eV", definition: "fitted slope E_bulk of E_slab(N) = 2 A sigma + N E_bulk")
            try ArchiveLayout.number(sg, "interceptEV", fit.interceptEV, unit: "eV", definition: "fitted intercept 2 A sigma")
        case let .singleSlab(e, n, eb, area):
            try sg.setAttribute("source", "singleSlab")
            try ArchiveLayout.number(sg, "slabEnergyEV", e, unit: "eV", definition: "total energy of the slab")
            try sg.createDataset("slabAtomCount", scalar: Int64(n))
            try ArchiveLayout.number(sg, "bulkEnergyPerAtomEV", eb, unit: "eV", definition: "bulk energy per atom in the slab's orientation")
            try ArchiveLayout.number(sg, "surfaceAreaA2", area, unit: "angstrom^2", definition: "area A of one slab face")
        case let .given(j):
            try sg.setAttribute("source", "given")
            try ArchiveLayout.number(sg, "givenJPerM2", j, unit: "J/m^2", definition: "surface energy given by the user")
        }
    }

    private static func readSurfaceEnergy(_ g: HDF5Group) throws(HDF5Error) -> SurfaceEnergy {
        let sg = try g.openGroup("surfaceEnergy")
        let source = try sg.stringAttribute("source")
        switch source {
        case "fiorentiniMethfessel":
            let sizes = try sg.openDataset("slabSizes").readInt64s()
            let energies = try sg.openDataset("slabEnergiesEV").readDoubles()
            let area = try sg.openDataset("surfaceAreaA2").readDouble()
            do {
                return .fiorentiniMethfessel(try FiorentiniMethfesselFit(
                    points: zip(sizes, energies).map { SlabEnergyPoint(size: Int($0), energyEV: $1) }, surfaceAreaA2: area))
            } catch {
                throw HDF5Error(operation: "read surface energy", object: sg.path, reason: error.description)
            }
        case "singleSlab":
            return .singleSlab(slabEnergyEV: try sg.openDataset("slabEnergyEV").readDouble(),
                               slabAtomCount: Int(try sg.openDataset("slabAtomCount").readInt64s().first ?? 0),
                               bulkEnergyPerAtomEV: try sg.openDataset("bulkEnergyPerAtomEV").readDouble(),
                               surfaceAreaA2: try sg.openDataset("surfaceAreaA2").readDouble())
        case "given":
            return .given(jPerM2: try sg.openDataset("givenJPerM2").readDouble())
        default:
            throw HDF5Error(operation: "read surface energy", object: sg.path, reason: "unknown source '\(source)'")
        }
    }

    static func read(_ g: HDF5Group, file: String) throws(ArchiveError) -> ArchivedInterface {
        try archiveHDF5(file) { () throws(HDF5Error) -> ArchivedInterface in
            func number(_ name: String) throws(HDF5Error) -> Double { try g.openDataset(name).readDouble() }
            func ints(_ name: String) throws(HDF5Error) -> [Int] { try g.openDataset(name).readInt64s().map { Int($0) } }
            let kindText = try g.stringAttribute("energyKind")
            guard let kind = EnergyKind(rawValue: kindText) else {
                throw HDF5Error(operation: "read interface", object: g.path + "@energyKind", reason: "unknown energy kind '\(kindText)'")
            }
            let analysis: AdhesionAnalysis
            do {
                let w = try WorkOfAdhesion(interfaceEnergyEV: number("interfaceEnergyEV"), filmEnergyEV: number("filmEnergyEV"),
                                           substrateEnergyEV: number("substrateEnergyEV"), interfaceAreaA2: number("interfaceAreaA2"))
                analysis = try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: readSurfaceEnergy(g), energyKind: kind)
            } catch let error as HDF5Error {
                throw error
            } catch {
                throw HDF5Error(operation: "read interface", object: g.path, reason: "\(error)")
            }
            var corrections: [String] = []
            if case let .strings(c)? = try g.attribute("corrections") { corrections = c }
            var unconverged: [String] = []
            if case let .strings(u)? = try g.attribute("unconvergedRelaxations") { unconverged = u }
            var archived = ArchivedInterface(
                name: try g.stringAttribute("name"), filmLabel: try g.stringAttribute("filmLabel"),
                substrateLabel: try g.stringAttribute("substrateLabel"),
                filmMiller: try ints("filmMiller"), substrateMiller: try ints("substrateMiller"),
                filmSupercell: ArchiveLayout.rows(try ints("filmSupercell"), width: 3),
                substrateSupercell: ArchiveLayout.rows(try ints("substrateSupercell"), width: 3),
                strainPercent: try number("strainPercent"), atomCount: Int(try g.openDataset("atomCount").readInt64s().first ?? 0),
                interfaceCalculationID: try g.stringAttribute("interfaceCalculation"),
                filmCalculationID: try g.stringAttribute("filmCalculation"),
                substrateCalculationID: try g.stringAttribute("substrateCalculation"),
                analysis: analysis, corrections: corrections, isStandIn: try g.int64Attribute("isStandIn") != 0,
                construction: try ConstructionLayout.read(g), scan: try ConstructionLayout.readScan(g, interlayer: try g.stringAttribute("name")))
            archived.unconvergedRelaxations = unconverged
            return archived
        }
    }
}
