import Crystal
import Foundation
import Testing
import TestSupport
@testable import Workflow

/// The study file: parsing, validation messages with line numbers, the shipped examples.
@Suite struct StudyFileTests {
    /// A folder with empty structure files so the paths in the YAML exist.
    func folder(with files: [String]) throws -> URL {
        let dir = try Fixtures.temporaryDirectory("adhere-study")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("structures"), withIntermediateDirectories: true)
        for f in files { FileManager.default.createFile(atPath: dir.appendingPathComponent(f).path, contents: Data()) }
        return dir
    }

    @Test func minimalExampleParsesToTheWrittenValues() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif", "structures/LiF.cif"])
        let loaded = try StudyFile.parse(try StudyExample.minimal.yaml(), file: dir.appendingPathComponent("study.yaml"))
        #expect(loaded.study.name == "minimal")
        #expect(loaded.study.metal.miller == MillerIndex(0, 0, 1))
        #expect(loaded.study.metal.bulkLatticeA == 3.44)
        #expect(loaded.study.interlayers.map(\.name) == ["LiF"])
        #expect(loaded.study.interlayers[0].thickness == .minimumA(4))
        #expect(loaded.study.geometry == Geometry(gapA: 2.0, vacuumA: 10.0))
        #expect(loaded.study.surfaceEnergy == SurfaceEnergySource(method: .fiorentiniMethfessel, layers: [5, 7]))
        #expect(loaded.resolve("structures/LiF.cif").path == dir.appendingPathComponent("structures/LiF.cif").standardizedFileURL.path)
    }

    @Test func paperExampleNamesTheFourInterlayersAndExplicitCells() throws {
        let dir = try folder(with: try StudyExample.paper.structureFiles().map { "structures/\($0)" })
        let study = try StudyFile.parse(try StudyExample.paper.yaml(), file: dir.appendingPathComponent("study.yaml")).study
        #expect(study.interlayers.map(\.name) == ["LLZO", "LiCF3SO3", "LiF", "Li2CO3"])
        #expect(study.interlayers.allSatisfy { $0.miller == MillerIndex(0, 0, 1) })
        // The paper's Li(001) 4×4 on LLZO(001) 1×1 (reference-structures/FACTS.md).
        #expect(study.interlayers[0].supercells == ExplicitSupercells(metal: .diagonal(4, 4), interlayer: .identity))
        // The triflate's 1×2 cell, kept as written (not reordered to 2×1).
        #expect(study.interlayers[1].supercells?.interlayer.rows == [[1, 0], [0, 2]])
    }

    /// The keys of issue #14: a named termination row, a study-wide fixed region replaced by an
    /// interlayer's own, the explicit allowance of an over-limit cell; and their defaults.
    @Test func terminationFixedRegionAndStrainAllowanceDecode() throws {
        var text = try StudyExample.minimal.yaml()
        let plain = try StudyFile.decode(text: text, fileName: "s.yaml")
        #expect(plain.interlayers[0].termination == .automatic && plain.fixedRegion == FixedRegionSpec())
        #expect(plain.interlayers[0].fixedRegion == nil && !plain.interlayers[0].allowLargeStrain)
        text = text.replacingOccurrences(of: "    min_thickness_a: 4\n", with: """
                min_thickness_a: 4
                termination: 2
                allow_large_strain: true
                fixed_region:
                  substrate_fraction: 0.5

            """)
        text = text.replacingOccurrences(of: "attempt_limit: 3", with: "attempt_limit: 3\nfixed_region:\n  substrate_a: 4.5\n  metal_fraction: 0.25")
        let study = try StudyFile.decode(text: text, fileName: "s.yaml")
        #expect(study.fixedRegion == FixedRegionSpec(substrate: .bottomA(4.5), metal: .topFraction(0.25)))
        #expect(study.interlayers[0].fixedRegion == FixedRegionSpec(substrate: .bottomFraction(0.5), metal: .none))
        #expect(study.interlayers[0].termination == .row(2))
        #expect(study.interlayers[0].allowLargeStrain)
        // gap_a left out: the species-aware start.
        let noGap = try StudyFile.decode(text: try StudyExample.minimal.yaml().replacingOccurrences(of: "  gap_a: 2.0\n", with: ""), fileName: "s.yaml")
        #expect(noGap.geometry.gapA == nil)
    }

    @Test func everyShippedExampleIsAFileThatDecodes() throws {
        for example in StudyExample.allCases {
            #expect(example.url.path.hasSuffix("templates/examples/\(example.rawValue)/study.yaml"))
            let study = try StudyFile.decode(text: try example.yaml(), fileName: example.url.path)
            #expect(study.name == example.rawValue)
            #expect(try example.structureFiles().contains("Li-bcc.cif"))
        }
    }

    @Test func wrongTypeNamesFileLineAndKey() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif", "structures/LiF.cif"])
        let yaml = try StudyExample.minimal.yaml().replacingOccurrences(of: "  layers: 3\n", with: "  layers: three\n")
        let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("layers: three") }! + 1
        let error = #expect(throws: StudyError.self) {
            try StudyFile.parse(yaml, file: dir.appendingPathComponent("study.yaml"))
        }
        #expect(error?.line == line)
        #expect(error?.key == "metal.layers")
        #expect(error?.description.hasPrefix("\(dir.path)/study.yaml:\(line): metal.layers:") == true)
    }

    @Test func missingStructureFileIsReportedWithItsKey() throws {
        let dir = try folder(with: ["structures/Li-bcc.cif"])
        let error = #expect(throws: StudyError.self) {
            try StudyFile.parse(try StudyExample.minimal.yaml(), file: dir.appendingPathComponent("study.yaml"))
        }
        #expect(error?.key == "interlayers[0].structure")
        #expect(error?.problem.contains("LiF.cif") == true)
        #expect(error?.line != nil)
    }

    @Test func initAgainWithTheSameExampleIsAllowedButNotOverAnotherStudy() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-init")
        _ = try StudyExample.minimal.write(to: dir)
        _ = try StudyExample.minimal.write(to: dir)  // the README command can be run twice
        let file = dir.appendingPathComponent("study.yaml")
        try (try StudyExample.minimal.yaml() + "# edited\n").write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: StudyError.self) { try StudyExample.minimal.write(to: dir) }
        #expect(error?.problem.contains("--force") == true)
        _ = try StudyExample.minimal.write(to: dir, force: true)
        #expect(try String(contentsOf: file, encoding: .utf8) == StudyExample.minimal.yaml())
    }
}

