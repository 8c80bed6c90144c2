import Adhesion
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Report
import Testing

/// Rows built from energies chosen by hand so W_ad equals the seed paper's values over 100 Å²:
/// ΔE = W / 16.02176634 × 100 eV. With σ_Li = 0.09/(1 + cos 142°) = 0.424549837 J/m²:
/// W 0.09 → θ 142°, W 0.53 → θ 75.618°, W 0.97 → complete wetting (θ 0).
@Suite struct ReportTests {
    static let sigmaLi = 0.424_549_837

    static func row(_ name: String, film: String, substrate: String, wJPerM2: Double, standIn: Bool = false) throws -> ReportRow {
        let delta = wJPerM2 / 16.021_766_34 * 100
        let w = try WorkOfAdhesion(interfaceEnergyEV: -1000 - delta, filmEnergyEV: -400, substrateEnergyEV: -600, interfaceAreaA2: 100)
        let analysis = try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .given(jPerM2: sigmaLi))
        return ReportRow(interface: name, film: film, substrate: substrate,
                         filmSupercell: [[3, 0, 0], [0, 3, 0], [0, 0, 1]], substrateSupercell: [[1, 1, 0], [-1, 1, 0], [0, 0, 1]],
                         atomCount: 300, strainPercent: 0.5, analysis: analysis, isStandIn: standIn)
    }

    static func rows(standIn: Bool = false) throws -> [ReportRow] {
        [try row("Li_Li2CO3", film: "Li(001)", substrate: "Li2CO3(001)", wJPerM2: 0.09, standIn: standIn),
         try row("Li_LiF", film: "Li(001)", substrate: "LiF(001)", wJPerM2: 0.53),
         try row("Li_Li2O", film: "Li(001)", substrate: "Li2O(111)", wJPerM2: 0.97)]
    }

    @Test func markdownHasPaperColumnsAndNumbers() throws {
        let md = try AdhesionTable(rows: Self.rows()).render(.md)
        let lines = md.split(separator: "\n").map(String.init)
        #expect(lines[0] == "| interface | film supercell | substrate supercell | atoms | area (Å²) | von Mises strain (%) | W_ad (J/m²) | θ (°) | regime |")
        #expect(lines[2] == "| Li(001) \\| Li2CO3(001) | 3×3 | [[1, 1], [-1, 1]] | 300 | 100.00 | 0.50 | 0.090 | 142.0 | partial wetting |")
        #expect(lines[3].contains("| 0.530 | 75.6 | partial wetting |"))
        #expect(lines[4].contains("| 0.970 | 0 | complete wetting |"))
        #expect(!md.contains("stand-in"))
        #expect(md.contains("sigma0"))
    }

    @Test func standInBannerOnlyWhenFlagged() throws {
        let banner = "numbers from the VASP stand-in, not physics"
        for format in ReportFormat.allCases {
            #expect(try AdhesionTable(rows: Self.rows(standIn: true)).render(format).contains(banner), "\(format)")
            #expect(try !AdhesionTable(rows: Self.rows()).render(format).contains(banner), "\(format)")
        }
        #expect(AdhesionBarChart(rows: try Self.rows(standIn: true)).svg().contains(banner))
        #expect(!AdhesionBarChart(rows: try Self.rows()).svg().contains(banner))
    }

    @Test func csvQuotesAndKeepsFullPrecision() throws {
        var rows = try Self.rows()
        rows[0].interface = "Li, \"odd\" name"
        let csv = try AdhesionTable(rows: rows).render(.csv)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].split(separator: ",").count == 24)
        #expect(lines[1].hasPrefix("\"Li, \"\"odd\"\" name\",Li(001),Li2CO3(001),3×3,"))
        // θ in full precision: acos(0.53/0.424549837 − 1) = 75.618 degrees (column contactAngleDeg).
        let header = Self.csvFields(lines[0])
        let column = try #require(header.firstIndex(of: "contactAngleDeg"))
        let theta = try #require(Double(Self.csvFields(lines[2])[column]))
        #expect(abs(theta - 75.618) < 1e-3)
        #expect(Self.csvFields(lines[1])[0] == "Li, \"odd\" name")
    }

    /// Splits one CSV line (RFC 4180 quoting).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { fields.append(field); field = "" } else { field.append(c) }
        }
        return fields + [field]
    }

    @Test func texEscapesAndSubscripts() throws {
        let tex = try AdhesionTable(rows: Self.rows()).render(.tex)
        #expect(tex.contains("\\begin{tabular}[t]{@{}l@{}}Li$_{2}$CO$_{3}$\\\\(001)\\end{tabular} & \\begin{tabular}[t]{@{}c@{}}$3\\times3$\\\\"))
        #expect(tex.contains("Li$_{2}$O\\\\(111)"))
        #expect(tex.contains("\\begin{tabular}") && tex.contains("\\end{table}"))
        #expect(tex.contains("$\\varepsilon$") && tex.contains("(\\%)"))
        #expect(!tex.contains("\\usepackage") && !tex.contains("\\toprule"))
        // Complete wetting (0.97 J/m² ≥ 2σ) is marked on θ and explained in the caption.
        #expect(tex.contains("$0^{\\mathrm{a}}$") && tex.contains("Complete wetting"))
    }

    @Test func jsonRoundTrips() throws {
        let rows = try Self.rows(standIn: true)
        let json = try AdhesionTable(rows: rows).render(.json)
        struct Table: Decodable { let banner: String?; let rows: [ReportRow] }
        let table = try JSONDecoder().decode(Table.self, from: Data(json.utf8))
        #expect(table.rows == rows)
        #expect(table.banner == "numbers from the VASP stand-in, not physics")
        let plain = try JSONDecoder().decode(Table.self, from: Data(try AdhesionTable(rows: Self.rows()).render(.json).utf8))
        #expect(plain.banner == nil)
    }

    /// The SVG is well-formed XML (FoundationXML's parser), has one bar per row, bar heights in
    /// proportion to W_ad (0.97 / 0.53), and θ labels.
    @Test func svgBarChart() throws {
        let svg = AdhesionBarChart(rows: try Self.rows()).svg()
        final class Collector: NSObject, XMLParserDelegate {
            var barHeights: [Double] = []
            var texts: [String] = []
            var inTheta = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "rect", attributes["class"] == "bar", let h = attributes["height"].flatMap(Double.init) { barHeights.append(h) }
                inTheta = name == "text" && attributes["class"] == "theta"
                if inTheta { texts.append("") }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inTheta { texts[texts.count - 1] += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { inTheta = false }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.barHeights.count == 3)
        #expect(abs(collector.barHeights[2] / collector.barHeights[1] - 0.97 / 0.53) < 0.01)
        #expect(collector.texts == ["θ = 142.0°", "θ = 75.6°", "θ = 0°"])
    }
}

