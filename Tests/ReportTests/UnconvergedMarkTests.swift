import Foundation
import Report
import Testing

/// A W_ad whose relaxations did not all converge is never shown as a plain number: the table
/// marks it with ‡ and names the calculations under the table (md) or in the caption (LaTeX).
@Suite struct UnconvergedMarkTests {
    static let note = "LiF-interface: relaxation not converged (step limit) after 2 attempts"

    @Test func markdownMarksOnlyTheUnconvergedRowAndNamesIt() throws {
        var rows = try ReportTests.rows()
        rows[1].unconvergedRelaxations = [Self.note]
        let md = try AdhesionTable(rows: rows).render(.md)
        let tableLines = md.split(separator: "\n").filter { $0.hasPrefix("| Li(001)") }
        #expect(tableLines.count == 3)
        // W_ad 0.53 J/m² (hand-chosen energies, see ReportTests) carries the mark; the others do not.
        #expect(tableLines[1].contains("| 0.530 ‡ |"), "\(tableLines[1])")
        #expect(!tableLines[0].contains("‡") && !tableLines[2].contains("‡"))
        #expect(md.contains("‡ Not a converged relaxation") && md.contains(Self.note), "\(md)")
    }

    @Test func convergedTablesCarryNoMark() throws {
        let rows = try ReportTests.rows()
        for format in [ReportFormat.md, .tex] {
            let text = try AdhesionTable(rows: rows).render(format)
            #expect(!text.contains("‡") && !text.contains("ddagger"), "\(format)")
        }
    }

    @Test func latexMarksTheNumberAndExplainsInTheCaption() throws {
        var rows = try ReportTests.rows()
        rows[1].unconvergedRelaxations = [Self.note]
        let tex = try AdhesionTable(rows: rows).render(.tex)
        #expect(tex.contains("$0.530^{\\ddagger}$"), "\(tex)")
        #expect(tex.contains("$^{\\ddagger}$ Not a converged relaxation"), "\(tex)")
    }
}
