import Crystal
import Foundation

/// Output formats of the paper's table.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, csv, tex, json
}

/// The paper's table: interface, supercells (Wood's notation or matrix), atoms, area, strain
/// (named strain columns when the archive records them), W_ad, θ, regime. Carries the "numbers
/// from the VASP stand-in, not physics" banner whenever a row is flagged. No format prints NaN:
/// a number that is not finite shows as "—" (md, tex "--"), an empty CSV field or JSON null.
public struct AdhesionTable: Sendable {
    /// The rows, in the order given.
    public var rows: [ReportRow]

    /// A table of these rows.
    /// Which engine and model made the numbers, printed above the table (docs/engines.md),
    /// e.g. "Engine: mlip sevennet-0 + d3bj — a machine-learned prescreen, not DFT".
    public var engineBanner: String?

    /// A table of these rows, with an optional engine banner.
    public init(rows: [ReportRow], engineBanner: String? = nil) {
        self.rows = rows
        self.engineBanner = engineBanner
    }

    /// True when any row's numbers come from the stand-in.
    public var isStandIn: Bool { rows.contains { $0.isStandIn } }

    /// True when any row carries named strains (principal, areal, von Mises).
    var hasNamedStrains: Bool { rows.contains { !($0.filmStrain?.isEmpty ?? true) } }

