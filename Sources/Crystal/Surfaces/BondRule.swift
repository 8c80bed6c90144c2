/// Which bonds a surface cut must not break: the bonds of molecular ions (CO3²⁻, CF3SO3⁻, PO4³⁻…).
///
/// Two atoms are bonded when both are non-metals and their distance is below
/// `factor` × (sum of Cordero covalent radii), unless `pairCutoffsA` gives that pair its own
/// cutoff. Metal–anion contacts (Li–O, Zr–O) are ionic and may be cut.
public struct BondRule: Hashable, Sendable {
    /// Elements that form molecular-ion bonds (non-metals and metalloids by default).
    public var bondingElements: Set<Element>
    /// Multiplier on the sum of covalent radii.
    public var factor: Double
    /// Explicit cutoffs in Å for element pairs (symbols sorted alphabetically, e.g. "C-O").
    public var pairCutoffsA: [String: Double]

    /// Creates a rule.
    public init(bondingElements: Set<Element> = BondRule.nonMetals, factor: Double = 1.25, pairCutoffsA: [String: Double] = [:]) {
        self.bondingElements = bondingElements
        self.factor = factor
        self.pairCutoffsA = pairCutoffsA
    }

    /// H, B, C, N, O, F, Si, P, S, Cl, As, Se, Br, Te, I.
    public static let nonMetals: Set<Element> = Set(
        ["H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "As", "Se", "Br", "Te", "I"].compactMap { Element(symbol: $0) })

    /// The key of a pair in `pairCutoffsA`.
    public static func pairKey(_ a: Element, _ b: Element) -> String {
        [a.symbol, b.symbol].sorted().joined(separator: "-")
    }

    /// The bond cutoff in Å for a pair, or nil when the pair never bonds.
    public func cutoffA(_ a: Element, _ b: Element) -> Double? {
        if let explicit = pairCutoffsA[BondRule.pairKey(a, b)] { return explicit }
        guard bondingElements.contains(a), bondingElements.contains(b) else { return nil }
        return factor * (a.covalentRadiusA + b.covalentRadiusA)
    }
}
