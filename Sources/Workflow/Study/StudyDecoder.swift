import Adhesion
import Crystal
import YAMLSettings

/// Turns study.yaml text into a ``Study``: the keys of every mapping, the type and range of
/// every value (``StudyLimits``), and the rules between values (distinct names, a non-singular
/// supercell, two different slabs for σ). Records the line of every key for later errors.
struct StudyDecoder {
    /// The file, as named in errors.
    let file: String
    /// Key path → line, filled while decoding.
    var keyLines: [String: Int] = [:]

    init(file: String) { self.file = file }

    static let topKeys = ["name", "description", "metal", "interlayers", "matching", "geometry", "input_profile",
                          "cluster_profile", "attempt_limit", "surface_energy", "potcar_dir", "scan", "fixed_region"]
    static let scanKeys = ["shifts", "separations_a"]
    static let metalKeys = ["structure", "miller", "layers", "bulk_lattice_a"]
    static let interlayerKeys = ["name", "structure", "miller", "layers", "min_thickness_a", "supercells", "termination",
                                 "fixed_region", "allow_large_strain"]
    static let fixedRegionKeys = ["substrate_a", "substrate_fraction", "metal_a", "metal_fraction"]
    static let supercellKeys = ["metal", "interlayer"]
    static let matchingKeys = ["max_area_a2", "max_strain_percent"]
    static let geometryKeys = ["gap_a", "vacuum_a"]
    static let surfaceEnergyKeys = ["method", "layers"]

    mutating func decode(_ text: String) throws(StudyError) -> Study {
        let root = try SettingsDocument.root(text: text, file: file)
        let top = try mapping(root, Self.topKeys)
        let name = try self.name(try required(top, "name"))
        let description = try optional(top, "description")?.text(allowEmpty: true)
        let metal = try self.metal(try required(top, "metal"))
        let interlayers = try self.interlayers(try required(top, "interlayers"))
        let matchingMap = try mapping(try required(top, "matching"), Self.matchingKeys)
        let matching = MatchingLimits(
            maxAreaA2: try required(matchingMap, "max_area_a2").number(in: StudyLimits.maxAreaA2, "an area in Å²"),
            maxStrainPercent: try required(matchingMap, "max_strain_percent").number(in: StudyLimits.maxStrainPercent, "a strain in %"))
        let geometryMap = try mapping(try required(top, "geometry"), Self.geometryKeys)
        let geometry = Geometry(
            gapA: try optional(geometryMap, "gap_a")?.number(in: StudyLimits.gapA, "a distance in Å"),
            vacuumA: try required(geometryMap, "vacuum_a").number(in: StudyLimits.vacuumA, "a thickness in Å"))
        let inputProfile = try required(top, "input_profile").text()
        let clusterProfile = try required(top, "cluster_profile").text()
        let attemptLimit = try required(top, "attempt_limit").integer(in: StudyLimits.attemptLimit, "attempts")
        let surfaceEnergy = try self.surfaceEnergy(try required(top, "surface_energy"))
        let potcarDirectory = try optional(top, "potcar_dir")?.text()
        var scan: ScanSettings? = nil
        if let node = optional(top, "scan") {
            let map = try mapping(node, Self.scanKeys)
            let divisions = try required(map, "shifts").integer(in: StudyLimits.scanShiftDivisions, "grid divisions per in-plane axis")
            var separations: [Double] = []
            let list = try required(map, "separations_a")
            for item in try list.sequence(count: StudyLimits.scanSeparations, of: "separations in Å (at least four for the UBER fit)") {
                separations.append(try item.number(in: StudyLimits.scanSeparationA, "a separation in Å"))
            }
            if Set(separations).count != separations.count { throw list.error("expected different separations, found \(separations)") }
            scan = ScanSettings(shiftDivisions: divisions, separationsA: separations.sorted())
        }
        var study = Study(name: name, description: description, metal: metal, interlayers: interlayers, matching: matching,
                     geometry: geometry, inputProfile: inputProfile, clusterProfile: clusterProfile, attemptLimit: attemptLimit,
                     surfaceEnergy: surfaceEnergy, potcarDirectory: potcarDirectory)
        study.scan = scan
        if let node = optional(top, "fixed_region") { study.fixedRegion = try fixedRegion(node) }
        return study
    }

    // MARK: Sections

