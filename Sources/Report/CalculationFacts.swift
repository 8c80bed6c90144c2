import Archive
import Crystal
import Foundation

/// Numbers a methods section states about one archived calculation, each computed from what
/// the archive records (INCAR tags as VASP read them, the k-mesh, the final cell).
public struct CalculationFacts: Equatable, Sendable {
    /// The calculation's id and role.
    public var id: String
    public var role: String
    /// INCAR tags as recorded (upper-case keys).
    public var incar: [String: String]
    /// k-point mesh divisions, when recorded.
    public var kpointMesh: [Int]?
    /// Largest k-point spacing of the mesh over the periodic directions (in-plane only for
    /// slabs), Å⁻¹ with 2π included as in VASP's KSPACING.
    public var kpointSpacingPerA: Double?
    /// Thickness of the atoms along the stacking direction and the vacuum above them, Å (slabs only).
    public var slabThicknessA: Double?
    public var vacuumA: Double?
    /// Atoms in the cell.
    public var atomCount: Int?
    /// POTCAR titles in species order.
    public var potcars: [String]

    /// Facts of one calculation.
    public init(_ c: ArchivedCalculation) {
        id = c.id
        role = c.role
        incar = Dictionary(c.incar.map { ($0.key.uppercased(), $0.value.trimmingCharacters(in: .whitespaces)) },
                           uniquingKeysWith: { a, _ in a })
        kpointMesh = c.kpointMesh
        potcars = c.potcars
        atomCount = c.finalStructure?.count
        let isSlab = c.role != "bulk"
        if let s = c.finalStructure {
            if let mesh = c.kpointMesh, mesh.count == 3, mesh.allSatisfy({ $0 > 0 }) {
                let r = s.lattice.reciprocal
                let lengths = [length(r.a), length(r.b), length(r.c)]
                let periodic = isSlab ? [0, 1] : [0, 1, 2]
                kpointSpacingPerA = periodic.map { lengths[$0] / Double(mesh[$0]) }.max()
            }
            if isSlab, let extent = Self.extentAlongC(s) {
                slabThicknessA = extent.thicknessA
                vacuumA = extent.vacuumA
            }
        }
    }

    /// Thickness of the atoms and the vacuum along c: the largest gap between atoms' fractional
    /// c coordinates (across the periodic boundary) is the vacuum; heights are measured along
    /// the normal to a × b.
    static func extentAlongC(_ s: Structure) -> (thicknessA: Double, vacuumA: Double)? {
        guard s.count > 0 else { return nil }
        let zs = s.fractionalPositions.map { $0.z - $0.z.rounded(.down) }.sorted()
        var largestGap = 1 - zs[zs.count - 1] + zs[0]
        for k in 1..<zs.count { largestGap = max(largestGap, zs[k] - zs[k - 1]) }
        let area = length(cross(s.lattice.a, s.lattice.b))
        guard area > 0 else { return nil }
        let height = s.lattice.volumeA3 / area
        return ((1 - largestGap) * height, largestGap * height)
    }

    /// A tag's value as a number, when it is one.
    public func number(_ tag: String) -> Double? {
        incar[tag].flatMap { FortranNumber.double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// True when a logical tag is set to true.
    public func flag(_ tag: String) -> Bool { incar[tag].map(CalculationModel.isTrue) ?? false }
}
