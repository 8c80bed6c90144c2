import Adhesion
import Archive
import Checksum
import Crystal
import Foundation

/// Why the supporting information could not be written.
public enum SupportingInformationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder exists and holds files (the SI is never written over older files).
    case folderNotEmpty(String)
    /// A file or folder could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .folderNotEmpty(path): return "\(path): folder is not empty; give a new or empty folder for --si"
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        }
    }
}

/// One file of the SI folder in the manifest: where it is, its checksum, and which archive
/// record it was written from.
public struct SupportingFile: Codable, Equatable, Sendable {
    /// Path relative to the SI folder.
    public var path: String
    /// SHA-256 of the file's bytes (64 hex digits).
    public var sha256: String
    /// Size in bytes.
    public var bytes: Int
    /// The archive objects it comes from, e.g. `/calculations/LiF-film/finalStructure`.
    public var records: [String]
    /// What the file holds.
    public var description: String
}

/// The supporting information of a study, written from its archive: every calculation's final
/// structure (POSCAR and CIF), a CSV of all energies with their definitions, the σ fit, the
/// scan curves where recorded, the table, and `manifest.json` tying each file to its archive
/// record and SHA-256 checksum.
public struct SupportingInformation: Sendable {
    /// The archive read.
    public var archive: StudyArchive

    /// The SI of this archive.
    public init(archive: StudyArchive) { self.archive = archive }

    /// The manifest written as `manifest.json`.
    public struct Manifest: Codable, Equatable, Sendable {
        /// Set when any number comes from the VASP stand-in.
        public var banner: String?
        /// The archive the SI was written from: its path and SHA-256 at the time.
        public var archivePath: String
        public var archiveSHA256: String?
        /// Every file but the manifest itself.
        public var files: [SupportingFile]
    }

    /// Writes the SI into `directory` (created; must be new or empty) and returns the manifest.
    @discardableResult
    public func write(to directory: String) throws(SupportingInformationError) -> Manifest {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            let contents = (try? fm.contentsOfDirectory(atPath: directory)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else { throw .folderNotEmpty(directory) }
        }
        var files: [SupportingFile] = []
        func put(_ relative: String, _ text: String, records: [String], description: String) throws(SupportingInformationError) {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
            let bytes = Array(text.utf8)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw .cannotWrite(path: url.path, reason: error.localizedDescription)
            }
            files.append(SupportingFile(path: relative, sha256: SHA256.hex(bytes), bytes: bytes.count, records: records,
                                        description: description))
        }

        let banner = isStandIn ? ReportFormatting.standInBanner : nil
        let warning = banner.map { "WARNING: \($0)" }

        // Structures.
        for id in archive.calculations.keys.sorted() {
            let c = archive.calculations[id]!
            guard let s = c.finalStructure else { continue }
            let record = "/calculations/\(id)/finalStructure"
            let comment = "\(id) (\(c.role)) final structure, \(record)" + (c.isStandIn ? " [stand-in, not VASP]" : "")
            try put("structures/\(Self.fileName(id)).vasp", POSCAR.string(s, comment: comment), records: [record],
                    description: "final structure of \(id) (\(c.role)), VASP 5 POSCAR, atoms grouped by species")
            try put("structures/\(Self.fileName(id)).cif", CIF.string(s, dataBlock: Self.fileName(id)), records: [record],
                    description: "final structure of \(id) (\(c.role)), CIF in P 1")
        }

        // Energies.
        try put("energies.csv", energiesCSV(warning: warning), records: ["/calculations/*/energies", "/interfaces/*"],
                description: "every energy and adhesion number with its unit, definition and archive record")

        // σ fits.
        var fitsSeen = Set<String>()
        for i in archive.interfaces {
            guard case let .fiorentiniMethfessel(fit) = i.analysis.surfaceEnergy else { continue }
            let key = "\(fit.interceptEV)|\(fit.bulkEnergyPerUnitEV)"
            guard fitsSeen.insert(key).inserted else { continue }
            let name = fitsSeen.count == 1 ? "surface-energy-fit.csv" : "surface-energy-fit-\(fitsSeen.count).csv"
            let slabs = archive.surfaceEnergySlabs(of: i)
            try put(name, Self.fitCSV(fit, film: i.filmLabel, slabs: slabs, kind: i.analysis.energyKind, warning: warning),
                    records: ["/interfaces/\(i.name)/surfaceEnergy"] + slabs.map { "/calculations/\($0.id)/energies" },
                    description: "Fiorentini–Methfessel fit of σ for \(i.filmLabel): slabs, energies, fit and residuals")
        }

        // Scans.
        for i in archive.interfaces {
            for curve in archive.scans[i.name] ?? [] {
                let name = curve.path.split(separator: "/").last.map(String.init) ?? "scan"
                try put("scans/\(Self.fileName(i.name))-\(Self.fileName(name)).csv", Self.seriesCSV(curve, warning: warning),
                        records: [curve.path], description: "scan curve \(name) of \(i.name)" + (curve.definition.map { ": \($0)" } ?? ""))
            }
        }

        // The table.
        let table = (try? AdhesionTable(rows: archive.rows()).render(.csv)) ?? ""
        try put("adhesion-table.csv", table, records: archive.interfaces.map { "/interfaces/\($0.name)" },
                description: "the paper's table: supercells, atoms, area, strain, W_ad, σ, θ, regime")

