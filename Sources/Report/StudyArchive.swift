import Adhesion
import Archive
import Crystal
import Foundation

/// What the report reads from one study's archive: every interface, every calculation, and
/// the optional records (named strains, scans) where the archive holds them. Builds the table
/// rows; the methods paragraph and the SI read the same value.
public struct StudyArchive: Sendable {
    /// The archive's path.
    public var path: String
    /// Interfaces in name order.
    public var interfaces: [ArchivedInterface]
    /// Every calculation by id.
    public var calculations: [String: ArchivedCalculation]
    /// Named strains by interface name (only where recorded).
    public var namedStrains: [String: NamedStrains]
    /// Scan curves by interface name (only where recorded).
    public var scans: [String: [ArchivedSeries]]

    /// Reads everything the report needs.
    public init(reader: ArchiveReader) throws(ArchiveError) {
        path = reader.path
        interfaces = try reader.interfaces()
        var calcs: [String: ArchivedCalculation] = [:]
        for id in try reader.calculationIDs() { calcs[id] = try reader.calculation(id) }
        calculations = calcs
        var strains: [String: NamedStrains] = [:]
        var scans: [String: [ArchivedSeries]] = [:]
        for i in interfaces {
            let s = try reader.optionalInterfaceSeries(i.name, names: ArchiveReader.namedStrainDatasets)
            let principal = s["principalStrainsPercent"]?.values
            let named = NamedStrains(principal1Percent: principal?.count == 2 ? principal?[0] : nil,
                                     principal2Percent: principal?.count == 2 ? principal?[1] : nil,
                                     arealPercent: s["arealStrainPercent"]?.values.first,
                                     vonMisesPercent: s["vonMisesStrainPercent"]?.values.first)
            if !named.isEmpty { strains[i.name] = named }
            let curves = try reader.interfaceScans(i.name)
            if !curves.isEmpty { scans[i.name] = curves }
        }
        namedStrains = strains
        self.scans = scans
    }

