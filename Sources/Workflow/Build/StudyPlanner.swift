import Archive
import Crystal
import Engines
import Foundation
import VASP

/// Turns a study into its calculations, in stages (docs/workflow.md, stages): first every bulk
/// is relaxed (metal and interlayers, ISIF = 3); the metal slabs of the σ series and every
/// interface with its two references are then cut from the relaxed cells, so they are planned
/// only once their parents' outputs are parsed (``RelaxedBulks``). Nothing is written.
public struct StudyPlanner: Sendable {
    /// The study.
    public var loaded: LoadedStudy
    /// What earlier plans of this planner worked out (a run keeps one planner for all its
    /// re-plans, so each re-plan costs only its new stages).
    public let cache: PlanCache

    /// Creates a planner; `cache` carries what earlier plans of the same study worked out.
    public init(_ loaded: LoadedStudy, cache: PlanCache = PlanCache()) {
        self.loaded = loaded
        self.cache = cache
    }

    /// Folders where a study's own profiles and templates may sit (searched before Adhere's).
    public var localSearchPaths: [String] {
        [loaded.directory.path, loaded.directory.appendingPathComponent("profiles").path,
         loaded.directory.appendingPathComponent("templates").path]
    }

    /// Loads the study's input profile.
    public func profile() throws -> InputProfile {
        do {
            return try cache.value(PlanCache.Key(kind: "profile")) { () throws(InputError) in
                try InputProfile.load(named: loaded.study.inputProfile, searchPaths: localSearchPaths)
            }
        } catch {
            if case .profile(let why) = error.kind, error.file == loaded.study.inputProfile {
                throw loaded.error(at: "input_profile", why)
            }
            throw error  // a problem inside the profile file: its own file and line
        }
    }

    /// The engine part of the study's profile (docs/engines.md).
    public func engineProfile() throws -> EngineProfile {
        do { return try StudyEngine.engineProfile(of: try profile()) } catch let error as EngineError {
            throw BuildError.inputs(calculation: "input_profile '\(loaded.study.inputProfile)'", underlying: "\(error)")
        }
    }