    /// The table in the given format.
    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .md: return markdown()
        case .csv: return csv()
        case .tex: return tex()
        case .json: return try json()
        }
    }

    // MARK: - Shared facts for captions

    /// Engines and models of the rows, distinct, e.g. ["VASP 6.4.2"], ["PBE+D3(zero), PAW"].
    var engines: [String] { ReportFormatting.distinct(rows.map { $0.engine ?? "engine not recorded" }) }
    var models: [String] { ReportFormatting.distinct(rows.map { $0.model ?? "model not recorded" }) }

    /// "σ = 0.4809 J/m² (Fiorentini–Methfessel fit over 3 slabs)" for each distinct σ.
    var sigmaSources: [(value: Double, method: String)] {
        var seen = Set<String>()
        return rows.compactMap { r in
            seen.insert("\(r.surfaceEnergyJPerM2)|\(r.surfaceEnergyMethod)").inserted ? (r.surfaceEnergyJPerM2, r.surfaceEnergyMethod) : nil
        }
    }

    private var energyKinds: [String] { ReportFormatting.distinct(rows.map(\.energyKind)) }

    private static func energyWords(_ kind: String, engineResult: Bool) -> String {
        // ASE-driven engines write their energies to adhere-result.jsonl, not to a vasprun.xml.
        if engineResult && kind == "sigma0" { return "the engine's total energies (adhere-result.jsonl energy_eV; GPAW's extrapolated to zero smearing)" }
        switch kind {
        case "sigma0": return "total energies extrapolated to zero smearing (vasprun e_0_energy)"
        case "free": return "free energies TOTEN including −TS (vasprun e_fr_energy)"
        case "withoutEntropy": return "energies without the entropy term (vasprun e_wo_entrp)"
        default: return "energies '\(kind)'"
        }
    }

    private var energyNote: String {
        let sigmas = sigmaSources.map { "σ = \(ReportFormatting.fixed($0.value, 4)) J/m² (\($0.method))" }
        return "Engine: \(engines.joined(separator: "; ")); model: \(models.joined(separator: "; ")). "
            + "Energies: \(energyKinds.map { Self.energyWords($0, engineResult: engineBanner != nil) }.joined(separator: "; ")) [\(energyKinds.joined(separator: ", "))]. "
            + "W_ad = (E_film + E_substrate − E_interface)/S; θ from Young–Dupré W_ad = σ(1 + cos θ) with "
            + sigmas.joined(separator: ", ") + "."
    }

    /// The footnote for W_ad values marked ‡, nil when every relaxation converged.
    var unconvergedNote: String? {
        let lines = rows.flatMap(\.unconvergedRelaxations)
        return lines.isEmpty ? nil : "‡ Not a converged relaxation (forces above the threshold after every attempt): " + lines.joined(separator: "; ") + "."
    }

    // MARK: - Markdown

    private var markdownHeaders: [String] {
        // The single strain recorded before named strains is the film's von Mises strain: one column, named.
        var h = ["interface", "film supercell", "substrate supercell", "atoms", "area (Å²)"]
        if hasNamedStrains { h += ["ε₁ (%)", "ε₂ (%)", "areal strain (%)"] }
        return h + ["von Mises strain (%)", "W_ad (J/m²)", "θ (°)", "regime"]
    }

    private func markdownCells(_ r: ReportRow) -> [String] {
        var c = ["\(r.film) | \(r.substrate)", r.filmSupercellNotation.text, r.substrateSupercellNotation.text,
                 String(r.atomCount), ReportFormatting.fixed(r.interfaceAreaA2, 2)]
        if hasNamedStrains {
            let s = r.filmStrain ?? NamedStrains()
            c += [s.principal1Percent, s.principal2Percent, s.arealPercent]
                .map { $0.map { ReportFormatting.fixed($0, 2) } ?? ReportFormatting.missing }
        }
        let vonMises = r.filmStrain?.vonMisesPercent ?? r.strainPercent
        let unconverged = r.unconvergedRelaxations.isEmpty ? "" : " ‡"
        return c + [ReportFormatting.fixed(vonMises, 2), ReportFormatting.fixed(r.workOfAdhesionJPerM2, 3) + unconverged,
                    ReportFormatting.angle(r), r.wettingRegime]
    }

    private func markdown() -> String {
        var lines: [String] = []
        if isStandIn { lines += ["> **Warning: \(ReportFormatting.standInBanner).**", ""] }
        if let engineBanner { lines += ["> **\(engineBanner)**", ""] }
        let headers = markdownHeaders
        lines.append("| " + headers.joined(separator: " | ") + " |")
        lines.append("|" + headers.indices.map { $0 == 0 || $0 == headers.count - 1 ? "---" : "---:" }.joined(separator: "|") + "|")
        for r in rows { lines.append("| " + markdownCells(r).map(ReportFormatting.markdown).joined(separator: " | ") + " |") }
        lines += ["", energyNote]
        if let unconvergedNote { lines += ["", unconvergedNote] }
        var seen = Set<String>()
        for r in rows {
            guard let fit = r.surfaceEnergyFit, seen.insert(fit).inserted else { continue }
            lines += ["", "Surface energy of \(ReportFormatting.markdown(r.film)) (\(r.surfaceEnergyMethod)):", "", "```", fit, "```"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - CSV

    /// CSV columns: always the same set (named strains empty when not recorded).
    static let csvHeaders = [
        "interface", "film", "substrate", "filmSupercell", "substrateSupercell", "atoms", "areaA2",
        "strainPercent", "workOfAdhesionJPerM2", "workOfAdhesionEVPerA2", "surfaceEnergyJPerM2",
        "contactAngleDeg", "wettingRegime", "energyKind", "standIn",
        "filmSupercellMatrix", "substrateSupercellMatrix", "principalStrain1Percent", "principalStrain2Percent",
        "arealStrainPercent", "vonMisesStrainPercent", "surfaceEnergyMethod", "engine", "model",
    ]

    private func csv() -> String {
        var lines: [String] = []
        if isStandIn { lines.append("# \(ReportFormatting.standInBanner)") }
        if let engineBanner { lines.append("# \(engineBanner)") }
        lines.append(Self.csvHeaders.joined(separator: ","))
        let e = ReportFormatting.exact
        for r in rows {
            let s = r.filmStrain ?? NamedStrains()
            let fields = [r.interface, r.film, r.substrate, r.filmSupercellNotation.text, r.substrateSupercellNotation.text,
                          String(r.atomCount), e(r.interfaceAreaA2), e(r.strainPercent), e(r.workOfAdhesionJPerM2),
                          e(r.workOfAdhesionEVPerA2), e(r.surfaceEnergyJPerM2), e(r.contactAngleDeg),
                          r.wettingRegime, r.energyKind, r.isStandIn ? "true" : "false",
                          ReportFormatting.matrixText(r.filmSupercell), ReportFormatting.matrixText(r.substrateSupercell),
                          e(s.principal1Percent), e(s.principal2Percent), e(s.arealPercent), e(s.vonMisesPercent),
                          r.surfaceEnergyMethod, r.engine ?? "", r.model ?? ""]
            lines.append(fields.map(ReportFormatting.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - LaTeX

    /// Marks on θ for the limits of Young–Dupré, explained in the caption.
    private static func regimeMark(_ regime: String) -> String? {
        switch regime {
        case "complete wetting": return "a"
        case "no adhesion": return "b"
        default: return nil
        }
    }

    /// The table body as a `table` float: compiles in a plain article with pdflatex and no
    /// package. Fits a one-column text width: the film and substrate supercells share a column
    /// (film above substrate), the regime is a mark on θ explained in the caption, and the film
    /// column is dropped when every row has the same film (the caption names it).
    func tex() -> String {
        let sameFilm = Set(rows.map(\.film)).count <= 1
        let strains = hasNamedStrains
        var lines: [String] = []
        if isStandIn { lines.append("% WARNING: \(ReportFormatting.standInBanner)") }
        if let engineBanner { lines.append("% \(engineBanner)") }
        lines += ["% Written by Adhere (adhere report --format tex). Needs no package: rules are booktabs-style \\hrule.",
                  "\\begin{table}", "\\centering", strains ? "\\footnotesize" : "\\small", "\\setlength{\\tabcolsep}{\(strains ? 3 : 4)pt}"]
        var spec = "@{}lcr" + "r" + (strains ? "rrrr" : "r") + "rr@{}"
        if !sameFilm { spec = "@{}l" + spec.dropFirst(3) }
        lines.append("\\begin{tabular}{\(spec)}")
        lines.append(LaTeX.topRule)
        var head1 = [sameFilm ? "Interlayer" : "Interface", "Supercell", "$N$", "$S$"]
        var head2 = ["", "film/substrate", "", "(\\AA$^{2}$)"]
        if strains {
            head1 += ["$\\varepsilon_{1}$", "$\\varepsilon_{2}$", "$\\varepsilon_{A}$", "$\\varepsilon_\\mathrm{vM}$"]
            head2 += ["(\\%)", "(\\%)", "(\\%)", "(\\%)"]
        } else {
            head1 += ["$\\varepsilon$"]
            head2 += ["(\\%)"]
        }
        head1 += ["$W_\\mathrm{ad}$", "$\\theta$"]
        head2 += ["(J\\,m$^{-2}$)", "($^{\\circ}$)"]
        lines.append(head1.joined(separator: " & ") + " \\\\")
        lines.append(head2.joined(separator: " & ") + " \\\\")
        lines.append(LaTeX.midRule)
        for r in rows {
            // Each row is two lines tall (the supercells): the name's Miller index goes on the second line.
            let name = sameFilm ? Self.texStacked(r.substrate) : LaTeX.text(r.film) + "$\\,|\\,$" + LaTeX.text(r.substrate)
            let cell = Self.texSupercells(r.filmSupercellNotation, r.substrateSupercellNotation)
            var c = [name, cell, String(r.atomCount), LaTeX.number(r.interfaceAreaA2, 1)]
            if strains {
                let s = r.filmStrain ?? NamedStrains()
                c += [s.principal1Percent, s.principal2Percent, s.arealPercent, s.vonMisesPercent].map { $0.map { LaTeX.number($0, 2) } ?? "--" }
            } else {
                c.append(LaTeX.number(r.strainPercent, 2))
            }
            let wad = LaTeX.number(r.workOfAdhesionJPerM2, 3)
            // The mark goes inside the number's math ("$0.530^{\ddagger}$", never "$…$$^…$").
            c.append(r.unconvergedRelaxations.isEmpty ? wad
                     : wad.hasSuffix("$") ? String(wad.dropLast()) + "^{\\ddagger}$" : wad + "$^{\\ddagger}$")
            let mark = Self.regimeMark(r.wettingRegime).map { "^{\\mathrm{\($0)}}" } ?? ""
            c.append(r.contactAngleDeg.isFinite ? "$" + ReportFormatting.angle(r) + mark + "$" : "--")
            lines.append(c.joined(separator: " & ") + " \\\\[0.3ex]")
        }
        lines.append(LaTeX.bottomRule)
        lines.append("\\end{tabular}")
        lines.append("\\caption{\(caption(sameFilm: sameFilm, strains: strains))}")
        lines.append("\\end{table}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Li7La3Zr2O12(001)" as the formula over its Miller index, left-aligned.
    static func texStacked(_ label: String) -> String {
        guard let open = label.firstIndex(of: "("), open != label.startIndex else { return LaTeX.text(label) }
        return "\\begin{tabular}[t]{@{}l@{}}" + LaTeX.text(String(label[..<open])) + "\\\\" + LaTeX.text(String(label[open...]))
            + "\\end{tabular}"
    }

    /// Film and substrate supercells stacked in one cell, film above substrate.
    static func texSupercells(_ film: SupercellNotation, _ substrate: SupercellNotation) -> String {
        return "\\begin{tabular}[t]{@{}c@{}}" + LaTeX.supercell(film) + "\\\\" + LaTeX.supercell(substrate) + "\\end{tabular}"
    }

    private func caption(sameFilm: Bool, strains: Bool) -> String {
        var parts: [String] = []
        if isStandIn { parts.append("\\textbf{Warning: \(LaTeX.plain(ReportFormatting.standInBanner)).}") }
        if let engineBanner { parts.append("\\textbf{\(LaTeX.plain(engineBanner)).}") }
        let film = sameFilm ? (rows.first.map { " of " + LaTeX.text($0.film) + " on each interlayer" } ?? "") : ""
        parts.append("Work of adhesion $W_\\mathrm{ad}$ and contact angle $\\theta$\(film).")
        parts.append("Engine: " + engines.map(LaTeX.plain).joined(separator: "; ") + "; model: "
            + models.map(LaTeX.plain).joined(separator: "; ") + ".")
        if let unconvergedNote { parts.append(LaTeX.plain(unconvergedNote)) }
        parts.append("Energies: " + energyKinds.map { LaTeX.plain(Self.energyWords($0, engineResult: engineBanner != nil)) }.joined(separator: "; ") + ".")
        parts.append("$W_\\mathrm{ad} = (E_\\mathrm{film} + E_\\mathrm{substrate} - E_\\mathrm{interface})/S$; "
            + "$\\theta$ from Young--Dupr\\'e, $W_\\mathrm{ad} = \\sigma(1 + \\cos\\theta)$, with "
            + sigmaSources.map { "$\\sigma = \(ReportFormatting.fixed($0.value, 3))$~J\\,m$^{-2}$ (" + LaTeX.plain($0.method) + ")" }
                .joined(separator: ", ") + ".")
        parts.append("Supercells of the film (top) and the substrate (bottom) in Wood's notation relative to the primitive "
            + "surface cells, or as matrices (rows in primitive surface-cell vectors); $N$: atoms in the interface cell; "
            + "$S$: interface area; "
            + (strains ? "$\\varepsilon_{1}$, $\\varepsilon_{2}$: principal strains, $\\varepsilon_{A}$: areal strain, "
                + "$\\varepsilon_\\mathrm{vM}$: von Mises strain of the film."
               : "$\\varepsilon$: strain of the film (von Mises)."))
        let marks = Set(rows.compactMap { Self.regimeMark($0.wettingRegime) })
        if marks.contains("a") { parts.append("$^{\\mathrm{a}}$Complete wetting ($W_\\mathrm{ad} \\geq 2\\sigma$, $\\theta = 0$).") }
        if marks.contains("b") { parts.append("$^{\\mathrm{b}}$No adhesion ($W_\\mathrm{ad} \\leq 0$, $\\theta = 180^{\\circ}$).") }
        return parts.joined(separator: " ")
    }

    // MARK: - JSON

    private struct JSONTable: Encodable {
        let banner: String?
        let engine: String?
        let rows: [ReportRow]
    }

    private func json() throws -> String {
        try JSONOutput.text(JSONTable(banner: isStandIn ? ReportFormatting.standInBanner : nil, engine: engineBanner, rows: rows))
    }
}
