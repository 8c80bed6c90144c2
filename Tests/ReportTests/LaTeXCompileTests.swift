import Adhesion
import Crystal
import Foundation
import Report
import Testing
import TestSupport

/// The LaTeX outputs compile with plain pdflatex in `\documentclass{article}` (no package),
/// without an error and without an overfull or underfull box. Needs pdflatex
/// (cluster/local/install.sh installs texlive-latex-base and texlive-latex-recommended).
@Suite(.enabled(if: LaTeXTool.pdflatex != nil, "pdflatex is not installed: run cluster/local/install.sh (texlive-latex-base)"))
struct LaTeXCompileTests {
    /// The widest table Adhere writes: long interlayer names with subscripts, Wood names with
    /// roots and rotations, matrices, all four named strain columns, a NaN strain, both regime marks.
    static func widestRows() throws -> [ReportRow] {
        var rows = try ReportTests.rows()
        rows[0].substrate = "LiCF3SO3(001)"
        rows[0].filmSupercellWood = WoodNotationSample.sqrt13
        rows[0].substrateSupercellWood = WoodNotationSample.twoRootTwo
        rows[1].filmStrain = NamedStrains(principal1Percent: -2.345, principal2Percent: 3.21, arealPercent: 0.79, vonMisesPercent: 3.33)
        rows[2].filmStrain = NamedStrains(principal1Percent: .nan, principal2Percent: -1.5, arealPercent: nil, vonMisesPercent: 12.25)
        let w = try WorkOfAdhesion(interfaceEnergyEV: -999, filmEnergyEV: -400, substrateEnergyEV: -600, interfaceAreaA2: 100)
        let unbound = ReportRow(interface: "Li_Li7La3Zr2O12", film: "Li(001)", substrate: "Li7La3Zr2O12(001)",
                            filmSupercell: [[12, -7, 0], [7, 12, 0], [0, 0, 1]], substrateSupercell: [[-3, 2, 0], [1, 11, 0], [0, 0, 1]],
                            atomCount: 12345, strainPercent: .nan,
                            analysis: try AdhesionAnalysis(workOfAdhesion: w, surfaceEnergy: .given(jPerM2: 0.45)), isStandIn: true)
        rows.append(unbound)
        rows[1].unconvergedRelaxations = ["LiF_interface: relaxation not converged (step limit) after 2 attempts"]
        for i in rows.indices { rows[i].engine = "VASP 6.4.2"; rows[i].model = "PBE+D3(zero), PAW" }
        return rows
    }

    @Test func tableCompilesAndFits() throws {
        for rows in [try ReportTests.rows(), try Self.widestRows()] {
            let tex = try AdhesionTable(rows: rows).render(.tex)
            let (status, log, _) = try LaTeXTool.compile(tex)
            #expect(status == 0, "pdflatex failed:\n\(LaTeXTool.problems(log).joined(separator: "\n"))")
            #expect(LaTeXTool.problems(log).isEmpty, "\(LaTeXTool.problems(log))")
            #expect(!tex.lowercased().contains("nan"))
        }
    }

    @Test func methodsCompile() throws {
        let tex = MethodsSection(try ReportSamples.archive()).tex()
        let (status, log, pdf) = try LaTeXTool.compile(tex)
        #expect(status == 0, "pdflatex failed:\n\(LaTeXTool.problems(log).joined(separator: "\n"))")
        #expect(LaTeXTool.problems(log).isEmpty, "\(LaTeXTool.problems(log))")
        #expect(FileManager.default.fileExists(atPath: pdf))
    }

    /// A reader meets text fonts only (no bitmap Type 3 font from a missing glyph).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pdffonts"), "pdffonts (poppler-utils) is not installed"))
    func noBitmapFonts() throws {
        let archive = try ReportSamples.archive()
        let body = try AdhesionTable(rows: archive.rows()).render(.tex) + MethodsSection(archive).tex()
        let (status, _, pdf) = try LaTeXTool.compile(body)
        #expect(status == 0)
        let fonts = Fixtures.run("/usr/bin/pdffonts", [pdf])
        #expect(!fonts.stdout.contains("Type 3"), "\(fonts.stdout)")
    }
}

enum WoodNotationSample {
    static let sqrt13 = WoodNotation(scaleSquared1: 13, scaleSquared2: 13, rotationDeg: 33.690067525979785)
    static let twoRootTwo = WoodNotation(scaleSquared1: 8, scaleSquared2: 8, rotationDeg: 45)
}
