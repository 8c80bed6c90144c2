/// The settings of one calculation that must agree across the interface, film and substrate
/// runs before their energies may be subtracted. Plain values: the Workflow fills them from
/// parsed vasprun parameters; nil means "not set / not known".
public struct CalculationSettings: Equatable, Sendable, Codable {
    /// A label naming the calculation in messages ("interface", "film", "substrate" or an id).
    public var label: String
    /// Plane-wave cutoff ENCUT in eV.
    public var encutEV: Double?
    /// GGA tag (e.g. "PE"), upper-cased for comparison.
    public var gga: String?
    /// METAGGA tag (e.g. "R2SCAN"), upper-cased for comparison.
    public var metagga: String?
    /// IVDW (van der Waals correction) tag; nil or 0 means none.
    public var ivdw: Int?
    /// ISMEAR smearing method.
    public var ismear: Int?
    /// SIGMA smearing width in eV.
    public var sigmaEV: Double?
    /// k-point mesh divisions along a and b (the in-plane directions).
    public var kMeshInPlane: [Int]?
    /// In-plane lattice vectors a and b in Å (two rows of three).
    public var inPlaneLatticeA: [[Double]]?
    /// Length of c in Å.
    public var cLengthA: Double?
    /// LDIPOL (dipole correction on).
    public var ldipol: Bool?
    /// IDIPOL (direction of the dipole correction).
    public var idipol: Int?
    /// DIPOL (centre of the cell for the dipole correction, fractional).
    public var dipolCentre: [Double]?
    /// POTCAR identity per element symbol (e.g. "Li" → "PAW_PBE Li_sv 10Feb1998" or a hash).
    public var potcarIdentityByElement: [String: String]

    /// Settings with every field optional except the label.
    public init(label: String, encutEV: Double? = nil, gga: String? = nil, metagga: String? = nil,
                ivdw: Int? = nil, ismear: Int? = nil, sigmaEV: Double? = nil, kMeshInPlane: [Int]? = nil,
                inPlaneLatticeA: [[Double]]? = nil, cLengthA: Double? = nil, ldipol: Bool? = nil,
                idipol: Int? = nil, dipolCentre: [Double]? = nil, potcarIdentityByElement: [String: String] = [:]) {
        self.label = label
        self.encutEV = encutEV
        self.gga = gga
        self.metagga = metagga
        self.ivdw = ivdw
        self.ismear = ismear
        self.sigmaEV = sigmaEV
        self.kMeshInPlane = kMeshInPlane
        self.inPlaneLatticeA = inPlaneLatticeA
        self.cLengthA = cLengthA
        self.ldipol = ldipol
        self.idipol = idipol
        self.dipolCentre = dipolCentre
        self.potcarIdentityByElement = potcarIdentityByElement
    }
}

/// One setting on which the calculations disagree, with each calculation's value.
public struct SettingDifference: Equatable, Sendable, Codable, CustomStringConvertible {
    /// The setting's name ("ENCUT", "POTCAR Li", "in-plane lattice", ...).
    public let setting: String
    /// (calculation label, value as text) for every calculation compared.
    public let values: [LabelledValue]

    /// A calculation's label and its value of the setting, as text.
    public struct LabelledValue: Equatable, Sendable, Codable {
        public let label: String
        public let value: String
    }

    public var description: String {
        "\(setting): " + values.map { "\($0.label) \($0.value)" }.joined(separator: ", ")
    }
}

