import Archive
import ArgumentParser
import Foundation
import Report
import Workflow

/// `adhere report`: Print the work-of-adhesion table (md, csv, tex, json) and draw a chart.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the work-of-adhesion table (md, csv, tex, json) and draw a chart.",
        discussion: """
            Reads STUDY/archive.h5 (written by `adhere collect`) and prints the paper's table: \
            interface, supercells, atoms, area, strain, W_ad, θ and wetting regime. With --plot, \
            also writes an SVG bar chart of W_ad with θ labels. Numbers from the VASP stand-in \
            carry a banner saying so. The layout of the archive is in docs/archive.md.
            """)

    @Argument(help: "The study folder (holding archive.h5).")
    var study: String = "."

    @Option(help: "Table format.")
    var format: ReportFormat = .md

    @Option(help: "Write an SVG bar chart of W_ad to this file.")
    var plot: String?

    func validate() throws {
        if let plot, plot.isEmpty { throw ValidationError("--plot needs a file name") }
    }

    func run() throws {
        let path = URL(fileURLWithPath: study).appendingPathComponent("archive.h5").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no archive; run `adhere collect \(study)` first", file: path)
        }
        let rows = try Self.rows(ArchiveReader(path: path))
        if rows.isEmpty { Diagnostics.note("\(path): no interfaces in the archive yet") }
        let table = AdhesionTable(rows: rows, engineBanner: try? Self.engineBanner(ArchiveReader(path: path)))
        print(try table.render(format), terminator: "")
        if let plot {
            do {
                try AdhesionBarChart(rows: rows).svg().write(toFile: plot, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot write the chart: \(error.localizedDescription)", file: plot)
            }
        }
    }

    /// The engine line above the table (docs/engines.md): engine, model, dispersion, version.
    static func engineBanner(_ reader: ArchiveReader) throws -> String? {
        let calculations = try reader.calculationIDs().map { id in try reader.calculation(id) }
        return StudyEngine.banner(engines: calculations.map { c in
            (engine: c.engine, model: c.model, dispersion: c.incar["DISPERSION"], version: c.vaspVersion)
        })
    }

    /// Table rows for every interface; a row is flagged as stand-in when the interface or any
    /// of its three calculations is.
    static func rows(_ reader: ArchiveReader) throws -> [ReportRow] {
        var standInCalcs: [String: Bool] = [:]
        for id in try reader.calculationIDs() { standInCalcs[id] = try reader.calculation(id).isStandIn }
        return try reader.interfaces().map { r in
            let calcs = [r.interfaceCalculationID, r.filmCalculationID, r.substrateCalculationID]
            return ReportRow(interface: r.name, film: r.filmLabel, substrate: r.substrateLabel,
                             filmSupercell: r.filmSupercell, substrateSupercell: r.substrateSupercell,
                             atomCount: r.atomCount, strainPercent: r.strainPercent, analysis: r.analysis,
                             isStandIn: r.isStandIn || calcs.contains { standInCalcs[$0] == true })
        }
    }
}
