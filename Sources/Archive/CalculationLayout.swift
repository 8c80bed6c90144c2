import Adhesion
import Crystal
import Foundation
import HDF5

/// `/calculations/<id>`: attributes for identity and provenance, `energies/` (one value per
/// ionic step for each of VASP's three energies), `finalStructure/`, `forcesEVPerA`, `incar/`.
enum CalculationLayout {
    static func write(_ r: ArchivedCalculation, into parent: HDF5Group) throws(HDF5Error) {
        let g = try ArchiveLayout.makeGroup(parent, r.id, kind: "calculation")
        try g.setAttribute("id", r.id)
        try g.setAttribute("role", r.role)
        try g.setAttribute("vaspVersion", r.vaspVersion)
        try g.setAttribute("inputHash", r.inputHash)
        if let job = r.slurmJobID { try g.setAttribute("slurmJobID", job) }
        if let d = r.submittedAt { try g.setAttribute("submittedAt", ArchiveLayout.dateText(d)) }
        if let d = r.startedAt { try g.setAttribute("startedAt", ArchiveLayout.dateText(d)) }
        if let d = r.finishedAt { try g.setAttribute("finishedAt", ArchiveLayout.dateText(d)) }
        try g.setAttribute("collectedAt", ArchiveLayout.dateText(r.collectedAt))
        try g.setAttribute("isStandIn", Int64(r.isStandIn ? 1 : 0))
        try g.setAttribute("engine", r.engine)
        try g.setAttribute("model", r.model)
        try g.setAttribute("potcars", .strings(r.potcars))
        if let mesh = r.kpointMesh { try g.setAttribute("kpointMesh", .int64s(mesh.map(Int64.init))) }

        let e = try ArchiveLayout.makeGroup(g, "energies", kind: "ionicStepEnergies")
        try e.setAttribute("ionicSteps", Int64(r.energies.count))
        let series: [(String, [Double], EnergyKind)] = [
            ("freeEnergyEV", r.energies.freeEnergyEV, .free),
            ("energyWithoutEntropyEV", r.energies.energyWithoutEntropyEV, .withoutEntropy),
            ("energySigma0EV", r.energies.energySigma0EV, .sigma0),
        ]
        for (name, values, kind) in series {
            let d = try e.createDataset(name, doubles: values)
            try d.setAttribute("unit", "eV")
            try d.setAttribute("definition", kind.definition.replacingOccurrences(of: ", last ionic step", with: ", one value per ionic step"))
            try d.setAttribute("vasprunTag", kind.vasprunTag)
            try d.setAttribute("corrections", "none (as reported by VASP)")
        }

        if let s = r.finalStructure {
            let sg = try ArchiveLayout.makeGroup(g, "finalStructure", kind: "structure")
            let lattice = try sg.createDataset("latticeA", doubles: s.lattice.matrix.arrays.flatMap { $0 }, shape: [3, 3])
            try lattice.setAttribute("unit", "angstrom")
            try lattice.setAttribute("definition", "lattice vectors a, b, c as rows")
            try sg.createDataset("species", strings: s.elements.map(\.symbol))
            let frac = s.fractionalPositions.flatMap { [$0.x, $0.y, $0.z] }
            let f = try sg.createDataset("fractionalCoordinates", doubles: frac, shape: [s.count, 3])
            try f.setAttribute("definition", "fractional coordinates of each site, one row per site, in species order")
            if !s.comment.isEmpty { try sg.setAttribute("comment", s.comment) }
        }

        let forces = try ArchiveLayout.flatten(r.forcesEVPerA, width: 3, g.path + "/forcesEVPerA")
        let fd = try g.createDataset("forcesEVPerA", doubles: forces, shape: [r.forcesEVPerA.count, 3])
        try fd.setAttribute("unit", "eV/angstrom")
        try fd.setAttribute("definition", "forces on each atom after the last ionic step (vasprun varray 'forces')")

        let incar = try ArchiveLayout.makeGroup(g, "incar", kind: "incar")
        for (tag, value) in r.incar.sorted(by: { $0.key < $1.key }) { try incar.setAttribute(tag, value) }
    }