    /// Plans the study as far as the parsed bulks allow: `relaxed` holds the relaxed cells of
    /// the bulk calculations parsed so far (empty: only the bulk stage is planned).
    public func plan(relaxed: RelaxedBulks = RelaxedBulks()) throws -> StudyPlan {
        let asRead = try bulksAsRead()
        var earlyWarnings: [String] = []
        if asRead.cells.keys.contains(where: { relaxed.cells[$0] == nil }) {
            // The waiting stages are tried on the cells as read: a cell above the study's limits
            // stops the plan now, not after the bulk stage has run. Strain and matching depend on
            // the relaxed lattices, so their problems are only warnings at this point.
            do { _ = try plan(relaxed: RelaxedBulks(cells: asRead.cells.merging(relaxed.cells) { $1 })) } catch let error as BuildError {
                earlyWarnings.append("on the cells as read (before the bulk relaxations): \(error)")
            }
        }
        let study = loaded.study
        let writer = try cache.value(PlanCache.Key(kind: "writer")) {
            InputSetWriter(profile: try profile(), templateSearchPaths: localSearchPaths)
        }
        let engine = try cache.value(PlanCache.Key(kind: "engine")) { try engineProfile() }
        var warnings: [String] = earlyWarnings
        var calculations: [PlannedCalculation] = []
        var byHash: [String: String] = [:]
        var sharedWith: [String: String] = [:]
        var entries: [StudyManifest.CalculationEntry] = []

        /// Registers a calculation unless one with the same physics (same inputs apart from the
        /// SYSTEM title, which names the calculation) exists; returns the id that is computed.
        func add(_ id: String, _ role: CalculationRole, owner: String, layers: Int? = nil, parents: [String] = [],
                 _ hashed: HashedInputs) throws -> String {
            let set = hashed.inputs, engineHash = hashed.engineHash, key = hashed.inputHash
            entries.append(.init(id: id, role: role, owner: owner, folder: "calculations/\(id)", inputHash: key,
                                 atoms: set.structure.count))
            if let first = byHash[key] {
                sharedWith[id] = first
                return first
            }
            byHash[key] = id
            calculations.append(PlannedCalculation(id: id, role: role, owner: owner, layers: layers, inputs: set, parents: parents,
                                                   engineInputHash: engineHash, inputHash: key))
            warnings += set.warnings
            return id
        }

        /// Inputs with their identity, computed once per cache (the hash leaves out the SYSTEM
        /// title, which names the calculation).
        func hashed(_ set: InputSet) -> HashedInputs {
            let engineHash = engine.engine.isASEDriven ? StudyEngine.inputHash(for: set, profile: engine) : nil
            return HashedInputs(inputs: set, engineHash: engineHash, inputHash: engineHash ?? set.inputHash)
        }

        func render(_ s: Structure, _ role: InputRole, _ name: String) throws -> HashedInputs {
            try cache.value(PlanCache.Key(kind: "render \(role)", texts: [name], cells: [s])) {
                do { return hashed(try writer.render(structure: s, role: role, calculation: .relax, name: name)) } catch {
                    throw BuildError.inputs(calculation: name, underlying: BuildError.text(error))
                }
            }
        }

        // Stage 1: every bulk relaxed (ISIF = 3 with the profile's bulk settings).
        let inputBulk = try metalBulk()
        let metalName = inputBulk.reducedFormula.formula
        let bulkID = try add("\(metalName)-bulk", .bulk, owner: metalName, try render(inputBulk, .bulk, "\(metalName)-bulk"))
        var lattices = [BulkLattice(id: bulkID, input: inputBulk.lattice, relaxed: relaxed.cells[bulkID]?.lattice,
                                    usedForSlabs: study.metal.bulkLatticeA == nil)]
        var interlayerBulks: [(id: String, input: Structure)] = []
        for (i, x) in study.interlayers.enumerated() {
            let xBulk = try read(x.structure, key: "interlayers[\(i)].structure")
            let id = try add("\(x.name)-bulk", .bulk, owner: x.name, try render(xBulk, .bulk, "\(x.name)-bulk"))
            interlayerBulks.append((id, xBulk))
            lattices.append(BulkLattice(id: id, input: xBulk.lattice, relaxed: relaxed.cells[id]?.lattice, usedForSlabs: true))
        }
        var scans: [ScanOutcome] = []
        var stages = [PlanStage(name: "bulk relaxation (ISIF = 3)", calculations: calculations.map(\.id), waitingFor: [])]

        // Stage 2: the σ series, from the relaxed metal (or from bulk_lattice_a, an explicit override).
        let metalParents = study.metal.bulkLatticeA == nil ? [bulkID] : []
        let metalCell: Structure? = study.metal.bulkLatticeA == nil ? relaxed.cells[bulkID] : inputBulk
        guard let bulk = metalCell else {
            stages.append(PlanStage(name: "\(metalName) slabs (σ series, \(study.surfaceEnergy.layers.sorted().map { "\($0)" }.joined(separator: ", ")) layers) from the relaxed \(metalName)",
                                    calculations: [], waitingFor: [bulkID]))
            for (x, parent) in zip(study.interlayers, interlayerBulks) {
                stages.append(PlanStage(name: "\(x.name) interface, film and substrate from the relaxed cells", calculations: [],
                                        waitingFor: [bulkID, parent.id]))
            }
            let metal = MetalPlan(formula: metalName, miller: study.metal.miller.components, bulkID: bulkID, slabs: [])
            let manifest = StudyManifest(study: study.name, inputProfile: study.inputProfile, metal: metal, interfaces: [],
                                         calculations: entries, sharedWith: sharedWith)
            return StudyPlan(loaded: loaded, calculations: calculations, manifest: manifest, warnings: warnings,
                             stages: stages, lattices: lattices)
        }
        let metalBuilder = SlabBuilder(bulk: bulk, miller: study.metal.miller)
        var slabEntries: [MetalPlan.SlabEntry] = []
        let slabStageStart = calculations.count
        for n in study.surfaceEnergy.layers.sorted() {
            let slab: Slab = try cache.value(PlanCache.Key(kind: "metal slab", cells: [bulk], numbers: [Double(n)])) {
                do { return try metalBuilder.slab(thickness: .layers(n), vacuumA: study.geometry.vacuumA) } catch {
                    throw BuildError.geometry(interlayer: metalName, underlying: "slab of \(n) layers: \(BuildError.text(error))")
                }
            }
            try checkAtoms(slab.structure.count, key: "surface_energy.layers", what: "the \(n)-layer slab of the σ series")
            let id = "\(metalName)-\(hkl(study.metal.miller))-L\(slab.layerCount)"
            let computed = try add(id, .slab, owner: metalName, layers: slab.layerCount, parents: metalParents,
                                   try render(slab.structure, .slab, id))
            let area = length(cross(slab.structure.lattice.a, slab.structure.lattice.b))
            slabEntries.append(.init(layers: slab.layerCount, id: computed, areaA2: area, atoms: slab.structure.count))
        }
        let metal = MetalPlan(formula: metalName, miller: study.metal.miller.components, bulkID: bulkID, slabs: slabEntries)
        stages.append(PlanStage(name: study.metal.bulkLatticeA == nil ? "\(metalName) slabs (σ series) from the relaxed \(metalName)"
                                    : "\(metalName) slabs (σ series) from bulk_lattice_a = \(study.metal.bulkLatticeA!) Å (the relaxed \(metalName) is not used)",
                                calculations: calculations[slabStageStart...].map(\.id), waitingFor: []))

        // Interfaces.
        var interfaces: [InterfacePlan] = []
        for (i, x) in study.interlayers.enumerated() {
            let key = "interlayers[\(i)]"
            let parentID = interlayerBulks[i].id
            guard let xBulk = relaxed.cells[parentID] else {
                stages.append(PlanStage(name: "\(x.name) interface, film and substrate from the relaxed cells", calculations: [],
                                        waitingFor: [parentID]))
                continue
            }
            var parents = metalParents + [parentID]
            let fixed = x.fixedRegion ?? study.fixedRegion
            let strainLimit = study.matching.maxStrainPercent / 100
            var interfaceScan: ScanOutcome? = nil
            let xBuilder = SlabBuilder(bulk: xBulk, miller: x.miller)
            let xThickness = x.thickness
            // Matching and building depend only on the two cells and the study's settings: a
            // re-plan finds them in the cache unless a parent's relaxed cell is new.
            let matched: MatchedInterface = try cache.value(PlanCache.Key(kind: "interface", texts: [x.name, key], cells: [bulk, xBulk])) {
                do {
                    let matcher = try LatticeMatcher(
                        film: metalBuilder, substrate: xBuilder,
                        limits: MatchLimits(maxAreaA2: study.matching.maxAreaA2, maxLengthStrain: study.matching.maxStrainPercent / 100),
                        filmThickness: .layers(study.metal.layers), substrateThickness: xThickness)
                    let match: LatticeMatch
                    var matchWarnings: [String] = []
                    if let cells = x.supercells {
                        let evaluation = try matcher.evaluate(filmMatrix: cells.metal, substrateMatrix: cells.interlayer, plausibleStrain: strainLimit)
                        matchWarnings = evaluation.warnings.map { "\(x.name): \($0)" }
                        match = evaluation.match
                    } else {
                        // The lowest-strain cell within the area budget (Crystal's ranking), not the smallest.
                        guard let best = matcher.preferredMatch() else {
                            throw BuildError.noMatch(interlayer: x.name, maxAreaA2: study.matching.maxAreaA2,
                                                     maxStrainPercent: study.matching.maxStrainPercent)
                        }
                        match = best
                    }
                    // Refuse an oversized cell before building it (plan's cost stays bounded).
                    try checkAtoms(match.totalAtoms, key: x.supercells == nil ? "matching.max_area_a2" : "\(key).supercells",
                                   what: "the \(x.name) interface")
                    // The study's choices: termination, fixed atoms (the same in the interface and its
                    // references), the strain limit and its explicit allowance (docs/workflow.md).
                    let options = InterfaceOptions(filmThickness: .layers(study.metal.layers), substrateThickness: xThickness,
                                                   substrateTermination: x.termination, gapA: study.geometry.gapA,
                                                   vacuumA: study.geometry.vacuumA, substrateFixed: fixed.substrate, filmFixed: fixed.metal,
                                                   strainLimit: strainLimit, allowLargeStrain: x.allowLargeStrain)
                    let set = try InterfaceBuilder(film: metalBuilder, substrate: xBuilder, match: match, options: options).build()
                    // Builds the interface at another registry and separation (the scan); a scan point may
                    // come closer than the distance guard allows (nil: the guard's own fraction).
                    let build: MatchedInterface.Build = { shift, gapA, distanceFraction in
                        var moved = options
                        moved.shiftFractional = shift
                        moved.gapA = gapA
                        moved.minimumDistanceFraction = distanceFraction ?? options.minimumDistanceFraction
                        return try InterfaceBuilder(film: metalBuilder, substrate: xBuilder, match: match, options: moved).build()
                    }
                    return MatchedInterface(set: set, build: build, warnings: matchWarnings)
                } catch let error as BuildError {
                    throw error
                } catch let error as StudyError {
                    throw error
                } catch {
                    throw BuildError.geometry(interlayer: x.name, underlying: BuildError.text(error))
                }
            }
            warnings += matched.warnings
            var set = matched.set
            let build: MatchedInterface.Build? = matched.build
            if let scan = study.scan, let build {
                // The scan stage: static points on the grid; the interface waits for all of them.
                let grid = RegistryScan.grid(for: set, settings: scan)
                var ids: [[String]] = []
                do {
                    for (si, shift) in grid.shiftsFractional.enumerated() {
                        var row: [String] = []
                        for (di, d) in grid.separationsA.enumerated() {
                            let id = RegistryScan.pointID(x.name, shift: si, separation: di)
                            let inputs = try cache.value(PlanCache.Key(kind: "scan point", texts: [x.name, id], cells: [bulk, xBulk],
                                                                       numbers: [shift.x, shift.y, d])) {
                                let point = try build(shift, d, RegistryScan.minimumDistanceFraction)
                                do { return hashed(try writer.render(structure: point.interface, role: .interface, calculation: .static, name: id)) } catch {
                                    throw BuildError.inputs(calculation: id, underlying: BuildError.text(error))
                                }
                            }
                            row.append(try add(id, .scan, owner: x.name, parents: parents, inputs))
                        }
                        ids.append(row)
                    }
                } catch let error as BuildError { throw error } catch {
                    throw BuildError.geometry(interlayer: x.name, underlying: "scan: \(BuildError.text(error))")
                }
                stages.append(PlanStage(name: "\(x.name) scan: \(grid.shiftsFractional.count) registries × \(grid.separationsA.count) separations (static)",
                                        calculations: ids.flatMap { $0 }, waitingFor: []))
                let missing = ids.flatMap { $0 }.filter { relaxed.scanEnergiesEV[$0] == nil }
                guard missing.isEmpty else {
                    stages.append(PlanStage(name: "\(x.name) interface at the lowest registry, film and substrate", calculations: [],
                                            waitingFor: missing))
                    continue
                }
                let outcome = RegistryScan.outcome(interlayer: x.name, grid: grid,
                                                   energiesEV: ids.map { $0.map { relaxed.scanEnergiesEV[$0]! } })
                scans.append(outcome)
                interfaceScan = outcome
                let bestShift = grid.shiftsFractional[outcome.bestShift]
                set = try cache.value(PlanCache.Key(kind: "best registry", texts: [x.name], cells: [bulk, xBulk],
                                                    numbers: [bestShift.x, bestShift.y, outcome.bestSeparationA])) {
                    do { return try build(bestShift, outcome.bestSeparationA, nil) } catch {
                        throw BuildError.geometry(interlayer: x.name, underlying: "the best registry: \(BuildError.text(error))")
                    }
                }
                parents += ids.flatMap { $0 }
            }
            let interfaceStageStart = calculations.count
            warnings += set.warnings.map { "\(x.name): \($0)" }
            let sets: [HashedInputs] = try cache.value(PlanCache.Key(kind: "interface inputs", texts: [x.name],
                                                                     cells: [set.interface, set.film, set.substrate])) {
                do {
                    return try writer.renderInterfaceSet(
                        interface: set.interface, film: set.film, substrate: set.substrate,
                        names: ("\(x.name)-interface", "\(x.name)-film", "\(x.name)-substrate")).map(hashed)
                } catch let refusal as ConsistencyGuard.Refusal {
                    throw BuildError.inconsistent(interlayer: x.name, underlying: "\(refusal)")
                } catch {
                    throw BuildError.inputs(calculation: "\(x.name)-interface", underlying: BuildError.text(error))
                }
            }
            let ids = [try add("\(x.name)-interface", .interface, owner: x.name, parents: parents, sets[0]),
                       try add("\(x.name)-film", .film, owner: x.name, parents: parents, sets[1]),
                       try add("\(x.name)-substrate", .substrate, owner: x.name, parents: parents, sets[2])]
            stages.append(PlanStage(name: study.scan == nil ? "\(x.name) interface, film and substrate from the relaxed cells"
                                        : "\(x.name) interface at the lowest registry, film and substrate",
                                    calculations: calculations[interfaceStageStart...].map(\.id), waitingFor: []))
            interfaces.append(InterfacePlan(
                name: x.name, interfaceID: ids[0], filmID: ids[1], substrateID: ids[2],
                filmMiller: study.metal.miller.components, substrateMiller: x.miller.components,
                filmMatrix: set.match.filmMatrix.rows, substrateMatrix: set.match.substrateMatrix.rows,
                areaA2: set.areaA2, vonMisesStrain: set.match.vonMisesStrain, principalStrains: set.match.principalStrains,
                interfaceAtoms: set.interface.count, filmAtoms: set.film.count, substrateAtoms: set.substrate.count,
                filmLayers: set.filmLayers, substrateLayers: set.substrateLayers, explicitSupercells: x.supercells != nil,
                studyFilmMatrix: x.supercells?.metal.rows, studySubstrateMatrix: x.supercells?.interlayer.rows,
                construction: set.construction.withBulkLattices([lattices[0], lattices[i + 1]]),
                scan: interfaceScan))
        }
        let manifest = StudyManifest(study: study.name, inputProfile: study.inputProfile, metal: metal, interfaces: interfaces,
                                     calculations: entries, sharedWith: sharedWith)
        return StudyPlan(loaded: loaded, calculations: calculations, manifest: manifest, warnings: warnings,
                         stages: stages, lattices: lattices, scans: scans)
    }

