import Adhesion
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Report
import Testing
import TestSupport

/// The chart: the complete-wetting line at W_ad = 2σ, published values beside Adhere's, θ on
/// the bars, as SVG and as PDF.
@Suite struct ChartTests {
    static let references = """
        # source: W. Ji et al., Nat. Commun. 15, 9920 (2024)
        # short: Ji et al. 2024
        interlayer,workOfAdhesionJPerM2,contactAngleDeg
        Li2CO3,0.09,142
        LiF,0.53,
        Li2O,0.97,0
        """

    /// Elements with their attributes; a `text` element's characters include its `tspan`s'.
    final class SVGElements: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], text: String)] = []
        var openText: Int?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name != "tspan" { elements.append((name, attributes, "")) }
            if name == "text" { openText = elements.count - 1 }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" { openText = nil }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let i = openText { elements[i].text += string }
        }
        func `class`(_ c: String) -> [(name: String, attributes: [String: String], text: String)] { elements.filter { $0.attributes["class"] == c } }
    }

    static func parse(_ svg: String) -> SVGElements {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = SVGElements()
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed: \(String(describing: parser.parserError))")
        return collector
    }

    /// σ = 0.424549837 J/m² → 2σ = 0.849 J/m²: the dashed line sits where a bar of that height would end.
    @Test func wettingLineAtTwoSigmaAndReferences() throws {
        let chart = AdhesionBarChart(rows: try ReportTests.rows(), references: try ReferenceValues.parse(Self.references))
        let svg = Self.parse(chart.svg())
        let line = try #require(svg.class("wetting-line").first)
        let bars = svg.class("bar")
        #expect(bars.count == 3)
        // Bar 2 is W_ad = 0.53: its top y and the baseline give the scale.
        let top = Double(bars[1].attributes["y"]!)!, height = Double(bars[1].attributes["height"]!)!
        let baseline = top + height
        let lineY = Double(line.attributes["y1"]!)!
        #expect(abs((baseline - lineY) / height - 2 * ReportTests.sigmaLi / 0.53) < 1e-3)
        #expect(svg.class("wetting-label").first?.text.contains("2σ = 0.849 J/m²") == true)
        // References beside all three bars (matched by the substrate's formula), with their θ where published.
        let refs = svg.class("reference")
        #expect(refs.count == 3)
        #expect(abs(Double(refs[2].attributes["height"]!)! / Double(refs[0].attributes["height"]!)! - 0.97 / 0.09) < 1e-3)
        #expect(svg.class("reference-theta").map(\.text) == ["θ = 142°", "0.53", "θ = 0°"])
        #expect(svg.class("theta").map(\.text) == ["θ = 142.0°", "θ = 75.6°", "θ = 0°"])
        #expect(svg.class("legend").map(\.text).contains("Ji et al. 2024"))
    }

    /// The PDF: header, one page, an xref table whose offsets point at the objects, the texts drawn.
    @Test func pdfIsWellFormed() throws {
        let chart = AdhesionBarChart(rows: try ReportTests.rows(standIn: true), references: try ReferenceValues.parse(Self.references))
        let pdf = chart.pdf()
        let bytes = [UInt8](pdf)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4"))
        #expect(text.hasSuffix("%%EOF\n"))
        let startxref = try #require(text.range(of: "startxref\n"))
        let offset = Int(text[startxref.upperBound...].split(separator: "\n")[0])!
        #expect(String(decoding: bytes[offset..<offset + 4], as: UTF8.self) == "xref")
        let xrefLines = String(decoding: bytes[offset...], as: UTF8.self).split(separator: "\n")
        for (k, line) in xrefLines[3..<10].enumerated() {
            let objectOffset = Int(line.prefix(10))!
            #expect(String(decoding: bytes[objectOffset..<objectOffset + 8], as: UTF8.self) == "\(k + 1) 0 obj\n")
        }
        #expect(text.contains("(numbers from the VASP stand-in, not physics) Tj"))
        #expect(text.contains("/BaseFont /Symbol"))
    }

    @Test(.enabled(if: LaTeXTool.pdftoppm != nil, "pdftoppm (poppler-utils) is not installed"))
    func pdfRenders() throws {
        let dir = try Fixtures.temporaryDirectory("adhere-chart")
        let pdf = dir.appendingPathComponent("chart.pdf")
        try AdhesionBarChart(rows: try ReportTests.rows()).pdf().write(to: pdf)
        let result = Fixtures.run(LaTeXTool.pdftoppm!, ["-r", "30", "-png", pdf.path, dir.appendingPathComponent("chart").path])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("chart-1.png").path))
    }

    @Test func referenceFileErrorsNameTheLine() {
        #expect(throws: ReferenceValuesError(file: "<string>", line: 3, message: "W_ad 'x' is not a number in -10.0…100.0")) {
            try ReferenceValues.parse("# source: s\ninterlayer,workOfAdhesionJPerM2,contactAngleDeg\nLiF,x,\n")
        }
        #expect(throws: ReferenceValuesError.self) { try ReferenceValues.parse("interlayer,workOfAdhesionJPerM2,contactAngleDeg\nLiF,1,\n") }
    }

    /// The shipped file of the seed paper's values reads: 0.09, 0.53, 0.97 J/m²; θ 142°, 0°, 25°.
    @Test func shippedReferenceFile() throws {
        let refs = try ReferenceValues.read(path: Fixtures.project("structures/references/ji-2024-li-llzto.csv"))
        #expect(refs.source.contains("Nat. Commun. 15, 9920 (2024)"))
        #expect(refs.entries.map(\.workOfAdhesionJPerM2) == [0.09, 0.53, 0.97, nil])
        #expect(refs.entries.map(\.contactAngleDeg) == [142, nil, 0, 25])
    }
}

/// Issue 13: a NaN (a damaged archive's strain) never prints as "nan", and JSON still encodes.
@Suite struct NonFiniteTests {
    @Test func tablesShowADashAndJSONHasNull() throws {
        var rows = try ReportTests.rows()
        rows[0].strainPercent = .nan
        rows[1].strainPercent = .infinity
        rows[2].filmStrain = NamedStrains(principal1Percent: .nan, principal2Percent: 1, arealPercent: -.infinity, vonMisesPercent: 2)
        let table = AdhesionTable(rows: rows)
        for format in [ReportFormat.md, .csv, .tex] {
            let text = try table.render(format).lowercased()
            #expect(!text.contains("nan") && !text.contains("inf"), "\(format)")
        }
        #expect(try table.render(.md).contains("| 100.00 | — | — | — | — | 0.090 |"))  // ε₁, ε₂, areal, then von Mises (the row's strain)
        let json = try table.render(.json)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let first = (object?["rows"] as? [[String: Any]])?.first
        #expect(first?["strainPercent"] is NSNull)
    }
}
