import Foundation

/// Refuses an interface whose three calculations (interface, film, substrate) were set up or
/// run differently: W_ad is a difference of total energies, meaningful only when all three
/// share engine and model, cutoff, functional, dispersion, smearing, k-mesh, cell and POTCARs.
/// For Li|Li2CO3, W_ad·S is about 1 eV in all; 1 meV/atom of inconsistency in a 300-atom cell
/// is a quarter of it.
///
/// One guard, two tag sets: ``build`` checks what the inputs fix before anything is written;
/// ``collect`` checks what the engine reported having run, before W_ad is computed.
public struct ConsistencyGuard: Sendable {
    /// A setting the guard can compare.
    public enum Setting: String, Sendable, CaseIterable {
        case engine, model, encut, gga, metagga, ivdw, prec, ismear, sigma, vacuumAxis, kMeshInPlane
        case inPlaneLattice, cLength, ldipol, idipol, dipol, potcars
    }

    /// The settings compared, in the order differences are listed.
    public var settings: [Setting]
    /// Tolerance for lengths in Å (lattice vectors, c).
    public var lengthToleranceA: Double = 1e-4
    /// Tolerance for ENCUT in eV.
    public var encutToleranceEV: Double = 1e-6
    /// Tolerance for SIGMA in eV.
    public var sigmaToleranceEV: Double = 1e-8
    /// Tolerance for the fractional DIPOL centre.
    public var dipolTolerance: Double = 1e-4

    /// A guard comparing `settings`.
    public init(settings: [Setting]) { self.settings = settings }

    /// At build: what the input sets fix (the references' vacuum height may differ).
    public static let build = ConsistencyGuard(settings: [
        .engine, .model, .encut, .gga, .metagga, .ivdw, .prec, .vacuumAxis, .kMeshInPlane, .inPlaneLattice,
    ])

    /// At collect: what the runs report (the dipole correction, smearing, c and POTCARs too).
    public static let collect = ConsistencyGuard(settings: [
        .engine, .model, .encut, .gga, .metagga, .ivdw, .ismear, .sigma, .kMeshInPlane, .inPlaneLattice, .cLength,
        .ldipol, .idipol, .dipol, .potcars,
    ])

    /// A setting that differs, with each calculation's value.
    public struct Difference: Sendable, Equatable, Codable, CustomStringConvertible {
        /// What differs ("ENCUT", "in-plane k-mesh", "POTCAR Li", ...).
        public var setting: String
        /// "label value" for each calculation compared, in order.
        public var values: [String]

        public var description: String { "\(setting): " + values.joined(separator: ", ") }
    }

    /// The check failed: every difference found.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var differences: [Difference]

        public var description: String {
            "the interface and its references were computed differently, so W_ad would compare unlike energies; differences:\n"
                + differences.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// Every difference among `members` (empty when consistent).
    public func differences(_ members: [CalculationSettings]) -> [Difference] {
        guard members.count > 1 else { return [] }
        var out: [Difference] = []
        func compare<T>(_ name: String, _ value: (CalculationSettings) -> T?, text: (T) -> String, same: (T, T) -> Bool) {
            let values = members.map(value)
            var differs = false
            for v in values.dropFirst() {
                switch (values[0], v) {
                case (nil, nil): continue
                case let (a?, b?): if !same(a, b) { differs = true }
                default: differs = true
                }
            }
            if differs {
                out.append(Difference(setting: name, values: zip(members, values).map { "\($0.label) \($1.map(text) ?? "(unset)")" }))
            }
        }
        let lt = lengthToleranceA
        func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
        let axes = members[0].inPlaneAxes
        for setting in settings {
            switch setting {
            case .engine: compare("engine", \.engine, text: { $0 }, same: ==)
            case .model: compare("model", \.modelID, text: { $0 }, same: ==)
            case .encut: compare("ENCUT", \.encutEV, text: { IncarValue.format($0) + " eV" }, same: { abs($0 - $1) <= encutToleranceEV })
            case .gga: compare("GGA", \.gga, text: { $0 }, same: ==)
            case .metagga: compare("METAGGA", \.metagga, text: { $0 }, same: ==)
            // IVDW = 0 and unset both mean no correction.
            case .ivdw: compare("IVDW", { ($0.ivdw ?? 0) == 0 ? nil : $0.ivdw }, text: { String($0) }, same: ==)
            case .prec: compare("PREC", \.prec, text: { $0 }, same: ==)
            case .ismear: compare("ISMEAR", \.ismear, text: { String($0) }, same: ==)
            case .sigma: compare("SIGMA", \.sigmaEV, text: { "\($0) eV" }, same: { abs($0 - $1) <= sigmaToleranceEV })
            case .vacuumAxis: compare("vacuum axis", { $0.vacuumAxis.map { ["a", "b", "c"][$0] } ?? "none" }, text: { $0 }, same: ==)
            case .kMeshInPlane:
                compare("in-plane k-mesh", { m in m.kMesh.map { k in axes.map { k[$0] } } }, text: { $0.map(String.init).joined(separator: "×") }, same: ==)
            case .inPlaneLattice:
                compare("in-plane lattice (Å)", { m in m.latticeRowsA.map { rows in axes.map { rows[$0] } } }, text: { rows in
                    rows.map { "[" + $0.map { fmt($0, 5) }.joined(separator: " ") + "]" }.joined(separator: " ")
                }, same: { a, b in zip(a, b).allSatisfy { ra, rb in zip(ra, rb).allSatisfy { abs($0 - $1) <= lt } } })
            case .cLength:
                let vacuum = members[0].vacuumAxis ?? 2
                compare("c length", { m in m.latticeRowsA.map { r in r[vacuum].reduce(0) { $0 + $1 * $1 }.squareRoot() } },
                        text: { "\(fmt($0, 5)) Å" }, same: { abs($0 - $1) <= lt })
            // LDIPOL = false and unset both mean no dipole correction.
            case .ldipol: compare("LDIPOL", { $0.ldipol == true ? true : nil }, text: { $0 ? ".TRUE." : ".FALSE." }, same: ==)
            case .idipol: compare("IDIPOL", \.idipol, text: { String($0) }, same: ==)
            case .dipol:
                compare("DIPOL", \.dipolCentre, text: { $0.map { fmt($0, 4) }.joined(separator: " ") }, same: { a, b in
                    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= dipolTolerance }
                })
            case .potcars:
                // Every element present in two or more calculations must use the same POTCAR.
                for element in Set(members.flatMap { $0.potcarIdentityByElement.keys }).sorted() {
                    let having = members.filter { $0.potcarIdentityByElement[element] != nil }
                    guard having.count >= 2, Set(having.compactMap { $0.potcarIdentityByElement[element] }).count > 1 else { continue }
                    out.append(Difference(setting: "POTCAR \(element)", values: having.map {
                        "\($0.label) \($0.potcarIdentityByElement[element] ?? "(unset)")"
                    }))
                }
            }
        }
        return out
    }

    /// Throws a ``Refusal`` listing every difference when `members` disagree.
    public func check(_ members: [CalculationSettings]) throws(Refusal) {
        let found = differences(members)
        if !found.isEmpty { throw Refusal(differences: found) }
    }
}