    /// Every bulk's cell as read, standing in for its relaxed cell: plans every stage without
    /// running the bulk stage (for tests of the later stages).
    public func bulksAsRead() throws -> RelaxedBulks {
        var cells = ["\(try metalBulk().reducedFormula.formula)-bulk": try metalBulk()]
        for (i, x) in loaded.study.interlayers.enumerated() {
            cells["\(x.name)-bulk"] = try read(x.structure, key: "interlayers[\(i)].structure")
        }
        return RelaxedBulks(cells: cells)
    }

    /// The metal's bulk cell, scaled to `bulk_lattice_a` when given.
    public func metalBulk() throws -> Structure {
        var bulk = try read(loaded.study.metal.structure, key: "metal.structure")
        guard bulk.count > 0, bulk.lattice.volumeA3 > 0 else {
            throw loaded.error(at: "metal.structure", "the bulk cell is empty or has no volume")
        }
        if let a = loaded.study.metal.bulkLatticeA {
            let current = bulk.lattice.lengthsA.a
            let factor = a / current
            bulk.lattice = Lattice(matrix: Matrix3(rows: bulk.lattice.matrix.rows.map { $0 * factor }))
        }
        return bulk
    }

    func read(_ path: String, key: String) throws -> Structure {
        let url = loaded.resolve(path)
        let structure = try cache.structure(atPath: url.path) {
            do { return try StructureFile.read(path: url.path) } catch {
                throw BuildError.structure(key: key, path: url.path, underlying: BuildError.text(error))
            }
        }
        try checkAtoms(structure.count, key: key, what: "the bulk cell of \(url.lastPathComponent)")
        return structure
    }

