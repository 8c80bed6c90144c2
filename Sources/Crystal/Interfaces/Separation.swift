import Foundation

/// The closest pair of atoms of a structure, measured against the sum of their covalent radii.
public struct CloseContact: Hashable, Sendable, Codable {
    /// Distance, Å.
    public var distanceA: Double
    /// The two species, e.g. "Li-Li".
    public var pair: String
    /// Sum of their covalent radii (Cordero et al., Dalton Trans. 2008, 2832), Å.
    public var radiusSumA: Double
    /// distanceA / radiusSumA.
    public var fraction: Double
}

/// How far apart the two slabs of an interface start, from the sizes of the atoms that face
/// each other.
///
/// The starting gap d (substrate top plane to film bottom plane) is the smallest at which every
/// pair of facing atoms A, B is at least r_A + r_B apart (covalent radii, Cordero et al. 2008:
/// Li 1.28, O 0.66, F 0.57, Zr 1.75, La 2.07 Å), given the film's in-plane shift; never below
/// `floorA`. Li over O thus starts at 1.94 Å and Li over Zr at 3.03 Å, where a fixed 2.0 Å
/// plane gap puts Li–Zr at 2.0 Å.
public enum Separation {
    /// Facing atoms are those within this depth of each face, Å.
    public static let faceDepthA = 3.0
    /// The smallest starting gap returned, Å.
    public static let floorA = 1.5

    /// The species-aware starting gap (Å) for `film` placed on `substrate` with the film moved
    /// in-plane by `shiftFractional` of the substrate cell. Both are slabs with c along z whose
    /// in-plane cells describe the same supercell (the film takes the substrate's lattice).
    public static func startingGapA(substrate: Structure, film: Structure, shiftFractional: Vector2) -> Double {
        let lat = substrate.lattice
        let subZ = substrate.cartesianPositionsA.map(\.z), filmZ = film.cartesianPositionsA.map(\.z)
        guard let top = subZ.max(), let bottom = filmZ.min() else { return floorA }
        let a2 = Vector2(lat.a.x, lat.a.y), b2 = Vector2(lat.b.x, lat.b.y)
        let inPlane = { (f: Vector3, shift: Vector2) in (f.x + shift.x) * a2 + (f.y + shift.y) * b2 }
        let subFace = substrate.sites.indices.filter { top - subZ[$0] <= faceDepthA }
        let filmFace = film.sites.indices.filter { filmZ[$0] - bottom <= faceDepthA }
        let reach = { (v: Vector2) in max(1, Int((5.0 / max((v * v).sum().squareRoot(), 0.1)).rounded(.up))) }
        let (na, nb) = (reach(a2), reach(b2))
        var gap = floorA
        for i in subFace {
            let p = inPlane(substrate.sites[i].fractional, Vector2(0, 0))
            let depthSub = top - subZ[i]
            for j in filmFace {
                let q = inPlane(film.sites[j].fractional, shiftFractional)
                let heightFilm = filmZ[j] - bottom
                let target = substrate.sites[i].element.covalentRadiusA + film.sites[j].element.covalentRadiusA
                for u in -na...na { for v in -nb...nb {
                    let d = q + Double(u) * a2 + Double(v) * b2 - p
                    let lateral2 = (d * d).sum()
                    guard lateral2 < target * target else { continue }
                    gap = max(gap, (target * target - lateral2).squareRoot() - heightFilm - depthSub)
                } }
            }
        }
        return gap
    }

    /// The pair of atoms closest relative to the sum of their covalent radii, over periodic
    /// images (a, b in the plane, c along z).
    public static func closestContact(_ s: Structure) -> CloseContact {
        let cart = s.cartesianPositionsA
        let lat = s.lattice
        let reach = { (v: Vector3) in max(1, Int((4.0 / max(length(v), 0.1)).rounded(.up))) }
        let (na, nb) = (reach(lat.a), reach(lat.b))
        var images: [Vector3] = []
        for i in -na...na { for j in -nb...nb { for k in -1...1 {
            images.append(Double(i) * lat.a + Double(j) * lat.b + Double(k) * lat.c)
        } } }
        var best = CloseContact(distanceA: .infinity, pair: "", radiusSumA: 1, fraction: .infinity)
        for i in 0..<cart.count {
            for j in i..<cart.count {
                let ei = s.sites[i].element, ej = s.sites[j].element
                let sum = ei.covalentRadiusA + ej.covalentRadiusA
                let d0 = cart[j] - cart[i]
                for t in images {
                    if i == j && t == Vector3(0, 0, 0) { continue }
                    let d = d0 + t
                    let r = dot(d, d).squareRoot()
                    if r / sum < best.fraction {
                        best = CloseContact(distanceA: r, pair: [ei.symbol, ej.symbol].sorted().joined(separator: "-"), radiusSumA: sum,
                                            fraction: r / sum)
                    }
                }
            }
        }
        return best
    }
}
