import Archive
import ArgumentParser
import Foundation
import Report
import Workflow

/// `adhere report`: the work-of-adhesion table (md, csv, tex, json), the methods paragraph, the
/// supporting information folder and the chart, all from the archive.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the work-of-adhesion table, the methods paragraph or the SI, and draw a chart.",
        discussion: """
            Reads STUDY/archive.h5 (written by `adhere collect`) and prints the paper's table: \
            interface, supercells (Wood's notation where it exists), atoms, area, strain, W_ad, θ \
            and wetting regime. --format tex writes a table that compiles with plain pdflatex. \
            --methods prints the computational-details paragraph (md or tex) from what the \
            archive records. --si DIR writes the supporting information: final structures \
            (POSCAR, CIF), all energies with definitions, the σ fit, scans, and a manifest with \
            SHA-256 checksums. --plot FILE draws the chart (.svg or .pdf), with published values \
            beside Adhere's from --references FILE. Numbers from the VASP stand-in carry a banner \
            saying so. See docs/report.md.
            """)

    @Argument(help: "The study folder (holding archive.h5).")
    var study: String = "."

    @Option(help: "Output format (--methods: md or tex).")
    var format: ReportFormat = .md

    @Flag(help: "Print the computational-details paragraph instead of the table.")
    var methods = false

    @Option(help: ArgumentHelp("Write the supporting information into this folder (created; must be new or empty).", valueName: "dir"))
    var si: String?

    @Option(help: "Write a bar chart of W_ad to this file: .svg or .pdf.")
    var plot: String?

    @Option(help: ArgumentHelp("Published values to draw beside Adhere's on the chart (CSV, e.g. structures/references/ji-2024-li-llzto.csv).", valueName: "file"))
    var references: String?

    func validate() throws {
        if methods && format != .md && format != .tex { throw ValidationError("--methods prints md or tex; got --format \(format.rawValue)") }
        if let plot {
            let ext = URL(fileURLWithPath: plot).pathExtension.lowercased()
            guard ext == "svg" || ext == "pdf" else { throw ValidationError("--plot needs a .svg or .pdf file name; got '\(plot)'") }
        }
        if let si, si.isEmpty { throw ValidationError("--si needs a folder name") }
        if references != nil && plot == nil { throw ValidationError("--references is drawn on the chart: give --plot too") }
    }

    func run() throws {
        let path = URL(fileURLWithPath: study).appendingPathComponent("archive.h5").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no archive; run `adhere collect \(study)` first", file: path)
        }
        let published = try references.map { try ReferenceValues.read(path: $0) }  // before any output
        let archive = try StudyArchive(reader: ArchiveReader(path: path))
        if archive.interfaces.isEmpty { Diagnostics.note("\(path): no interfaces in the archive yet") }
        let rows = archive.rows()
        if methods {
            let section = MethodsSection(archive)
            print(format == .tex ? section.tex() : section.markdown(), terminator: "")
        } else if si == nil {
            print(try AdhesionTable(rows: rows, engineBanner: Self.engineBanner(archive)).render(format), terminator: "")
            if format == .md { print(ConstructionSummary(archive).markdown(), terminator: "") }
        }
        if let si {
            let manifest = try SupportingInformation(archive: archive).write(to: si)
            Diagnostics.note("supporting information: \(manifest.files.count + 1) files in \(si) (manifest.json lists them with SHA-256)")
        }
        if let plot {
            let chart = AdhesionBarChart(rows: rows, references: published)
            do {
                if URL(fileURLWithPath: plot).pathExtension.lowercased() == "pdf" {
                    try chart.pdf().write(to: URL(fileURLWithPath: plot), options: .atomic)
                } else {
                    try chart.svg().write(toFile: plot, atomically: true, encoding: .utf8)
                }
            } catch {
                throw CommandFailure("cannot write the chart: \(error.localizedDescription)", file: plot)
            }
        }
    }
}

extension ReportCommand {
    /// The engine line above the table (docs/engines.md): engine, model, dispersion, version —
    /// from the records the report already read (the archive is opened and read once).
    static func engineBanner(_ archive: StudyArchive) -> String? {
        let calculations = archive.calculations.values.sorted { $0.id < $1.id }
        return StudyEngine.banner(engines: calculations.map { c in
            (engine: c.engine, model: c.model, dispersion: c.incar["DISPERSION"], version: c.vaspVersion)
        })
    }
}