/// Hostile study files (issue 13): each is refused at decode time, before any work, with the
/// file, the line of the offending value and the key; every expected line is counted by hand
/// in the edited text (`lineOf`), not taken from Adhere.
@Suite struct HostileStudyFileTests {
    /// The minimal example with `old` replaced by `new` (which must occur).
    static func edited(_ old: String, _ new: String) throws -> String {
        let yaml = try StudyExample.minimal.yaml()
        #expect(yaml.contains(old), "the example changed: '\(old)' not found")
        return yaml.replacingOccurrences(of: old, with: new)
    }

    /// 1-based line of the first line containing `marker`.
    static func lineOf(_ marker: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(marker) }.map { $0 + 1 }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var old: String, new: String, marker: String, key: String, expected: String
        var testDescription: String { "\(key) ← \(new.trimmingCharacters(in: .whitespacesAndNewlines))" }
    }

    static let cases: [Case] = [
        Case(old: "  bulk_lattice_a: 3.44", new: "  bulk_lattice_A: 3.44", marker: "bulk_lattice_A", key: "metal.bulk_lattice_A",
             expected: "unknown key; did you mean bulk_lattice_a?"),
        Case(old: "  bulk_lattice_a: 3.44", new: "  bulk_lattice_a: .inf", marker: "bulk_lattice_a", key: "metal.bulk_lattice_a",
             expected: "expected a finite number (a lattice constant in Å in 1…20), found '.inf'"),
        Case(old: "  bulk_lattice_a: 3.44", new: "  bulk_lattice_a: .nan", marker: "bulk_lattice_a", key: "metal.bulk_lattice_a",
             expected: "expected a finite number (a lattice constant in Å in 1…20), found '.nan'"),
        Case(old: "  vacuum_a: 10.0", new: "  vacuum_a: 1e12", marker: "vacuum_a", key: "geometry.vacuum_a",
             expected: "expected a thickness in Å in 5…100, found '1e12'"),
        Case(old: "  gap_a: 2.0", new: "  gap_a: -.inf", marker: "gap_a", key: "geometry.gap_a",
             expected: "expected a finite number (a distance in Å in 0.5…10), found '-.inf'"),
        Case(old: "  layers: 3\n", new: "  layers: 100000\n", marker: "layers: 100000", key: "metal.layers",
             expected: "expected a whole number of atomic planes in 1…50, found 100000"),
        Case(old: "  max_area_a2: 80", new: "  max_area_a2: 1e9", marker: "max_area_a2", key: "matching.max_area_a2",
             expected: "expected an area in Å² in 1…500, found '1e9'"),
        Case(old: "  max_strain_percent: 5", new: "  max_strain_percent: 1e300", marker: "max_strain_percent",
             key: "matching.max_strain_percent", expected: "expected a strain in % in 0.01…20, found '1e300'"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    supercells:\n      metal: [[4294967296, 0], [0, 4294967296]]\n      interlayer: [[1, 0], [0, 1]]\n",
             marker: "4294967296", key: "interlayers[0].supercells.metal",
             expected: "entries must lie in -20…20, found [4294967296, 0, 0, 4294967296]"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    supercells:\n      metal: [[1000, 0], [0, 1000]]\n      interlayer: [[1, 0], [0, 1]]\n",
             marker: "[[1000", key: "interlayers[0].supercells.metal", expected: "entries must lie in -20…20, found [1000, 0, 0, 1000]"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    supercells:\n      metal: [[20, -20], [20, 20]]\n      interlayer: [[1, 0], [0, 1]]\n",
             marker: "[[20", key: "interlayers[0].supercells.metal", expected: "the matrix [[20, -20], [20, 20]] holds 800 surface cells; at most 400"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    supercells:\n      metal: [[1, 2], [2, 4]]\n      interlayer: [[1, 0], [0, 1]]\n",
             marker: "[[1, 2]", key: "interlayers[0].supercells.metal", expected: "the matrix [[1, 2], [2, 4]] is singular (determinant 0)"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 1e999\n", marker: "min_thickness_a", key: "interlayers[0].min_thickness_a",
             expected: "expected a finite number (a thickness in Å in 1…100), found '1e999'"),
        Case(old: "  miller: [0, 0, 1]\n  layers: 3", new: "  miller: [0, 0, 0]\n  layers: 3", marker: "[0, 0, 0]", key: "metal.miller",
             expected: "expected a Miller index of three whole numbers, not all zero, e.g. [0, 0, 1], found [0, 0, 0]"),
        Case(old: "  layers: [5, 7]", new: "  layers: [5, 5]", marker: "[5, 5]", key: "surface_energy.layers",
             expected: "expected different slab thicknesses (atomic planes), found [5, 5]"),
        // The σ series starts at 5 planes (SurfaceEnergySeries.minimumLayers).
        Case(old: "  layers: [5, 7]", new: "  layers: [3, 5]", marker: "[3, 5]", key: "surface_energy.layers",
             expected: "expected slabs of at least 5 atomic planes (thinner Li slabs carry quantum-size oscillations that bias the fit), found [3, 5]: e.g. [5, 7, 9]"),
        // The study keys of terminations, fixed regions and the strain allowance.
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    termination: best\n", marker: "termination: best",
             key: "interlayers[0].termination",
             expected: "expected automatic or a row number of `adhere slab --terminations` (0…999), found 'best'"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    termination: -1\n", marker: "termination: -1",
             key: "interlayers[0].termination", expected: "expected a whole number of a termination row in 0…999, found -1"),
        Case(old: "    min_thickness_a: 4\n", new: "    min_thickness_a: 4\n    allow_large_strain: yes\n", marker: "allow_large_strain",
             key: "interlayers[0].allow_large_strain", expected: "expected true or false, found 'yes'"),
        Case(old: "attempt_limit: 3", new: "attempt_limit: 3\nfixed_region:\n  substrate_a: 3\n  substrate_fraction: 0.4", marker: "substrate_a: 3",
             key: "fixed_region", expected: "give substrate_a or substrate_fraction, not both"),
        Case(old: "attempt_limit: 3", new: "attempt_limit: 3\nfixed_region:\n  metal_fraction: 1.5", marker: "metal_fraction: 1.5",
             key: "fixed_region.metal_fraction", expected: "expected a fraction of the slab's thickness in 0…0.9, found '1.5'"),
        Case(old: "attempt_limit: 3", new: "attempt_limit: 3\nfixed_region:\n  substrate_A: 3", marker: "substrate_A",
             key: "fixed_region.substrate_A", expected: "unknown key; did you mean substrate_a?"),
        Case(old: "  method: fiorentini-methfessel", new: "  method: guess", marker: "method: guess", key: "surface_energy.method",
             expected: "expected one of fiorentini-methfessel, found 'guess'"),
        Case(old: "attempt_limit: 3", new: "attempt_limit: 4294967296", marker: "attempt_limit", key: "attempt_limit",
             expected: "expected a whole number of attempts in 1…20, found 4294967296"),
        Case(old: "name: minimal", new: "name: ../../etc", marker: "name: ../", key: "name",
             expected: "expected letters, digits, '-' or '_' (1–40 characters), found '../../etc'"),
        Case(old: "  - name: LiF\n", new: "  - name: LiF\n    colour: red\n", marker: "colour", key: "interlayers[0].colour",
             expected: "unknown key; expected one of name, structure, miller, layers, min_thickness_a, supercells, termination, fixed_region, allow_large_strain"),
    ]

    @Test(arguments: cases)
    func refusedWithFileLineAndKey(_ c: Case) throws {
        let text = try Self.edited(c.old, c.new)
        let error = #expect(throws: StudyError.self) { try StudyFile.decode(text: text, fileName: "study.yaml") }
        let line = try #require(Self.lineOf(c.marker, in: text))
        #expect(error?.description == "study.yaml:\(line): \(c.key): \(c.expected)")
    }

    @Test func missingKeyNamesTheMappingLine() throws {
        let text = try Self.edited("cluster_profile: local\n", "")
        let error = #expect(throws: StudyError.self) { try StudyFile.decode(text: text, fileName: "study.yaml") }
        #expect(error?.description == "study.yaml:5: cluster_profile: missing key")  // the top mapping starts on line 5
        #expect(Self.lineOf("name: minimal", in: text) == 5)
    }

    @Test func aMissingClusterProfileIsAnErrorAtItsLine() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-hostile")
        _ = try StudyExample.minimal.write(to: dir)
        let text = try Self.edited("cluster_profile: local", "cluster_profile: nowhere")
        try text.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let loaded = try StudyFile.read(dir.path)
        let error = #expect(throws: StudyError.self) { _ = try PlanPreview.check(loaded) }
        #expect(error?.line == Self.lineOf("cluster_profile", in: text))
        #expect(error?.problem.hasPrefix("no cluster profile 'nowhere'") == true)
    }

    @Test func anInterfaceAboveTheAtomLimitIsRefusedBeforeItIsBuilt() throws {
        // Li(001) 20×20 (400 cells, the cell limit) × 3 planes of one atom = 1200 film atoms; LiF(001)
        // 10×20 conventional faces = 200 × 4 atoms per plane × ≥ 2 planes ≥ 1600 atoms: above 2000 together.
        let dir = try Fixtures.temporaryDirectory("adhere-hostile")
        _ = try StudyExample.minimal.write(to: dir)
        let text = try Self.edited("    min_thickness_a: 4\n",
                                   "    min_thickness_a: 4\n    supercells:\n      metal: [[20, 0], [0, 20]]\n      interlayer: [[10, 0], [0, 20]]\n")
        try text.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let error = #expect(throws: StudyError.self) { _ = try StudyPlanner(try StudyFile.read(dir.path)).plan() }
        #expect(error?.key == "interlayers[0].supercells")
        #expect(error?.line == Self.lineOf("supercells:", in: text))
        #expect(error?.problem.contains("at most 2000") == true, "\(String(describing: error))")
    }
}

