/// A Miller index (h k l) of a lattice plane, relative to the lattice of the bulk cell given.
public struct MillerIndex: Hashable, Sendable, Codable, CustomStringConvertible {
    /// h, k, l.
    public let h: Int, k: Int, l: Int

    /// Creates a Miller index; nil for (0 0 0).
    public init?(_ h: Int, _ k: Int, _ l: Int) {
        guard h != 0 || k != 0 || l != 0 else { return nil }
        (self.h, self.k, self.l) = (h, k, l)
    }

    /// The three components.
    public var components: [Int] { [h, k, l] }

    /// The same plane family with common factors removed: (2 0 0) → (1 0 0).
    public var reduced: MillerIndex {
        let g = gcd(gcd(h, k), l)
        return MillerIndex(h / g, k / g, l / g)!
    }

    /// "(0 0 1)"; negative components are written with a minus sign.
    public var description: String { "(\(h) \(k) \(l))" }
}