    mutating func metal(_ node: SettingsNode) throws(StudyError) -> MetalSpec {
        let map = try mapping(node, Self.metalKeys)
        return MetalSpec(
            structure: try required(map, "structure").text(),
            miller: try miller(try required(map, "miller")),
            layers: try required(map, "layers").integer(in: StudyLimits.layers, "atomic planes"),
            bulkLatticeA: try optional(map, "bulk_lattice_a")?.number(in: StudyLimits.bulkLatticeA, "a lattice constant in Å"))
    }

    mutating func interlayers(_ node: SettingsNode) throws(StudyError) -> [InterlayerSpec] {
        var out: [InterlayerSpec] = []
        var firstLine: [String: Int] = [:]
        for item in try node.sequence(count: StudyLimits.interlayers, of: "interlayers") {
            let map = try mapping(item, Self.interlayerKeys)
            let nameNode = try required(map, "name")
            let name = try self.name(nameNode)
            if let first = firstLine[name] {
                throw nameNode.error("the name '\(name)' is used twice (first on line \(first))")
            }
            firstLine[name] = nameNode.line ?? 0
            let layers = try optional(map, "layers")?.integer(in: StudyLimits.layers, "atomic planes")
            let minimumA = try optional(map, "min_thickness_a")?.number(in: StudyLimits.slabThicknessA, "a thickness in Å")
            let thickness: SlabThickness
            if let minimumA { thickness = .minimumA(minimumA) } else if let layers { thickness = .layers(layers) } else {
                throw item.error("give layers (atomic planes) or min_thickness_a (Å)")
            }
            var supercells: ExplicitSupercells?
            if let cells = optional(map, "supercells") {
                let cellMap = try mapping(cells, Self.supercellKeys)
                supercells = ExplicitSupercells(metal: try matrix(try required(cellMap, "metal")),
                                                interlayer: try matrix(try required(cellMap, "interlayer")))
            }
            var spec = InterlayerSpec(name: name, structure: try required(map, "structure").text(),
                                      miller: try miller(try required(map, "miller")), thickness: thickness, supercells: supercells)
            if let node = optional(map, "termination") { spec.termination = try termination(node) }
            if let node = optional(map, "fixed_region") { spec.fixedRegion = try fixedRegion(node) }
            if let node = optional(map, "allow_large_strain") { spec.allowLargeStrain = try flag(node) }
            out.append(spec)
        }
        return out
    }

    mutating func surfaceEnergy(_ node: SettingsNode) throws(StudyError) -> SurfaceEnergySource {
        let map = try mapping(node, Self.surfaceEnergyKeys)
        let method = try optional(map, "method")?.choice(SurfaceEnergyMethod.self) ?? .fiorentiniMethfessel
        let layersNode = try required(map, "layers")
        var layers: [Int] = []
        for item in try layersNode.sequence(count: StudyLimits.surfaceEnergySlabs, of: "slab thicknesses (atomic planes)") {
            layers.append(try item.integer(in: StudyLimits.layers, "atomic planes"))
        }
        if Set(layers).count != layers.count {
            throw layersNode.error("expected different slab thicknesses (atomic planes), found \(layers)")
        }
        let thin = layers.filter { $0 < SurfaceEnergySeries.minimumLayers }
        if !thin.isEmpty {
            throw layersNode.error("expected slabs of at least \(SurfaceEnergySeries.minimumLayers) atomic planes (thinner Li slabs carry quantum-size oscillations that bias the fit), found \(layers): e.g. [5, 7, 9]")
        }
        return SurfaceEnergySource(method: method, layers: layers)
    }

    /// `fixed_region`: at most one of `substrate_a` / `substrate_fraction` (the substrate's
    /// bulk-like bottom) and one of `metal_a` / `metal_fraction` (the metal's outer top).
    mutating func fixedRegion(_ node: SettingsNode) throws(StudyError) -> FixedRegionSpec {
        let map = try mapping(node, Self.fixedRegionKeys)
        func side(_ thickness: String, _ fraction: String, _ a: (Double) -> FixedRegion, _ f: (Double) -> FixedRegion)
            throws(StudyError) -> FixedRegion {
            let t = try optional(map, thickness)?.number(in: StudyLimits.fixedThicknessA, "a thickness in Å")
            let x = try optional(map, fraction)?.number(in: StudyLimits.fixedFraction, "a fraction of the slab's thickness")
            if t != nil && x != nil { throw node.error("give \(thickness) or \(fraction), not both") }
            return t.map(a) ?? x.map(f) ?? FixedRegion.none
        }
        return FixedRegionSpec(substrate: try side("substrate_a", "substrate_fraction", { .bottomA($0) }, { .bottomFraction($0) }),
                               metal: try side("metal_a", "metal_fraction", { .topA($0) }, { .topFraction($0) }))
    }

