/// A chemical element of the periodic table (H to Og, Z = 1…118), identified by its symbol.
public struct Element: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Atomic number Z (1…118).
    public let atomicNumber: Int

    /// Creates an element from its atomic number; nil outside 1…118.
    public init?(atomicNumber: Int) {
        guard (1...elementTable.count).contains(atomicNumber) else { return nil }
        self.atomicNumber = atomicNumber
    }

    /// Creates an element from its symbol (case-insensitive: "li", "LI" and "Li" all give Li).
    public init?(symbol: String) {
        let key = symbol.trimmingWhitespace().lowercased()
        guard let z = Element.bySymbol[key] else { return nil }
        self.atomicNumber = z
    }

    /// Creates an element from a species label as VASP and POTCAR libraries write it:
    /// "Li", "Li_sv", "Zr_sv_GW", "Li/a1b2c3" (VASP 6 hash suffix), "Li1", "O2-" (CIF type).
    /// The run of letters the label starts with must be a whole element symbol (exact match,
    /// case-insensitive): "Cm" is curium and never carbon, "Ow" or "Xx" are no element (nil).
    public init?(speciesLabel: String) {
        let letters = speciesLabel.trimmingWhitespace().prefix { $0.isASCII && $0.isLetter }
        guard (1...2).contains(letters.count), let element = Element(symbol: String(letters)) else { return nil }
        self = element
    }

    private var data: ElementData { elementTable[atomicNumber - 1] }
    /// The symbol, e.g. "Li".
    public var symbol: String { data.symbol }
    /// Standard atomic weight in atomic mass units (g/mol).
    public var massAmu: Double { data.massAmu }
    /// Single-bond covalent radius in Å (Cordero 2008).
    public var covalentRadiusA: Double { data.covalentRadiusA }
    /// Pauling electronegativity; nil for noble gases without a value.
    public var paulingElectronegativity: Double? { data.paulingElectronegativity }
    public var description: String { symbol }

    /// Orders by electronegativity (as pymatgen writes formulas: Li2CO3, Li7La3Zr2O12), then Z.
    public static func < (lhs: Element, rhs: Element) -> Bool {
        let l = lhs.paulingElectronegativity ?? .infinity
        let r = rhs.paulingElectronegativity ?? .infinity
        return l != r ? l < r : lhs.atomicNumber < rhs.atomicNumber
    }

    /// Every element in the table, H to Og.
    public static let all: [Element] = (1...elementTable.count).map { Element(atomicNumber: $0)! }

    private static let bySymbol: [String: Int] = Dictionary(
        uniqueKeysWithValues: elementTable.map { ($0.symbol.lowercased(), $0.atomicNumber) })
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
