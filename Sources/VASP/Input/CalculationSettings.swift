import Crystal
import Foundation

/// The settings of one calculation that must agree across an interface and its references
/// before their energies may be subtracted — one typed value, filled at build time from the
/// input set and at collect time from what the engine reported (vasprun's typed parameters).
/// nil means "not set / not known".
///
/// `engine` and `modelID` let calculations other than VASP's (a machine-learned potential,
/// GPAW) take part: the three energies of W_ad must come from the same engine and model.
public struct CalculationSettings: Equatable, Sendable, Codable {
    /// A label naming the calculation in messages ("interface", "film", "substrate" or an id).
    public var label: String
    /// The engine that computes the energy (`vasp`, `gpaw`, `mace`, …), lower case.
    public var engine: String
    /// The engine's model where it has one (an ML potential's model id and version), else nil.
    public var modelID: String?
    /// Plane-wave cutoff ENCUT in eV.
    public var encutEV: Double?
    /// GGA tag (e.g. "PE"), upper-cased.
    public var gga: String?
    /// METAGGA tag (e.g. "R2SCAN"), upper-cased.
    public var metagga: String?
    /// IVDW (van der Waals correction); nil and 0 both mean none.
    public var ivdw: Int?
    /// PREC, upper-cased.
    public var prec: String?
    /// ISMEAR smearing method.
    public var ismear: Int?
    /// SIGMA smearing width in eV.
    public var sigmaEV: Double?
    /// k-point mesh divisions along a, b, c.
    public var kMesh: [Int]?
    /// The vacuum axis (0, 1, 2 for a, b, c; nil for bulk or unknown: then c is taken).
    public var vacuumAxis: Int?
    /// Lattice vectors a, b, c in Å (three rows of three).
    public var latticeRowsA: [[Double]]?
    /// LDIPOL (dipole correction on).
    public var ldipol: Bool?
    /// IDIPOL (direction of the dipole correction).
    public var idipol: Int?
    /// DIPOL (centre of the dipole correction, fractional).
    public var dipolCentre: [Double]?
    /// POTCAR identity per element symbol (e.g. "Li" → "PAW_PBE Li_sv 10Feb1998").
    public var potcarIdentityByElement: [String: String]

    /// Settings with every field optional except the label (engine `vasp` unless told).
    public init(label: String, engine: String = "vasp", modelID: String? = nil, encutEV: Double? = nil, gga: String? = nil,
                metagga: String? = nil, ivdw: Int? = nil, prec: String? = nil, ismear: Int? = nil, sigmaEV: Double? = nil,
                kMesh: [Int]? = nil, vacuumAxis: Int? = nil, latticeRowsA: [[Double]]? = nil, ldipol: Bool? = nil,
                idipol: Int? = nil, dipolCentre: [Double]? = nil, potcarIdentityByElement: [String: String] = [:]) {
        self.label = label
        self.engine = engine.lowercased()
        self.modelID = modelID
        self.encutEV = encutEV
        self.gga = gga?.uppercased()
        self.metagga = metagga?.uppercased()
        self.ivdw = ivdw
        self.prec = prec?.uppercased()
        self.ismear = ismear
        self.sigmaEV = sigmaEV
        self.kMesh = kMesh
        self.vacuumAxis = vacuumAxis
        self.latticeRowsA = latticeRowsA
        self.ldipol = ldipol
        self.idipol = idipol
        self.dipolCentre = dipolCentre
        self.potcarIdentityByElement = potcarIdentityByElement
    }

    /// The two in-plane axes (those that are not the vacuum axis; a and b when unknown).
    public var inPlaneAxes: [Int] { vacuumAxis.map { v in (0..<3).filter { $0 != v } } ?? [0, 1] }
}

extension CalculationSettings {
    /// Build time: what an input set will make VASP run.
    public init(label: String, incar: Incar, kpoints: KPointMesh, lattice: Lattice, vacuumAxis: Int?,
                potcarIdentityByElement: [String: String] = [:]) {
        let rows = lattice.matrix.rows.map { [$0.x, $0.y, $0.z] }
        self.init(label: label, encutEV: incar["ENCUT"]?.doubleValue, gga: incar["GGA"]?.incarText,
                  metagga: incar["METAGGA"]?.incarText, ivdw: incar["IVDW"]?.intValue, prec: incar["PREC"]?.incarText,
                  ismear: incar["ISMEAR"]?.intValue, sigmaEV: incar["SIGMA"]?.doubleValue, kMesh: kpoints.divisions,
                  vacuumAxis: vacuumAxis, latticeRowsA: rows, ldipol: incar["LDIPOL"]?.boolValue,
                  idipol: incar["IDIPOL"]?.intValue, dipolCentre: incar["DIPOL"]?.doubleValues,
                  potcarIdentityByElement: potcarIdentityByElement)
    }

    /// Collect time: what VASP actually ran, from vasprun's typed values (`<incar>` over
    /// `<parameters>`; ENCUT falls back to ENMAX), the k-mesh, the final cell and the POTCAR titles.
    public init(label: String, vasprun run: Vasprun, vacuumAxis: Int? = 2) {
        func value(_ tag: String) -> ParameterValue? { run.incar[tag] ?? run.parameters[tag] }
        let lattice = (run.finalStructure ?? run.initialStructure)?.lattice
        var potcars: [String: String] = [:]
        let species = run.atomSpecies.reduce(into: [Element]()) { if !$0.contains($1) { $0.append($1) } }
        for (e, title) in zip(species, run.potcarTitles) { potcars[e.symbol] = title.trimmingCharacters(in: .whitespaces) }
        let dipol: [Double]? = {
            switch value("DIPOL") {
            case .reals(let list)?: return list.compactMap { $0 }
            case let v?: return v.doubleValue.map { [$0] }
            case nil: return nil
            }
        }()
        let program = run.generator.program.trimmingCharacters(in: .whitespaces).lowercased()
        self.init(label: label, engine: program == "vasp" || program.isEmpty ? "vasp" : program,
                  encutEV: (value("ENCUT") ?? run.parameters["ENMAX"])?.doubleValue,
                  gga: value("GGA")?.stringValue?.trimmingCharacters(in: .whitespaces),
                  metagga: value("METAGGA")?.stringValue?.trimmingCharacters(in: .whitespaces),
                  ivdw: value("IVDW")?.intValue, prec: value("PREC")?.stringValue?.trimmingCharacters(in: .whitespaces),
                  ismear: value("ISMEAR")?.intValue, sigmaEV: value("SIGMA")?.doubleValue, kMesh: run.kpoints.divisions,
                  vacuumAxis: vacuumAxis, latticeRowsA: lattice?.matrix.rows.map { [$0.x, $0.y, $0.z] },
                  ldipol: value("LDIPOL")?.boolValue, idipol: value("IDIPOL")?.intValue, dipolCentre: dipol,
                  potcarIdentityByElement: potcars)
    }
}

extension IncarValue {
    /// The numbers of a real or integer list (or one number), nil otherwise.
    var doubleValues: [Double]? {
        switch self {
        case .reals(let list): return list
        case .ints(let list): return list.map(Double.init)
        default: return doubleValue.map { [$0] }
        }
    }
}