        let manifest = Manifest(banner: banner, archivePath: archive.path,
                                archiveSHA256: FileManager.default.contents(atPath: archive.path).map { SHA256.hex(Array($0)) },
                                files: files)
        let manifestText: String
        do { manifestText = try JSONOutput.text(manifest) } catch {
            throw .cannotWrite(path: directory + "/manifest.json", reason: "\(error)")
        }
        let url = URL(fileURLWithPath: directory).appendingPathComponent("manifest.json")
        do { try Data(manifestText.utf8).write(to: url, options: .atomic) } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        return manifest
    }

    var isStandIn: Bool { archive.calculations.values.contains { $0.isStandIn } || archive.interfaces.contains { $0.isStandIn } }

    /// A name safe as a file name: letters, digits, '-', '_' and '.'; anything else becomes '_'.
    static func fileName(_ text: String) -> String {
        let safe = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
        return safe.isEmpty || safe.hasPrefix(".") ? "_" + safe : safe
    }

    /// One row per number: record, quantity, value, unit, definition.
    func energiesCSV(warning: String?) -> String {
        var lines: [String] = []
        if let warning { lines.append("# \(warning)") }
        lines.append("# Every energy behind the reported numbers, from the archive (archive.h5). Energies are VASP's, as reported, last ionic step unless stated.")
        lines.append("record,quantity,value,unit,definition")
        func row(_ record: String, _ quantity: String, _ value: Double?, _ unit: String, _ definition: String) {
            lines.append([record, quantity, ReportFormatting.exact(value), unit, definition].map(ReportFormatting.csv).joined(separator: ","))
        }
        for id in archive.calculations.keys.sorted() {
            let c = archive.calculations[id]!
            let record = "/calculations/\(id)/energies"
            for kind in EnergyKind.allCases {
                row(record, "\(Self.datasetName(kind)) (\(c.role))", c.finalEnergyEV(kind), "eV",
                    kind.definition + "; \(c.energies.count) ionic steps recorded")
            }
        }
        for i in archive.interfaces {
            let a = i.analysis
            let w = a.workOfAdhesion
            let record = "/interfaces/\(i.name)"
            let kind = a.energyKind.definition
            row(record, "interfaceEnergyEV", w.interfaceEnergyEV, "eV", "E_interface of \(i.interfaceCalculationID): \(kind)")
            row(record, "filmEnergyEV", w.filmEnergyEV, "eV", "E_film of \(i.filmCalculationID): \(kind)")
            row(record, "substrateEnergyEV", w.substrateEnergyEV, "eV", "E_substrate of \(i.substrateCalculationID): \(kind)")
            row(record, "interfaceAreaA2", w.interfaceAreaA2, "angstrom^2", "interface area S = |a x b|")
            row(record, "workOfAdhesionEVPerA2", w.eVPerA2, "eV/angstrom^2", "W_ad = (E_film + E_substrate - E_interface) / S")
            row(record, "workOfAdhesionJPerM2", w.jPerM2, "J/m^2", "W_ad in J/m^2 (1 eV/angstrom^2 = 16.02176634 J/m^2)")
            row(record, "surfaceEnergyJPerM2", a.surfaceEnergy.jPerM2, "J/m^2", "sigma of the film metal: \(a.surfaceEnergy.method)")
            row(record, "contactAngleDeg", a.contactAngle.degrees, "degree",
                "Young-Dupre W_ad = sigma (1 + cos theta); \(a.contactAngle.regime.rawValue)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func datasetName(_ kind: EnergyKind) -> String {
        switch kind {
        case .sigma0: return "energySigma0EV"
        case .free: return "freeEnergyEV"
        case .withoutEntropy: return "energyWithoutEntropyEV"
        }
    }

    /// The fit as CSV: a commented header with the equation, slope, intercept and σ, then one
    /// row per slab with its calculation (matched by energy), energy, fitted energy and residual.
    static func fitCSV(_ fit: FiorentiniMethfesselFit, film: String, slabs: [ArchivedCalculation], kind: EnergyKind,
                       warning: String?) -> String {
        var lines: [String] = []
        if let warning { lines.append("# \(warning)") }
        lines += [
            "# Surface energy of \(film): Fiorentini-Methfessel fit E_slab(N) = 2 A sigma + N E_bulk (least squares)",
            "# energies: \(kind.definition)",
            "# A (one face) = \(fit.surfaceAreaA2) angstrom^2",
            "# slope E_bulk = \(fit.bulkEnergyPerUnitEV) eV per layer",
            "# intercept 2 A sigma = \(fit.interceptEV) eV",
            "# sigma = \(fit.surfaceEnergyEVPerA2) eV/angstrom^2 = \(fit.surfaceEnergyJPerM2) J/m^2",
            "layers,calculation,energyEV,fitEV,residualEV",
        ]
        for (p, r) in zip(fit.points, fit.residualsEV) {
            let calc = slabs.first { $0.finalEnergyEV(kind) == p.energyEV }?.id ?? ""
            lines.append([String(p.size), calc, ReportFormatting.exact(p.energyEV), ReportFormatting.exact(p.energyEV - r),
                          ReportFormatting.exact(r)].map(ReportFormatting.csv).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A recorded series as CSV: one value per line (a 2-D dataset: one row per line).
    static func seriesCSV(_ s: ArchivedSeries, warning: String?) -> String {
        var lines: [String] = []
        if let warning { lines.append("# \(warning)") }
        lines.append("# \(s.path)" + (s.unit.map { ", unit \($0)" } ?? "") + (s.definition.map { ": \($0)" } ?? ""))
        let width = s.shape.count == 2 ? max(1, s.shape[1]) : 1
        lines.append(width == 1 ? "value" : (0..<width).map { "column\($0 + 1)" }.joined(separator: ","))
        for start in stride(from: 0, to: s.values.count, by: width) {
            lines.append(s.values[start..<min(start + width, s.values.count)].map { ReportFormatting.exact($0) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