    /// A study archive from records already in memory (tests, tools).
    public init(path: String, interfaces: [ArchivedInterface], calculations: [ArchivedCalculation],
                namedStrains: [String: NamedStrains] = [:], scans: [String: [ArchivedSeries]] = [:]) {
        self.path = path
        self.interfaces = interfaces
        self.calculations = Dictionary(calculations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.namedStrains = namedStrains
        self.scans = scans
    }

    /// The three calculations of an interface, in the order interface, film, substrate (those present).
    public func calculations(of i: ArchivedInterface) -> [ArchivedCalculation] {
        [i.interfaceCalculationID, i.filmCalculationID, i.substrateCalculationID].compactMap { calculations[$0] }
    }

    /// The slabs of σ's Fiorentini–Methfessel series: the `slab` calculations whose chosen energy
    /// is exactly one of the fitted energies (the archive records the energies, not the ids).
    public func surfaceEnergySlabs(of i: ArchivedInterface) -> [ArchivedCalculation] {
        guard case let .fiorentiniMethfessel(fit) = i.analysis.surfaceEnergy else { return [] }
        let kind = i.analysis.energyKind
        let energies = Set(fit.points.map(\.energyEV))
        return calculations.values.filter { $0.role == "slab" && $0.finalEnergyEV(kind).map(energies.contains) == true }
            .sorted { $0.id < $1.id }
    }

    /// Every calculation the reported numbers use: each interface's three, and σ's slabs.
    public var usedCalculations: [ArchivedCalculation] {
        var ids = Set<String>()
        var used: [ArchivedCalculation] = []
        for i in interfaces {
            for c in calculations(of: i) + surfaceEnergySlabs(of: i) where ids.insert(c.id).inserted { used.append(c) }
        }
        return used
    }

    /// The metal's bulk calculation, when the archive holds exactly one.
    public var bulkCalculation: ArchivedCalculation? {
        let bulks = calculations.values.filter { $0.role == "bulk" }
        return bulks.count == 1 ? bulks[0] : nil
    }

    // MARK: - Rows

    /// One table row per interface; a row is flagged as stand-in when the interface or any of
    /// its calculations is. Supercells get Wood's notation on the primitive surface cells
    /// recovered from the archive (`primitiveSurfaceCells`).
    public func rows() -> [ReportRow] {
        // The bulk (a search of every calculation) and its surface cell per Miller index are the
        // same for every interface: found once here, not once per row.
        let bulk = bulkCalculation?.finalStructure
        var surfaceCells: [[Int]: Lattice2D] = [:]
        return interfaces.map { i in
            let calcs = calculations(of: i)
            let model = calcs.first.map(CalculationModel.init)
            let cells = primitiveSurfaceCells(i, bulk: bulk, surfaceCells: &surfaceCells)
            var row = ReportRow(interface: i.name, film: i.filmLabel, substrate: i.substrateLabel,
                                filmSupercell: i.filmSupercell, substrateSupercell: i.substrateSupercell,
                                atomCount: i.atomCount, strainPercent: i.strainPercent, analysis: i.analysis,
                                isStandIn: i.isStandIn || calcs.contains { $0.isStandIn })
            row.filmSupercellWood = Self.wood(i.filmSupercell, cells.film)
            row.substrateSupercellWood = Self.wood(i.substrateSupercell, cells.substrate)
            row.filmStrain = namedStrains[i.name]
            row.engine = model?.engine
            row.model = model?.summary
            row.construction = i.construction
            row.unconvergedRelaxations = i.unconvergedRelaxations
            return row
        }
    }

    static func inPlane(_ m: [[Int]]) -> IntMatrix2? {
        guard m.count >= 2, m[0].count >= 2, m[1].count >= 2 else { return nil }
        return IntMatrix2(m[0][0], m[0][1], m[1][0], m[1][1])
    }

    static func wood(_ m: [[Int]], _ cell: Lattice2D?) -> WoodNotation? {
        guard let matrix = inPlane(m), let cell, case let .wood(w) = SupercellNotation(matrix, cell: cell) else { return nil }
        return w
    }

    /// The primitive surface cells the supercell matrices refer to, recovered from the archive:
    /// the substrate's is its slab's in-plane cell times the inverse of its matrix (the
    /// substrate is not strained); the film's is the surface cell of the relaxed bulk for the
    /// film's Miller index, or — without a bulk — its slab's cell times the inverse matrix,
    /// which carries the match strain (then only an exact Wood cell is named).
    public func primitiveSurfaceCells(_ i: ArchivedInterface) -> (film: Lattice2D?, substrate: Lattice2D?) {
        var surfaceCells: [[Int]: Lattice2D] = [:]
        return primitiveSurfaceCells(i, bulk: bulkCalculation?.finalStructure, surfaceCells: &surfaceCells)
    }

    /// The same, given the bulk's final structure and the bulk surface cells already found
    /// (by Miller index), which it extends.
    func primitiveSurfaceCells(_ i: ArchivedInterface, bulk: Structure?,
                               surfaceCells: inout [[Int]: Lattice2D]) -> (film: Lattice2D?, substrate: Lattice2D?) {
        func fromSlab(_ id: String, _ m: [[Int]]) -> Lattice2D? {
            guard let s = calculations[id]?.finalStructure, let matrix = Self.inPlane(m) else { return nil }
            return Self.primitive(of: s.lattice, matrix: matrix)
        }
        var film: Lattice2D?
        if let bulk, i.filmMiller.count == 3, let miller = MillerIndex(i.filmMiller[0], i.filmMiller[1], i.filmMiller[2]) {
            if let known = surfaceCells[i.filmMiller] {
                film = known
            } else {
                let cell = SurfaceCell(bulk: bulk, miller: miller).cell
                surfaceCells[i.filmMiller] = cell
                film = cell
            }
        }
        return (film ?? fromSlab(i.filmCalculationID, i.filmSupercell), fromSlab(i.substrateCalculationID, i.substrateSupercell))
    }

    /// The 2D cell P with M·P = the in-plane rows of `lattice`, in a frame with a along x.
    static func primitive(of lattice: Lattice, matrix m: IntMatrix2) -> Lattice2D? {
        let det = Double(m.determinant)
        guard det != 0 else { return nil }
        let a = lattice.a, b = lattice.b
        let la = length(a), lb = length(b)
        guard la > 0, lb > 0 else { return nil }
        let cosG = dot(a, b) / (la * lb)
        let a2 = Vector2(la, 0), b2 = Vector2(lb * cosG, lb * (1 - cosG * cosG).squareRoot())
        // P = M⁻¹ B with M⁻¹ = adj(M) / det.
        let p1 = (Double(m.m11) * a2 - Double(m.m01) * b2) / det
        let p2 = (-Double(m.m10) * a2 + Double(m.m00) * b2) / det
        return Lattice2D(a: p1, b: p2)
    }
}