    /// Refuses a cell above ``StudyLimits/atomsPerCell`` (before it is built, where possible).
    func checkAtoms(_ atoms: Int, key: String, what: String) throws(StudyError) {
        let limit = StudyLimits.atomsPerCell.upperBound
        if atoms > limit {
            throw loaded.error(at: key, "\(what) would hold \(atoms) atoms; at most \(limit) (docs/workflow.md, limits)")
        }
    }

    /// `001`, `1m10`: a Miller index for calculation ids.
    func hkl(_ m: MillerIndex) -> String { m.components.map { $0 < 0 ? "m\(-$0)" : "\($0)" }.joined() }
}

/// Rendered inputs with their identity (the hash that decides whether a calculation is new,
/// changed or shared), computed once.
struct HashedInputs {
    var inputs: InputSet
    /// The ASE-driven engine's input identity (engine.json + POSCAR), nil for VASP.
    var engineHash: String?
    /// The identity the study uses: `engineHash` or the VASP inputs' hash.
    var inputHash: String
}

/// An interlayer's matched and built interface, and how to build it at another registry.
struct MatchedInterface {
    typealias Build = (_ shiftFractional: Vector2, _ gapA: Double, _ distanceFraction: Double?) throws -> InterfaceSet
    var set: InterfaceSet
    var build: Build
    var warnings: [String]
}
