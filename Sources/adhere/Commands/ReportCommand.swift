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

    @Option(help: "Table format: md, csv, tex or json.")
    var format: String = "md"

    @Option(help: "Write an SVG bar chart of W_ad to this file.")
    var plot: String?

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of md, csv, tex, json; got '\(format)'")
        }
        if let plot, plot.isEmpty { throw ValidationError("--plot needs a file name") }
    }

    func run() throws {
        let path = URL(fileURLWithPath: study).appendingPathComponent("archive.h5").path
        guard FileManager.default.fileExists(atPath: path) else {
            fail("\(path): no archive; run `adhere collect \(study)` first")
        }
        let rows: [ReportRow]
        do {
            rows = try Self.rows(ArchiveReader(path: path))
        } catch {
            fail("\(error)")
        }
        if rows.isEmpty {
            FileHandle.standardError.write(Data("\(path): no interfaces in the archive yet\n".utf8))
        }
        let table = AdhesionTable(rows: rows, engineBanner: try? Self.engineBanner(ArchiveReader(path: path)))
        print(try table.render(ReportFormat(rawValue: format) ?? .md), terminator: "")
        if let plot {
            do {
                try AdhesionBarChart(rows: rows).svg().write(toFile: plot, atomically: true, encoding: .utf8)
            } catch {
                fail("\(plot): cannot write the chart: \(error.localizedDescription)")
            }
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    /// Table rows for every interface; a row is flagged as stand-in when the interface or any
    /// of its three calculations is.
    /// The engine line above the table (docs/engines.md): engine, model, dispersion, version.
    static func engineBanner(_ reader: ArchiveReader) throws -> String? {
        let calculations = try reader.calculationIDs().map { id in try reader.calculation(id) }
        return StudyEngine.banner(engines: calculations.map { c in
            (engine: c.engine, model: c.model, dispersion: c.incar["DISPERSION"], version: c.vaspVersion)
        })
    }

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
