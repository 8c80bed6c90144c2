import Archive
import Crystal
import Foundation
import VASP
import Workflow

/// What one input did to a reader.
enum FuzzVerdict: Equatable {
    /// Refused with an error (the expected outcome for most damaged inputs).
    case rejected
    /// Accepted, and what came back satisfies every invariant.
    case accepted
    /// Accepted, but what came back breaks an invariant: wrong-but-accepted.
    case wrong(String)
}

/// Runs one input through a reader and judges the result. The oracles are independent of the
/// readers' own checks: a brute-force minimum distance, literal element symbols in the text,
/// finiteness of every number, write-then-read-back equality.
enum FuzzOracle {
    static func judge(_ reader: FuzzReader, _ input: [UInt8], scratch: URL) -> FuzzVerdict {
        switch reader {
        case .poscar: return poscar(String(decoding: input, as: UTF8.self))
        case .cif: return cif(String(decoding: input, as: UTF8.self))
        case .xyz: return xyz(String(decoding: input, as: UTF8.self))
        case .study: return study(String(decoding: input, as: UTF8.self), scratch: scratch)
        case .vasprun: return vasprun(input, scratch: scratch)
        case .archive: return archive(input, scratch: scratch)
        }
    }

    // MARK: - Structures

    static func poscar(_ text: String) -> FuzzVerdict {
        guard let s = try? POSCAR.parse(text, file: "fuzz.vasp") else { return .rejected }
        if let problem = structureProblem(s, text: text) { return .wrong(problem) }
        guard let again = try? POSCAR.parse(POSCAR.string(s), file: "rewritten.vasp") else {
            return .wrong("accepted, but its own POSCAR rewrite is refused")
        }
        let grouped = s.groupedBySpecies()
        guard again.elements == grouped.elements, again.fractionalPositions == grouped.fractionalPositions,
              again.lattice == grouped.lattice else { return .wrong("POSCAR rewrite reads back different") }
        return .accepted
    }

    static func cif(_ text: String) -> FuzzVerdict {
        guard let contents = try? CIF.parse(text, file: "fuzz.cif") else { return .rejected }
        let s = contents.structure
        guard contents.occupancies.count == s.count,
              contents.occupancies.allSatisfy({ $0 > 0 && $0 <= 1 }) else { return .wrong("occupancy outside (0, 1] accepted") }
        if let problem = structureProblem(s, text: text, checkDistances: contents.isOrdered) { return .wrong(problem) }
        guard let again = try? CIF.parse(CIF.string(s, occupancies: contents.occupancies), file: "rewritten.cif") else {
            return .wrong("accepted, but its own P1 rewrite is refused")
        }
        guard again.structure.elements == s.elements else { return .wrong("P1 rewrite reads back other elements") }
        for (p, q) in zip(again.structure.fractionalPositions, s.fractionalPositions)
        where s.lattice.minimumImageDistanceA(p, q) > 1e-6 {
            return .wrong("P1 rewrite moves an atom by \(s.lattice.minimumImageDistanceA(p, q)) Å")
        }
        return .accepted
    }

    static func xyz(_ text: String) -> FuzzVerdict {
        guard let s = try? ExtendedXYZ.parse(text, file: "fuzz.xyz") else { return .rejected }
        if let problem = structureProblem(s, text: text) { return .wrong(problem) }
        guard let again = try? ExtendedXYZ.parse(ExtendedXYZ.string(s), file: "rewritten.xyz") else {
            return .wrong("accepted, but its own extended XYZ rewrite is refused")
        }
        guard again.elements == s.elements, again.lattice == s.lattice else { return .wrong("XYZ rewrite reads back different") }
        for (p, q) in zip(again.cartesianPositionsA, s.cartesianPositionsA) where length(p - q) > 1e-9 * max(1, length(q)) {
            return .wrong("XYZ rewrite moves an atom by \(length(p - q)) Å")
        }
        return .accepted
    }

    /// Independent checks of an accepted structure.
    static func structureProblem(_ s: Structure, text: String, checkDistances: Bool = true) -> String? {
        guard s.count > 0 else { return "no atoms accepted" }
        guard s.count <= StructureLimits.maxAtoms else { return "\(s.count) atoms accepted" }
        let m = s.lattice.matrix.rows
        guard m.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else { return "non-finite lattice accepted" }
        guard s.volumeA3.isFinite, s.volumeA3 >= StructureLimits.minCellVolumeA3 else { return "cell volume \(s.volumeA3) accepted" }
        for site in s.sites {
            let f = site.fractional
            guard f.x.isFinite, f.y.isFinite, f.z.isFinite, s.lattice.cartesian(fromFractional: f).x.isFinite else {
                return "non-finite coordinate accepted"
            }
        }
        // Every element must be written in the text as a whole symbol (no "Cm" read as C).
        for element in s.speciesInOrder where !containsSymbol(text, element.symbol) {
            return "element \(element.symbol) accepted but not written as a whole symbol in the input"
        }
        if checkDistances, s.count <= 120 {
            // Brute force over the 27 neighbouring images, independent of the reader's grid.
            let wrapped = s.sites.map { s.lattice.cartesian(fromFractional: Structure.wrap($0.fractional)) }
            var shifts: [Vector3] = []
            for a in -1...1 { for b in -1...1 { for c in -1...1 {
                shifts.append(s.lattice.cartesian(fromFractional: Vector3(Double(a), Double(b), Double(c))))
            } } }
            let floor2 = (StructureLimits.minInteratomicDistanceA - 1e-9) * (StructureLimits.minInteratomicDistanceA - 1e-9)
            for i in 0..<s.count {
                for j in i..<s.count {
                    let d = wrapped[j] - wrapped[i]
                    for shift in shifts {
                        let v = d + shift
                        let r2 = (v * v).sum()
                        if r2 < floor2, i != j || r2 > 0 {
                            return "atoms \(i + 1) and \(j + 1) are \(r2.squareRoot()) Å apart and were accepted"
                        }
                    }
                }
            }
        }
        return nil
    }