/// Seeded mutations of the minimal example: every text is either refused with a typed error or
/// decodes to a study whose every number lies in its documented range (docs/workflow.md).
@Suite struct StudyFileMutationTests {
    static let replacements = ["1e12", ".inf", "-.nan", "4294967296", "-1", "0", "[[1000, 0], [0, 1000]]", "[0, 0, 0]", "~",
                               "{}", "[]", "\"x\"", "9223372036854775807", "1e-320", "100000", "*a", "&a 1", "!!binary AA=="]

    @Test func acceptedStudiesStayWithinTheDocumentedRanges() throws {
        let original = try StudyExample.minimal.yaml()
        var rng = SplitMix64(seed: 13)
        var accepted = 0, refused = 0
        for _ in 0..<600 {
            var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let i = Int.random(in: 0..<lines.count, using: &rng)
            if let colon = lines[i].firstIndex(of: ":"), Bool.random(using: &rng) {
                lines[i] = String(lines[i][...colon]) + " " + Self.replacements.randomElement(using: &rng)!
            } else if !lines[i].isEmpty {
                var chars = Array(lines[i])
                chars[Int.random(in: 0..<chars.count, using: &rng)] = Character(UnicodeScalar(UInt8.random(in: 32...126, using: &rng)))
                lines[i] = String(chars)
            }
            do {
                let s = try StudyFile.decode(text: lines.joined(separator: "\n"), fileName: "study.yaml")
                accepted += 1
                #expect(StudyLimits.layers.contains(s.metal.layers))
                #expect(s.metal.bulkLatticeA.map { StudyLimits.bulkLatticeA.contains($0) } ?? true)
                #expect(StudyLimits.maxAreaA2.contains(s.matching.maxAreaA2) && StudyLimits.maxStrainPercent.contains(s.matching.maxStrainPercent))
                #expect((s.geometry.gapA.map(StudyLimits.gapA.contains) ?? true) && StudyLimits.vacuumA.contains(s.geometry.vacuumA))
                #expect(StudyLimits.attemptLimit.contains(s.attemptLimit))
                #expect(s.surfaceEnergy.layers.allSatisfy(StudyLimits.layers.contains))
                for x in s.interlayers {
                    switch x.thickness {
                    case .layers(let n): #expect(StudyLimits.layers.contains(n))
                    case .minimumA(let t): #expect(StudyLimits.slabThicknessA.contains(t))
                    }
                }
            } catch {
                refused += 1
                #expect(error.line == nil || error.line! >= 1)
            }
        }
        #expect(accepted + refused == 600)
        #expect(refused > 100, "the mutations should mostly break the file (refused \(refused))")
    }
}

/// The cost model of `adhere plan` (docs/workflow.md): C · N³ · N_k · N_steps, C = 4e-7.
@Suite struct CostModelTests {
    @Test func costModelIsCubicInAtoms() {
        let m = CostModel.standard
        #expect(abs(m.coreHours(atoms: 100, kpoints: 4, ionicSteps: 1) - 1.6) < 1e-12)
        #expect(abs(m.coreHours(atoms: 200, kpoints: 4, ionicSteps: 1) / m.coreHours(atoms: 100, kpoints: 4, ionicSteps: 1) - 8) < 1e-12)
    }
}
