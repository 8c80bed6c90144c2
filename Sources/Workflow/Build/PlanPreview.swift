import Archive
import Crystal
import Foundation
import Slurm
import VASP

/// `adhere plan`: every input checked and the cost previewed, before any allocation is spent.
///
/// Checks, per calculation: the rendered INCAR parses with known tags and right value types
/// (unknown tags are refused with a suggestion), `Incar.validate(for:)` (MAGMOM and other
/// per-atom lengths against the structure), the KPOINTS mesh (1 along a slab's vacuum axis),
/// POTCAR ENMAX against ENCUT when a PAW library is configured, and the consistency guard for
/// every interface's three calculations (done while planning).
public struct PlanPreview: Sendable {
    /// One line of the preview.
    public struct Row: Sendable, Equatable {
        public var id: String
        public var role: CalculationRole
        public var atoms: Int
        public var kpoints: [Int]
        public var ionicSteps: Int
        public var coreHours: Double
        /// Other calculations that share this one's folder.
        public var sharedBy: [String]
    }

    /// The plan's stages and bulk lattices.
    public var stages: [PlanStage]
    public var lattices: [BulkLattice]
    /// Finished scans.
    public var scans: [ScanOutcome]
    /// Rows, one per job.
    public var rows: [Row]
    /// Problems that stop a build (one line each).
    public var errors: [String]
    /// Things to know.
    public var warnings: [String]
    /// The cost model used.
    public var model: CostModel

    /// Number of jobs.
    public var jobs: Int { rows.count }
    /// Total core-hours of the estimate.
    public var totalCoreHours: Double { rows.reduce(0) { $0 + $1.coreHours } }

    /// `adhere plan`: the cluster profile is found and read (a missing one is an error at the
    /// study's `cluster_profile` line), then the study is planned in memory (limits checked
    /// before each cell is built) and every input checked and costed. Nothing is written.
    public static func check(_ loaded: LoadedStudy, clusterChoice: String? = nil) throws
        -> (plan: StudyPlan, preview: PlanPreview, cluster: ClusterProfile)
    {
        let cluster = try loaded.clusterProfile(choice: clusterChoice)
        let plan = try StudyPlanner(loaded).plan(relaxed: try RelaxedBulks.load(studyDirectory: loaded.directory))
        return (plan, PlanPreview(plan: plan), cluster)
    }

    /// Checks and costs a plan.
    public init(plan: StudyPlan, model: CostModel = .standard) {
        self.model = model
        var errors: [String] = []
        var warnings = plan.warnings
        var potcar: PotcarLibrary? = nil
        if case .library(let lib) = StudyBuilder.potcarSource(for: plan.loaded) { potcar = lib }
        if potcar == nil {
            warnings.append("no PAW library (study potcar_dir or VASP_PP_PATH): POTCAR.spec files are written and ENMAX is not checked; fine for vasp-standin, not for VASP")
        }
        let profile = try? StudyPlanner(plan.loaded).profile()
        for calc in plan.calculations {
            let set = calc.inputs
            do {
                let incar = try Incar.parse(set.incarText, file: "\(calc.id)/INCAR")
                try incar.validate(for: set.structure, file: "\(calc.id)/INCAR")
                try set.kpoints.check(vacuumAxis: set.geometry?.vacuumAxis, file: "\(calc.id)/KPOINTS")
            } catch {
                errors.append("\(calc.id): \(BuildError.text(error))")
            }
            if let potcar, let profile {
                do {
                    var lib = potcar
                    lib.functionalDirectory = profile.potcarFunctionalDirectory
                    let assembled = try AssembledPotcar.assemble(species: set.structure.speciesInOrder,
                                                                 variants: profile.potcarVariants, library: lib)
                    if let encut = set.incar["ENCUT"]?.doubleValue, encut < 1.3 * assembled.maxEnmaxEV {
                        warnings.append("\(calc.id): ENCUT = \(encut) eV is below 1.3 × max(ENMAX) = \(String(format: "%.1f", 1.3 * assembled.maxEnmaxEV)) eV")
                    }
                } catch {
                    errors.append("\(calc.id): POTCAR: \(BuildError.text(error))")
                }
            }
        }
        let sharers = Dictionary(grouping: plan.manifest.sharedWith, by: \.value).mapValues { $0.map(\.key).sorted() }
        rows = plan.calculations.map { c in
            Row(id: c.id, role: c.role, atoms: c.atoms, kpoints: c.inputs.kpoints.divisions, ionicSteps: c.ionicSteps,
                coreHours: model.coreHours(atoms: c.atoms, kpoints: c.kpointCount, ionicSteps: c.ionicSteps),
                sharedBy: sharers[c.id] ?? [])
        }
        self.errors = errors
        self.warnings = warnings
        stages = plan.stages
        lattices = plan.lattices
        scans = plan.scans
    }

