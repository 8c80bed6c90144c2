import Foundation

/// Output formats of the paper's table.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, csv, tex, json
}

/// The paper's table: interface, supercells, atoms, area, strain, W_ad, θ, regime. Carries the
/// "numbers from the VASP stand-in, not physics" banner whenever a row is flagged.
public struct AdhesionTable: Sendable {
    /// The rows, in the order given.
    public var rows: [ReportRow]
    /// Which engine and model made the numbers, printed above the table (docs/engines.md),
    /// e.g. "Engine: mlip sevennet-0 + d3bj — a machine-learned prescreen, not DFT".
    public var engineBanner: String?

    /// A table of these rows.
    public init(rows: [ReportRow], engineBanner: String? = nil) {
        self.rows = rows
        self.engineBanner = engineBanner
    }

    /// True when any row's numbers come from the stand-in.
    public var isStandIn: Bool { rows.contains { $0.isStandIn } }

    /// The table in the given format.
    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .md: return markdown()
        case .csv: return csv()
        case .tex: return tex()
        case .json: return try json()
        }
    }

    static let headers = ["interface", "film supercell", "substrate supercell", "atoms", "area (Å²)", "strain (%)",
                          "W_ad (J/m²)", "θ (°)", "regime"]

    private func cells(_ r: ReportRow) -> [String] {
        ["\(r.film) | \(r.substrate)", ReportFormatting.supercell(r.filmSupercell),
         ReportFormatting.supercell(r.substrateSupercell), String(r.atomCount),
         ReportFormatting.fixed(r.interfaceAreaA2, 2), ReportFormatting.fixed(r.strainPercent, 2),
         ReportFormatting.fixed(r.workOfAdhesionJPerM2, 3), ReportFormatting.angle(r), r.wettingRegime]
    }

    private var energyNote: String {
        let kinds = Set(rows.map(\.energyKind)).sorted()
        let sigmas = Set(rows.map { ReportFormatting.fixed($0.surfaceEnergyJPerM2, 4) }).sorted()
        return "Energies: \(kinds.joined(separator: ", ")) (sigma0 = VASP energy extrapolated to σ→0). "
            + "θ from Young–Dupré W_ad = σ(1 + cos θ) with σ = \(sigmas.joined(separator: ", ")) J/m² "
            + "(\(Set(rows.map(\.surfaceEnergyMethod)).sorted().joined(separator: "; ")))."
    }

    private func markdown() -> String {
        var lines: [String] = []
        if isStandIn { lines += ["> **Warning: \(ReportFormatting.standInBanner).**", ""] }
        if let engineBanner { lines += ["> **\(engineBanner)**", ""] }
        lines.append("| " + Self.headers.joined(separator: " | ") + " |")
        lines.append("|" + Self.headers.enumerated().map { $0.offset == 0 || $0.offset == 8 ? "---" : "---:" }.joined(separator: "|") + "|")
        for r in rows { lines.append("| " + cells(r).map(ReportFormatting.markdown).joined(separator: " | ") + " |") }
        lines += ["", energyNote]
        var seen = Set<String>()
        for r in rows {
            guard let fit = r.surfaceEnergyFit, seen.insert(fit).inserted else { continue }
            lines += ["", "Surface energy of \(ReportFormatting.markdown(r.film)) (\(r.surfaceEnergyMethod)):", "", "```", fit, "```"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func csv() -> String {
        var lines: [String] = []
        if isStandIn { lines.append("# \(ReportFormatting.standInBanner)") }
        if let engineBanner { lines.append("# \(engineBanner)") }
        lines.append(["interface", "film", "substrate", "filmSupercell", "substrateSupercell", "atoms", "areaA2",
                      "strainPercent", "workOfAdhesionJPerM2", "workOfAdhesionEVPerA2", "surfaceEnergyJPerM2",
                      "contactAngleDeg", "wettingRegime", "energyKind", "standIn"].joined(separator: ","))
        for r in rows {
            let fields = [r.interface, r.film, r.substrate, ReportFormatting.supercell(r.filmSupercell),
                          ReportFormatting.supercell(r.substrateSupercell), String(r.atomCount),
                          String(r.interfaceAreaA2), String(r.strainPercent), String(r.workOfAdhesionJPerM2),
                          String(r.workOfAdhesionEVPerA2), String(r.surfaceEnergyJPerM2), String(r.contactAngleDeg),
                          r.wettingRegime, r.energyKind, r.isStandIn ? "true" : "false"]
            lines.append(fields.map(ReportFormatting.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func tex() -> String {
        var lines: [String] = []
        if isStandIn { lines.append("% WARNING: \(ReportFormatting.standInBanner)") }
        if let engineBanner { lines.append("% \(engineBanner)") }
        lines += ["\\begin{table}", "\\centering", "\\begin{tabular}{lllrrrrrl}", "\\hline",
                  "Interface & Film SC & Substrate SC & Atoms & Area (\\AA$^2$) & Strain (\\%) & $W_\\mathrm{ad}$ (J/m$^2$) & $\\theta$ ($^\\circ$) & Regime \\\\",
                  "\\hline"]
        for r in rows {
            let c = cells(r)
            let row = [ReportFormatting.tex(r.film) + " $|$ " + ReportFormatting.tex(r.substrate)]
                + c.dropFirst().map(ReportFormatting.tex)
            lines.append(row.joined(separator: " & ") + " \\\\")
        }
        var caption = "Work of adhesion and contact angle. " + ReportFormatting.tex(energyNote)
        if isStandIn { caption = "\\textbf{Warning: \(ReportFormatting.standInBanner).} " + caption }
        if let engineBanner { caption = "\\textbf{\(ReportFormatting.tex(engineBanner))} " + caption }
        lines += ["\\hline", "\\end{tabular}", "\\caption{\(caption)}", "\\end{table}"]
        return lines.joined(separator: "\n") + "\n"
    }

    private struct JSONTable: Encodable {
        let banner: String?
        let engine: String?
        let rows: [ReportRow]
    }

    private func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(JSONTable(banner: isStandIn ? ReportFormatting.standInBanner : nil, engine: engineBanner, rows: rows))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