    // MARK: Values

    /// `automatic`, or a whole number: a row of `adhere slab --terminations` at the slab's thickness.
    func termination(_ node: SettingsNode) throws(StudyError) -> TerminationSelection {
        if node.node.scalar?.string == "automatic" { return .automatic }
        guard node.node.int != nil else {
            throw node.error("expected automatic or a row number of `adhere slab --terminations` (0…\(StudyLimits.terminationRow.upperBound)), found \(node.shown)")
        }
        return .row(try node.integer(in: StudyLimits.terminationRow, "a termination row"))
    }

    /// `true` or `false`.
    func flag(_ node: SettingsNode) throws(StudyError) -> Bool {
        guard let value = node.node.scalar?.string, let b = ["true": true, "false": false][value] else {
            throw node.error("expected true or false, found \(node.shown)")
        }
        return b
    }

    func name(_ node: SettingsNode) throws(StudyError) -> String {
        let s = try node.text()
        guard LoadedStudy.isValidName(s) else {
            throw node.error("expected letters, digits, '-' or '_' (\(StudyLimits.nameLength.lowerBound)–\(StudyLimits.nameLength.upperBound) characters), found '\(s)'")
        }
        return s
    }

    /// `[h, k, l]`: three integers, not all zero.
    func miller(_ node: SettingsNode) throws(StudyError) -> MillerIndex {
        let expected = "expected a Miller index of three whole numbers, not all zero, e.g. [0, 0, 1]"
        guard let items = node.node.sequence, items.count == 3 else { throw node.error("\(expected), found \(node.shown)") }
        let values = items.compactMap(\.int)
        let range = StudyLimits.millerComponent
        guard values.count == 3, values.allSatisfy(range.contains) else {
            throw node.error("\(expected) (each in \(range.lowerBound)…\(range.upperBound)), found \(items.map { $0.string ?? "?" })")
        }
        guard let index = MillerIndex(values[0], values[1], values[2]) else { throw node.error("\(expected), found [0, 0, 0]") }
        return index
    }

    /// `[[a, b], [c, d]]`: a 2×2 integer matrix with entries and |determinant| within limits.
    func matrix(_ node: SettingsNode) throws(StudyError) -> IntMatrix2 {
        let expected = "expected a 2×2 matrix of whole numbers like [[2, 0], [0, 2]]"
        guard let rows = node.node.sequence, rows.count == 2, let r0 = rows[0].sequence, let r1 = rows[1].sequence,
              r0.count == 2, r1.count == 2
        else { throw node.error("\(expected), found \(node.shown)") }
        let entries = (r0 + r1).compactMap(\.int)
        let range = StudyLimits.supercellEntry
        guard entries.count == 4 else { throw node.error("\(expected)") }
        guard entries.allSatisfy({ range.contains($0) }) else {
            throw node.error("entries must lie in \(range.lowerBound)…\(range.upperBound), found \(entries)")
        }
        let m = IntMatrix2(entries[0], entries[1], entries[2], entries[3])
        if m.determinant == 0 { throw node.error("the matrix \(m.rows) is singular (determinant 0)") }
        if !StudyLimits.supercellCells.contains(abs(m.determinant)) {
            throw node.error("the matrix \(m.rows) holds \(abs(m.determinant)) surface cells; at most \(StudyLimits.supercellCells.upperBound)")
        }
        return m
    }

    // MARK: Keys, recorded with their lines

    mutating func mapping(_ node: SettingsNode, _ keys: [String]) throws(StudyError) -> SettingsMapping {
        let map = try node.mapping(keys: keys)
        if let line = node.line { keyLines[node.path] = keyLines[node.path] ?? line }
        for key in keys { if let line = map.keyLine(key) { keyLines[node.path.isEmpty ? key : "\(node.path).\(key)"] = line } }
        return map
    }

    func required(_ map: SettingsMapping, _ key: String) throws(StudyError) -> SettingsNode { try map.required(key) }

    func optional(_ map: SettingsMapping, _ key: String) -> SettingsNode? { map.optional(key) }
}
