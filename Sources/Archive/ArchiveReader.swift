import Foundation
import Crystal
import HDF5

/// Reads an archive. Holds the file open for its lifetime; because writers replace the file
/// by rename, a reader keeps seeing the snapshot it opened.
public final class ArchiveReader {
    /// The archive's path.
    public let path: String
    /// The layout version the archive was written with.
    public let formatVersion: Int64
    private let file: HDF5File

    /// Opens and checks the archive's `format` and `formatVersion`.
    public init(path: String) throws(ArchiveError) {
        self.path = path
        // A FIFO or device would block HDF5's open; refuse it (and directories) up front.
        do { _ = try InputFile.check(path, limitBytes: .max) } catch {
            throw .malformed(file: path, object: "/", expected: "a regular HDF5 file (\(error))")
        }
        // Every byte — the root and the batch files its links lead to — checked against the
        // writer's seal before HDF5 decodes any of it.
        try ArchiveSeal.verify(path)
        let batches = ArchiveWriter(path: path).batchDirectory
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: batches)) ?? []).sorted() where !name.hasPrefix(".") {
            let batch = batches + "/" + name
            do { _ = try InputFile.check(batch, limitBytes: .max) } catch {
                throw .malformed(file: batch, object: "/", expected: "a regular HDF5 batch file (\(error))")
            }
            try ArchiveSeal.verify(batch)
        }
        let file = try archiveHDF5(path) { () throws(HDF5Error) in try HDF5File.open(at: path) }
        self.file = file
        let format = try archiveHDF5(path) { () throws(HDF5Error) in try file.root.attribute("format")?.stringValue }
        guard format == ArchiveFormat.name else { throw .notAnArchive(file: path, found: format) }
        let version = try archiveHDF5(path) { () throws(HDF5Error) in try file.root.attribute("formatVersion")?.int64Value }
        guard let version else { throw .malformed(file: path, object: "/@formatVersion", expected: "an integer") }
        guard version <= ArchiveFormat.version else {
            throw .unsupportedVersion(file: path, found: version, newestSupported: ArchiveFormat.version)
        }
        formatVersion = version
    }

    func rootAttribute(_ name: String) throws(HDF5Error) -> String? { try file.root.attribute(name)?.stringValue }

    /// Ids of all calculations, sorted.
    public func calculationIDs() throws(ArchiveError) -> [String] { try children(ArchiveFormat.calculationsGroup) }

    /// Names of all interfaces, sorted.
    public func interfaceNames() throws(ArchiveError) -> [String] { try children(ArchiveFormat.interfacesGroup) }

    /// Reads one calculation.
    public func calculation(_ id: String) throws(ArchiveError) -> ArchivedCalculation {
        let group = try open(ArchiveFormat.calculationsGroup, id, kind: "calculation")
        return try CalculationLayout.read(group, file: path)
    }

    /// Reads one interface.
    public func interface(_ name: String) throws(ArchiveError) -> ArchivedInterface {
        let group = try open(ArchiveFormat.interfacesGroup, name, kind: "interface")
        return try InterfaceLayout.read(group, file: path)
    }

    /// Reads every interface, in name order.
    public func interfaces() throws(ArchiveError) -> [ArchivedInterface] {
        var result: [ArchivedInterface] = []
        for name in try interfaceNames() { result.append(try interface(name)) }
        return result
    }

    private func children(_ group: String) throws(ArchiveError) -> [String] {
        try archiveHDF5(path) { () throws(HDF5Error) -> [String] in
            guard try file.root.contains(group) else { return [] }
            return try file.root.openGroup(group).childNames().sorted()
        }
    }

    private func open(_ group: String, _ name: String, kind: String) throws(ArchiveError) -> HDF5Group {
        try ArchiveLayout.validName(name, kind: kind)
        let exists = try archiveHDF5(path) { () throws(HDF5Error) in try file.root.contains(group + "/" + name) }
        guard exists else { throw .missing(file: path, kind: kind, name: name) }
        return try archiveHDF5(path) { () throws(HDF5Error) in try file.root.openGroup(group + "/" + name) }
    }
}