@Suite struct ReportSurfaceEnergyFitTests {
    /// σ from a synthetic Fiorentini–Methfessel series (A = 10 Å², σ = 0.03 eV/Å² = 0.4807 J/m²,
    /// E(N) = 0.6 − 1.9 N): the markdown shows the method and the fit with its residuals.
    @Test func markdownShowsTheFit() throws {
        let fit = try FiorentiniMethfesselFit(points: [4, 6, 8].map { SlabEnergyPoint(size: $0, energyEV: 0.6 - 1.9 * Double($0)) },
                                              surfaceAreaA2: 10)
        let w = try WorkOfAdhesion(interfaceEnergyEV: -1001, filmEnergyEV: -400, substrateEnergyEV: -600, interfaceAreaA2: 100)
        let analysis = try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .fiorentiniMethfessel(fit))
        let row = ReportRow(interface: "x", film: "Li(001)", substrate: "LiF(001)", filmSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                            substrateSupercell: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], atomCount: 10, strainPercent: 0,
                            analysis: analysis, isStandIn: false)
        #expect(abs(row.surfaceEnergyJPerM2 - 0.4806529902) < 1e-9)
        let md = try AdhesionTable(rows: [row]).render(.md)
        #expect(md.contains("Fiorentini–Methfessel fit over 3 slabs"))
        #expect(md.contains("slope E_bulk = -1.900000 eV"))
        #expect(md.contains("residual (meV)"))
        #expect(md.contains("σ = 0.4807 J/m²"))
    }
}
