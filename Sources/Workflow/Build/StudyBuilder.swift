import Engines
import Foundation
import VASP

/// Writes a plan to disk (`adhere build`): one folder per unique calculation under
/// `STUDY/calculations/`, the manifest, and a `built` row per calculation in the state store.
///
/// Running it again is safe: a calculation whose inputs are unchanged is left alone (its
/// folder may hold outputs, or recovery's edits); one whose inputs changed is rewritten and
/// re-armed, unless it is queued or running (then the build stops with an error).
public struct StudyBuilder: Sendable {
    /// What a build did to each calculation.
    public struct Report: Sendable {
        /// Newly written.
        public var written: [String] = []
        /// Rewritten because their inputs changed.
        public var rewritten: [String] = []
        /// Unchanged (left alone).
        public var unchanged: [String] = []
        /// Identical to another calculation: id → the id that is computed.
        public var shared: [String: String] = [:]
        /// Warnings from planning and writing.
        public var warnings: [String] = []
    }

    /// The plan to write.
    public var plan: StudyPlan

    /// Creates a builder.
    public init(plan: StudyPlan) { self.plan = plan }

    /// Where POTCARs come from: the study's `potcar_dir` or `VASP_PP_PATH` when one is set,
    /// else a POTCAR.spec.
    public static func potcarSource(for loaded: LoadedStudy) -> PotcarSource {
        let dir = loaded.study.potcarDirectory.map { loaded.resolve($0).path }
        let library = PotcarLibrary.standard(potcarDirectory: nil, studyPotcarDirectory: dir)
        return library.roots.isEmpty ? .specOnly : .library(library)
    }

    /// `adhere build`: plans the study as far as its parsed bulks allow and writes it into its
    /// folder and state store (a later stage is written by a later build or by `adhere run`).
    public static func build(_ loaded: LoadedStudy) throws -> (plan: StudyPlan, report: Report) {
        let store = try StateStore.open(studyDirectory: loaded.directory)
        let plan = try StudyPlanner(loaded).plan(relaxed: try RelaxedBulks.load(store: store, studyDirectory: loaded.directory))
        return (plan, try StudyBuilder(plan: plan).write(store: store))
    }

    /// Writes folders, registers every calculation, writes the manifest.
    public func write(store: StateStore) throws -> Report {
        var report = Report()
        report.shared = plan.manifest.sharedWith
        report.warnings = plan.warnings
        let dir = plan.loaded.directory
        let planner = StudyPlanner(plan.loaded)
        let writer = InputSetWriter(profile: try planner.profile(), templateSearchPaths: planner.localSearchPaths)
        let potcar = StudyBuilder.potcarSource(for: plan.loaded)
        let engine = try planner.engineProfile()
        // One query for every record (a re-build after a new stage compares thousands of them).
        var stored: [String: CalculationRecord] = [:]
        for record in try store.calculations() { stored[record.id] = record }
        for calc in plan.calculations {
            let existing = stored[calc.id]
            if let existing, existing.inputHash == calc.inputHash {
                report.unchanged.append(calc.id)
                continue
            }
            if let existing, existing.state.isLive {
                throw BuildError.changedWhileLive(id: calc.id, state: existing.state.rawValue)
            }
            let folder = dir.appendingPathComponent(calc.folder)
            if engine.engine.isASEDriven {
                // engine.json, POSCAR and the runner script (docs/engines.md) instead of VASP's inputs.
                do {
                    try StudyEngine.input(for: calc.inputs, profile: engine)
                        .write(structure: calc.inputs.structure, to: folder, comment: calc.id)
                } catch { throw BuildError.inputs(calculation: calc.id, underlying: BuildError.text(error)) }
            } else {
                let written: WrittenInputSet
                do { written = try writer.write(calc.inputs, to: folder, potcar: potcar) } catch {
                    throw BuildError.inputs(calculation: calc.id, underlying: BuildError.text(error))
                }
                report.warnings += written.warnings.filter { !report.warnings.contains($0) }
            }
            _ = try store.register(calculation: CalculationSpec(
                id: calc.id, role: calc.role.rawValue, interface: calc.owner, folder: calc.folder, inputHash: calc.inputHash))
            try store.setParents(of: calc.id, calc.parents)
            if existing == nil { report.written.append(calc.id) } else { report.rewritten.append(calc.id) }
        }
        try plan.manifest.write(studyDirectory: dir)
        return report
    }
}