    static func read(_ g: HDF5Group, file: String) throws(ArchiveError) -> ArchivedCalculation {
        try archiveHDF5(file) { () throws(HDF5Error) -> ArchivedCalculation in
            func optionalString(_ name: String) throws(HDF5Error) -> String? { try g.attribute(name)?.stringValue }
            func optionalDate(_ name: String) throws(HDF5Error) -> Date? { try optionalString(name).flatMap(ArchiveLayout.date) }
            let e = try g.openGroup("energies")
            let energies = IonicStepEnergies(
                freeEnergyEV: try e.openDataset("freeEnergyEV").readDoubles(),
                energyWithoutEntropyEV: try e.openDataset("energyWithoutEntropyEV").readDoubles(),
                energySigma0EV: try e.openDataset("energySigma0EV").readDoubles())
            var structure: Structure?
            if try g.contains("finalStructure") {
                let sg = try g.openGroup("finalStructure")
                let latticeValues = try sg.openDataset("latticeA").readDoubles()
                let species = try sg.openDataset("species").readStrings()
                let fracValues = try sg.openDataset("fractionalCoordinates").readDoubles()
                guard latticeValues.count == 9, fracValues.count == 3 * species.count,
                      latticeValues.allSatisfy(\.isFinite), fracValues.allSatisfy(\.isFinite) else {
                    throw HDF5Error(operation: "read structure", object: sg.path,
                                    reason: "expected 9 finite lattice numbers and 3 finite coordinates per species entry")
                }
                let lattice = ArchiveLayout.rows(latticeValues, width: 3)
                let frac = ArchiveLayout.rows(fracValues, width: 3)
                var elements: [Element] = []
                for symbol in species {
                    guard let el = Element(symbol: symbol) else {
                        throw HDF5Error(operation: "read structure", object: sg.path + "/species", reason: "unknown element '\(symbol)'")
                    }
                    elements.append(el)
                }
                guard lattice.count == 3, frac.count == elements.count else {
                    throw HDF5Error(operation: "read structure", object: sg.path, reason: "lattice 3×3 and one coordinate row per species expected")
                }
                structure = Structure(lattice: Lattice(lattice), elements: elements,
                                      fractional: frac.map { Vector3($0[0], $0[1], $0[2]) },
                                      comment: try sg.attribute("comment")?.stringValue ?? "")
            }
            let forceValues = try g.openDataset("forcesEVPerA").readDoubles()
            let energyValues = energies.freeEnergyEV + energies.energyWithoutEntropyEV + energies.energySigma0EV
            guard energyValues.allSatisfy(\.isFinite), forceValues.allSatisfy(\.isFinite) else {
                throw HDF5Error(operation: "read calculation", object: g.path,
                                reason: "an energy or force is not a finite number: the archive is damaged")
            }
            guard forceValues.count % 3 == 0 else {
                throw HDF5Error(operation: "read forces", object: g.path + "/forcesEVPerA", reason: "expected 3 numbers per atom")
            }
            let forces = ArchiveLayout.rows(forceValues, width: 3)
            let incarGroup = try g.openGroup("incar")
            var incar: [String: String] = [:]
            for name in try incarGroup.attributeNames() where !["format", "formatVersion", "kind"].contains(name) {
                incar[name] = try incarGroup.stringAttribute(name)
            }
            var mesh: [Int]?
            if case let .int64s(m)? = try g.attribute("kpointMesh") { mesh = m.map { Int($0) } }
            var potcars: [String] = []
            if case let .strings(p)? = try g.attribute("potcars") { potcars = p }
            return ArchivedCalculation(
                id: try g.stringAttribute("id"), role: try g.stringAttribute("role"), energies: energies,
                finalStructure: structure, forcesEVPerA: forces, incar: incar, kpointMesh: mesh, potcars: potcars,
                vaspVersion: try g.stringAttribute("vaspVersion"), inputHash: try g.stringAttribute("inputHash"),
                slurmJobID: try optionalString("slurmJobID"), submittedAt: try optionalDate("submittedAt"),
                startedAt: try optionalDate("startedAt"), finishedAt: try optionalDate("finishedAt"),
                collectedAt: try optionalDate("collectedAt") ?? Date(timeIntervalSince1970: 0),
                isStandIn: try g.int64Attribute("isStandIn") != 0,
                // Archives written before engines existed hold VASP or stand-in runs only.
                engine: try optionalString("engine"), model: try optionalString("model") ?? "")
        }
    }
}