    /// True when `symbol` appears in `text` not followed by a lowercase letter (so "C" in "Cm"
    /// does not count) and not preceded by a letter.
    static func containsSymbol(_ text: String, _ symbol: String) -> Bool {
        let chars = Array(text)
        let target = Array(symbol)
        let lowerTarget = Array(symbol.lowercased()), upperTarget = Array(symbol.uppercased())
        guard !target.isEmpty, chars.count >= target.count else { return false }
        for i in 0...(chars.count - target.count) {
            let window = Array(chars[i..<(i + target.count)])
            guard window == target || window == lowerTarget || window == upperTarget else { continue }
            if i > 0, chars[i - 1].isLetter { continue }
            let next = i + target.count
            if next < chars.count, chars[next].isLetter, chars[next].isLowercase || window != target { continue }
            return true
        }
        return false
    }

    // MARK: - study.yaml

    static func study(_ text: String, scratch: URL) -> FuzzVerdict {
        let file = scratch.appendingPathComponent("study.yaml")
        guard let loaded = try? StudyFile.parse(text, file: file) else { return .rejected }
        if let path = nonFiniteNumber(in: loaded.study, path: "study") { return .wrong("non-finite number accepted at \(path)") }
        return .accepted
    }

    /// The path of the first non-finite Double anywhere in `value` (walked with Mirror).
    static func nonFiniteNumber(in value: Any, path: String, depth: Int = 0) -> String? {
        if let d = value as? Double { return d.isFinite ? nil : path }
        guard depth < 12 else { return nil }
        for (k, child) in Mirror(reflecting: value).children.enumerated() {
            if let found = nonFiniteNumber(in: child.value, path: path + "." + (child.label ?? "[\(k)]"), depth: depth + 1) {
                return found
            }
        }
        return nil
    }

    // MARK: - vasprun.xml

    static func vasprun(_ input: [UInt8], scratch: URL) -> FuzzVerdict {
        let path = scratch.appendingPathComponent("fuzz-vasprun.xml").path
        guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { return .wrong("cannot write the input") }
        guard let run = try? Vasprun.parse(path: path, options: VasprunOptions(trajectory: true)) else { return .rejected }
        func finite(_ v: Double?) -> Bool { v.map(\.isFinite) ?? true }
        for (k, step) in (run.ionicSteps + [run.lastStep]).enumerated() {
            let e = step.energies
            guard finite(e.freeEnergyEV), finite(e.energyWithoutEntropyEV), finite(e.energySigma0EV), finite(e.rawSigma0AsWrittenEV),
                  finite(step.maxForceEVPerA), finite(step.efermiEV) else { return .wrong("non-finite energy accepted (step \(k + 1))") }
            guard step.forcesEVPerA.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
                return .wrong("non-finite force accepted (step \(k + 1))")
            }
            guard step.forcesEVPerA.isEmpty || step.forcesEVPerA.count == run.atomCount else {
                return .wrong("\(step.forcesEVPerA.count) forces for \(run.atomCount) atoms accepted")
            }
            if let stress = step.stressKBar, !stress.rows.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) {
                return .wrong("non-finite stress accepted")
            }
            if let s = step.structure, s.count != run.atomCount { return .wrong("structure with \(s.count) of \(run.atomCount) atoms") }
        }
        if let json = try? VasprunSummary(run).jsonText(), json.contains("\"NaN\"") || json.contains("Infinity\"") {
            return .wrong("summary prints NaN or Infinity")
        }
        let major = Int(run.generator.version.prefix { $0.isNumber }) ?? 0
        if major < 6, run.lastStep.scfStepCount == 0, run.energies.energySigma0EV != nil {
            return .wrong("VASP \(run.generator.version) raw e_0_energy used as sigma->0")
        }
        return .accepted
    }

    // MARK: - archive.h5

    static func archive(_ input: [UInt8], scratch: URL) -> FuzzVerdict {
        let path = scratch.appendingPathComponent("fuzz-archive.h5").path
        guard FileManager.default.createFile(atPath: path, contents: Data(input)) else { return .wrong("cannot write the input") }
        do {
            let reader = try ArchiveReader(path: path)
            for id in try reader.calculationIDs() {
                let c = try reader.calculation(id)
                let numbers = c.energies.freeEnergyEV + c.energies.energySigma0EV + c.energies.energyWithoutEntropyEV + c.forcesEVPerA.flatMap { $0 }
                guard numbers.allSatisfy(\.isFinite) else { return .wrong("non-finite number accepted in calculation \(id)") }
                guard c.forcesEVPerA.allSatisfy({ $0.count == 3 }) else { return .wrong("force rows of the wrong width accepted") }
                if let s = c.finalStructure, let problem = archivedStructureProblem(s) { return .wrong(problem) }
            }
            for interface in try reader.interfaces() {
                let a = interface.analysis
                guard a.workOfAdhesion.jPerM2.isFinite, a.contactAngle.degrees.isFinite, interface.strainPercent.isFinite else {
                    return .wrong("non-finite interface number accepted in \(interface.name)")
                }
            }
            return .accepted
        } catch {
            return .rejected
        }
    }

    static func archivedStructureProblem(_ s: Structure) -> String? {
        guard s.lattice.matrix.rows.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else { return "non-finite archived lattice" }
        guard s.sites.allSatisfy({ $0.fractional.x.isFinite && $0.fractional.y.isFinite && $0.fractional.z.isFinite }) else {
            return "non-finite archived coordinate"
        }
        return nil
    }
}
