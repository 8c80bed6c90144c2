/// Which atoms of a slab are held fixed in a relaxation (selective dynamics F F F), to stand
/// for the bulk beyond them.
///
/// By thickness in Å or by fraction of the slab's thickness, measured from the bottom plane
/// (the bulk-like side of a substrate) or from the top plane (the outer side of a metal film
/// placed above it). An atom is fixed when its height lies within the region (0.01 Å
/// tolerance), so a whole atomic plane is fixed or free.
public enum FixedRegion: Hashable, Sendable, CustomStringConvertible {
    /// Nothing fixed: no selective-dynamics flags are written.
    case none
    /// The bottom N atomic planes.
    case bottomLayers(Int)
    /// Atoms within this many Å above the bottom plane.
    case bottomA(Double)
    /// Atoms within this fraction of the slab's thickness above the bottom plane.
    case bottomFraction(Double)
    /// Atoms within this many Å below the top plane.
    case topA(Double)
    /// Atoms within this fraction of the slab's thickness below the top plane.
    case topFraction(Double)

    /// Heights are compared with this tolerance, Å.
    static let toleranceA = 0.01

    /// "bottom 4.00 Å", "top 25 %", "none".
    public var description: String {
        switch self {
        case .none: return "none"
        case .bottomLayers(let n): return "bottom \(n) planes"
        case .bottomA(let t): return String(format: "bottom %.2f Å", t)
        case .bottomFraction(let f): return String(format: "bottom %g %%", f * 100)
        case .topA(let t): return String(format: "top %.2f Å", t)
        case .topFraction(let f): return String(format: "top %g %%", f * 100)
        }
    }

    /// The same extent measured from the other side (bottom ↔ top); planes stay at the bottom.
    public var mirrored: FixedRegion {
        switch self {
        case .none, .bottomLayers: return self
        case .bottomA(let t): return .topA(t)
        case .bottomFraction(let f): return .topFraction(f)
        case .topA(let t): return .bottomA(t)
        case .topFraction(let f): return .bottomFraction(f)
        }
    }

    /// Which atoms are fixed (true = fixed), or nil for `.none`. Heights are measured from the
    /// bottom plane, Å.
    func mask(heightsAboveBottomA z: [Double], layerOfSite: [Int], thicknessA: Double, layerCount: Int)
        throws(SlabError) -> [Bool]?
    {
        let tol = FixedRegion.toleranceA
        let mask: [Bool]
        switch self {
        case .none: return nil
        case .bottomLayers(let n):
            guard n >= 0 else { throw .badFixedRegion("of \(n) planes: expected 0 or more") }
            guard n < layerCount else { throw .tooManyFixedLayers(fixed: n, layers: layerCount) }
            if n == 0 { return nil }
            mask = layerOfSite.map { $0 < n }
        case .bottomA(let t), .topA(let t):
            guard t >= 0, t.isFinite else { throw .badFixedRegion("of \(t) Å: expected a thickness ≥ 0") }
            if case .bottomA = self { mask = z.map { $0 <= t + tol } } else { mask = z.map { $0 >= thicknessA - t - tol } }
        case .bottomFraction(let f), .topFraction(let f):
            guard f >= 0, f < 1 else { throw .badFixedRegion("of fraction \(f): expected 0 ≤ f < 1") }
            let t = f * thicknessA
            if case .bottomFraction = self { mask = z.map { $0 <= t + tol } } else { mask = z.map { $0 >= thicknessA - t - tol } }
        }
        guard mask.contains(false) else { throw .badFixedRegion("\(self) fixes every atom of a \(String(format: "%.2f", thicknessA)) Å slab: expected a thinner region") }
        return mask
    }
}