/// Thrown when W_ad is refused because the calculations are not consistent.
public struct InconsistentCalculationsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Every setting that differs.
    public let differences: [SettingDifference]

    public var description: String {
        "work of adhesion refused: the calculations differ in \(differences.count) setting(s):\n"
            + differences.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Refuses W_ad when the interface, film and substrate runs differ in a setting that shifts
/// total energies. For Li|Li2CO3, W_ad·S is only about 1 eV in total; a 1 meV/atom
/// inconsistency in a 300-atom cell is a quarter of it.
public struct CollectConsistencyGuard: Sendable {
    /// Absolute tolerance for lengths in Å (lattice vectors, c).
    public var lengthToleranceA: Double
    /// Absolute tolerance for ENCUT in eV.
    public var encutToleranceEV: Double
    /// Absolute tolerance for SIGMA in eV.
    public var sigmaToleranceEV: Double
    /// Absolute tolerance for the fractional DIPOL centre.
    public var dipolTolerance: Double

    /// The default tolerances: 1e-4 Å, 1e-6 eV, 1e-8 eV, 1e-4.
    public init(lengthToleranceA: Double = 1e-4, encutToleranceEV: Double = 1e-6,
                sigmaToleranceEV: Double = 1e-8, dipolTolerance: Double = 1e-4) {
        self.lengthToleranceA = lengthToleranceA
        self.encutToleranceEV = encutToleranceEV
        self.sigmaToleranceEV = sigmaToleranceEV
        self.dipolTolerance = dipolTolerance
    }

    /// Every setting on which the calculations disagree (empty when consistent).
    public func differences(_ calculations: [CalculationSettings]) -> [SettingDifference] {
        var found: [SettingDifference] = []
        func compare<T>(_ name: String, _ value: (CalculationSettings) -> T?, text: (T) -> String,
                        same: (T, T) -> Bool) {
            let values = calculations.map(value)
            var differs = false
            for i in values.indices.dropFirst() {
                switch (values[0], values[i]) {
                case (nil, nil): continue
                case let (a?, b?): if !same(a, b) { differs = true }
                default: differs = true
                }
            }
            if differs {
                found.append(SettingDifference(setting: name, values: zip(calculations, values).map {
                    .init(label: $0.label, value: $1.map(text) ?? "unset")
                }))
            }
        }
        let lt = lengthToleranceA
        compare("ENCUT", \.encutEV, text: { "\($0) eV" }, same: { abs($0 - $1) <= encutToleranceEV })
        compare("GGA", { $0.gga?.uppercased() }, text: { $0 }, same: ==)
        compare("METAGGA", { $0.metagga?.uppercased() }, text: { $0 }, same: ==)
        // IVDW = 0 and unset both mean no correction.
        compare("IVDW", { ($0.ivdw ?? 0) == 0 ? nil : $0.ivdw }, text: { String($0) }, same: ==)
        compare("ISMEAR", \.ismear, text: { String($0) }, same: ==)
        compare("SIGMA", \.sigmaEV, text: { "\($0) eV" }, same: { abs($0 - $1) <= sigmaToleranceEV })
        compare("k-mesh (in-plane)", \.kMeshInPlane, text: { $0.map(String.init).joined(separator: "x") }, same: ==)
        compare("in-plane lattice", \.inPlaneLatticeA, text: { rows in
            rows.map { "[" + $0.map { fmt($0, 5) }.joined(separator: " ") + "]" }.joined(separator: " ")
        }, same: { a, b in
            a.count == b.count && zip(a, b).allSatisfy { ra, rb in
                ra.count == rb.count && zip(ra, rb).allSatisfy { abs($0 - $1) <= lt }
            }
        })
        compare("c length", \.cLengthA, text: { "\(fmt($0, 5)) Å" }, same: { abs($0 - $1) <= lt })
        // LDIPOL = false and unset both mean no dipole correction.
        compare("LDIPOL", { $0.ldipol == true ? true : nil }, text: { $0 ? "true" : "false" }, same: ==)
        compare("IDIPOL", \.idipol, text: { String($0) }, same: ==)
        compare("DIPOL", \.dipolCentre, text: { $0.map { fmt($0, 4) }.joined(separator: " ") }, same: { a, b in
            a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= dipolTolerance }
        })
        // POTCARs: every element present in two or more calculations must use the same one.
        let elements = Set(calculations.flatMap { $0.potcarIdentityByElement.keys }).sorted()
        for element in elements {
            let having = calculations.filter { $0.potcarIdentityByElement[element] != nil }
            guard having.count >= 2 else { continue }
            let identities = Set(having.compactMap { $0.potcarIdentityByElement[element] })
            if identities.count > 1 {
                found.append(SettingDifference(setting: "POTCAR \(element)", values: having.map {
                    .init(label: $0.label, value: $0.potcarIdentityByElement[element] ?? "unset")
                }))
            }
        }
        return found
    }

    /// Throws `InconsistentCalculationsError` listing every difference, or returns normally.
    public func check(_ calculations: [CalculationSettings]) throws(InconsistentCalculationsError) {
        let diffs = differences(calculations)
        if !diffs.isEmpty { throw InconsistentCalculationsError(differences: diffs) }
    }
}