    /// The stages in order (what each is made from, or what it waits for) and the bulk lattices.
    public var stagesText: String {
        var out = "stages:\n"
        for (n, stage) in stages.enumerated() {
            out += "  \(n + 1). \(stage.name): "
            out += stage.waitingFor.isEmpty ? stage.calculations.joined(separator: ", ")
                : "built when \(stage.waitingFor.joined(separator: " and ")) \(stage.waitingFor.count > 1 ? "are" : "is") parsed"
            out += "\n"
        }
        for scan in scans { out += "  scan \(scan.interlayer): \(ScanFiles.summary(scan))\n" }
        if !lattices.isEmpty { out += "bulk lattices (a, b, c in Å; α, β, γ in °):\n" }
        for l in lattices {
            out += "  \(l.id): input \(Self.cell(l.input))"
            if let relaxed = l.relaxed {
                let change = (relaxed.volumeA3 / l.input.volumeA3 - 1) * 100
                out += " → relaxed \(Self.cell(relaxed))" + String(format: " (volume %+.2f %%)", change)
            } else {
                out += " → relaxed: not yet"
            }
            if !l.usedForSlabs { out += "; bulk_lattice_a overrides it for the slabs" }
            out += "\n"
        }
        return out
    }

    static func cell(_ l: Lattice) -> String {
        let (a, b, c) = (l.lengthsA.a, l.lengthsA.b, l.lengthsA.c)
        let angles = l.anglesDeg
        return String(format: "%.4f %.4f %.4f / %.2f %.2f %.2f", a, b, c, angles.alpha, angles.beta, angles.gamma)
    }

    /// The preview as text (a table and totals).
    public func text(interfaces: [InterfacePlan]) -> String {
        var out = "jobs: \(jobs)\n"
        out += "id".padding(toLength: 26, withPad: " ", startingAt: 0) + "role       atoms  k-mesh    NSW   core-h (model)\n"
        for r in rows {
            out += r.id.padding(toLength: 26, withPad: " ", startingAt: 0)
            out += r.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            out += String(format: "%6d  ", r.atoms) + r.kpoints.map(String.init).joined(separator: "×").padding(toLength: 8, withPad: " ", startingAt: 0)
            out += String(format: "%5d  %10.1f", r.ionicSteps, r.coreHours)
            if !r.sharedBy.isEmpty { out += "   (also \(r.sharedBy.joined(separator: ", ")))" }
            out += "\n"
        }
        out += String(format: "total: %.0f core-hours for real VASP (upper bound: every relaxation runs all NSW steps)\n", totalCoreHours)
        out += String(format: "model: core-hours = %.1e × atoms³ × k-points × ionic steps (docs/workflow.md)\n", model.coreHoursPerUnit)
        if !interfaces.isEmpty {
            out += "interfaces:\n"
            for i in interfaces {
                // The study's own matrices as written (conventional surface cells); the matcher's
                // cells in primitive surface cells.
                let film = i.studyFilmMatrix ?? i.filmMatrix, substrate = i.studySubstrateMatrix ?? i.substrateMatrix
                out += "  \(i.name): film \(film) / substrate \(substrate), "
                out += String(format: "%.1f Å², von Mises strain %.2f %%, %d atoms (%@)\n", i.areaA2, i.vonMisesStrain * 100,
                              i.interfaceAtoms, i.studyFilmMatrix != nil ? "cells from the study" : "lattice matcher")
                if let c = i.construction {
                    let t = c.substrateTermination
                    let dipole: Double = abs(t.dipolePerAreaEPerA ?? 0) < 5e-5 ? 0 : t.dipolePerAreaEPerA ?? 0  // no "−0.0000"
                    let strains = c.principalStrains.map { String(format: "%+.2f %%", $0 * 100) }.joined(separator: ", ")
                    out += "    termination row \(t.row) (\(c.substrateSelection)): \(t.formula), "
                        + (t.isStoichiometric ? "stoichiometric" : "non-stoichiometric")
                        + String(format: ", charge %+.2f e, dipole %+.4f e·Å/Å², ", t.netChargeE ?? 0, dipole)
                        + (t.isSymmetric ? "symmetric" : "asymmetric") + "; principal strains \(strains)\n"
                    out += String(format: "    fixed atoms: substrate %d (%@), film %d (%@); starting separation %.3f Å (%@)\n",
                                  c.substrateFixedAtoms, c.substrateFixedRegion, c.filmFixedAtoms, c.filmFixedRegion,
                                  c.startingSeparationA, c.separationSource)
                }
            }
        }
        out += stagesText
        for w in warnings { out += "warning: \(w)\n" }
        for e in errors { out += "error: \(e)\n" }
        return out
    }
}
