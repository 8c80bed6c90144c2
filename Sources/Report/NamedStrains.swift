/// The film's in-plane strain under its named measures, in percent: the two principal
/// engineering strains (stretch − 1, ascending), the areal strain (S_strained / S_unstrained − 1)
/// and the von Mises equivalent. Any of them may be missing in older archives.
public struct NamedStrains: Equatable, Sendable, Codable {
    /// Principal strains ε₁ ≤ ε₂, percent.
    public var principal1Percent: Double?
    public var principal2Percent: Double?
    /// Areal strain, percent.
    public var arealPercent: Double?
    /// von Mises equivalent strain, percent.
    public var vonMisesPercent: Double?

    /// Named strains; nil parts are shown as not recorded.
    public init(principal1Percent: Double? = nil, principal2Percent: Double? = nil, arealPercent: Double? = nil,
                vonMisesPercent: Double? = nil) {
        self.principal1Percent = principal1Percent
        self.principal2Percent = principal2Percent
        self.arealPercent = arealPercent
        self.vonMisesPercent = vonMisesPercent
    }

    /// True when no measure is recorded.
    public var isEmpty: Bool { [principal1Percent, principal2Percent, arealPercent, vonMisesPercent].allSatisfy { $0 == nil } }
}
