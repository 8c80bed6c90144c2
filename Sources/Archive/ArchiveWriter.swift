import Foundation
import HDF5

/// Appends records to an archive so that a crash or `kill -9` at any moment leaves a readable
/// archive holding every earlier commit — without copying the data already there.
///
/// The archive is a small root file (`archive.h5`) whose `/calculations/<id>` and
/// `/interfaces/<name>` are HDF5 external links into immutable batch files in the folder
/// beside it (`archive.h5.d/batch-….h5`). A commit, under an exclusive lock:
/// 1. writes the new records into a new batch file (hidden temporary name, fsync, rename);
/// 2. copies the root (links only: about 100 bytes per record), points the new records' links
///    at the batch (replacing older links for the same names when `replace`), fsyncs the copy
///    and renames it over the root (atomic), then fsyncs the folder.
/// The rename of step 2 is the commit. A crash before it leaves the old root, which never
/// points into the new batch (an unreferenced batch is harmless). Readers — Adhere's or any
/// HDF5 reader such as h5py — follow the links transparently. A commit costs the new records
/// plus one copy of the root, not of the data (docs/archive.md).
public struct ArchiveWriter: Sendable {
    /// The archive's path (e.g. `STUDY/archive.h5`).
    public let path: String
    /// Text written as the root's `writer` attribute.
    public let writerName: String

    /// A writer for the archive at `path` (created on the first commit).
    public init(path: String, writerName: String = "adhere") {
        self.path = path
        self.writerName = writerName
    }

    /// The folder holding the batch files, beside the root.
    public var batchDirectory: String { path + ".d" }

    /// Adds (or, with `replace`, replaces) calculations and interfaces in one atomic step.
    /// Without `replace`, an id already in the archive is an error and nothing is written.
    public func commit(calculations: [ArchivedCalculation] = [], interfaces: [ArchivedInterface] = [],
                       replace: Bool = false) throws(ArchiveError) {
        for c in calculations { try ArchiveLayout.validName(c.id, kind: "calculation") }
        for i in interfaces { try ArchiveLayout.validName(i.name, kind: "interface") }
        if let dup = firstDuplicate(calculations.map(\.id)) { throw .duplicate(kind: "calculation", name: dup) }
        if let dup = firstDuplicate(interfaces.map(\.name)) { throw .duplicate(kind: "interface", name: dup) }
        if calculations.isEmpty && interfaces.isEmpty { return }

        try CrashSafeFile.withLock(path) { () throws(ArchiveError) in
            CrashSafeFile.removeStaleTemporaries(path)
            CrashSafeFile.removeStaleTemporaries(batchDirectory + "/batch")
            let exists = FileManager.default.fileExists(atPath: path)
            var createdAt = ArchiveLayout.dateText(Date())
            if exists {
                let reader = try ArchiveReader(path: path)
                if !replace {
                    let calcs = Set(try reader.calculationIDs()), ifaces = Set(try reader.interfaceNames())
                    if let c = calculations.map(\.id).first(where: calcs.contains) { throw .duplicate(kind: "calculation", name: c) }
                    if let i = interfaces.map(\.name).first(where: ifaces.contains) { throw .duplicate(kind: "interface", name: i) }
                }
                createdAt = try archiveHDF5(path) { () throws(HDF5Error) in try reader.rootAttribute("createdAt") } ?? createdAt
            }
            // 1. The batch: new records, written once, never changed afterwards.
            let batchName = try writeBatch(calculations: calculations, interfaces: interfaces)
            // 2. The root: links to them, swapped in atomically.
            let temporary = CrashSafeFile.temporaryPath(path)
            try Self.writeSealed(temporary, over: path) { () throws(ArchiveError) in
                if exists { try CrashSafeFile.copy(path, to: temporary) }
                try archiveHDF5(temporary) { () throws(HDF5Error) in
                    let file = exists ? try HDF5File.open(at: temporary, mode: .readWrite)
                        : try HDF5File.create(at: temporary, userBlockBytes: ArchiveSeal.userBlockBytes)
                    try stampRoot(file.root, createdAt: createdAt)
                    let calcs = try file.root.openOrCreateGroup(ArchiveFormat.calculationsGroup)
                    let ifaces = try file.root.openOrCreateGroup(ArchiveFormat.interfacesGroup)
                    try ArchiveLayout.stamp(calcs, kind: "calculations")
                    try ArchiveLayout.stamp(ifaces, kind: "interfaces")
                    let target = URL(fileURLWithPath: batchDirectory).lastPathComponent + "/" + batchName
                    for c in calculations {
                        if try calcs.contains(c.id) { try calcs.removeChild(c.id) }
                        try calcs.createExternalLink(c.id, file: target, object: "/\(ArchiveFormat.calculationsGroup)/\(c.id)")
                    }
                    for i in interfaces {
                        if try ifaces.contains(i.name) { try ifaces.removeChild(i.name) }
                        try ifaces.createExternalLink(i.name, file: target, object: "/\(ArchiveFormat.interfacesGroup)/\(i.name)")
                    }
                    calcs.close()
                    ifaces.close()
                    try file.close()
                }
            }
        }
    }

    /// Adds one calculation (one commit).
    public func add(_ calculation: ArchivedCalculation, replace: Bool = false) throws(ArchiveError) {
        try commit(calculations: [calculation], replace: replace)
    }

    /// Adds one interface (one commit).
    public func add(_ interface: ArchivedInterface, replace: Bool = false) throws(ArchiveError) {
        try commit(interfaces: [interface], replace: replace)
    }

    private func firstDuplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        for n in names where !seen.insert(n).inserted { return n }
        return nil
    }

    /// Writes a new batch file with the records (same layout as the archive: `/calculations`,
    /// `/interfaces`), durable under its final name; returns that name.
    private func writeBatch(calculations: [ArchivedCalculation], interfaces: [ArchivedInterface]) throws(ArchiveError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: batchDirectory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(file: batchDirectory, operation: "create the batch folder", message: "\(error.localizedDescription)")
        }
        let stamp = Int64(Date().timeIntervalSince1970 * 1000)
        let name = "batch-\(stamp)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).h5"
        let final = batchDirectory + "/" + name
        let temporary = CrashSafeFile.temporaryPath(batchDirectory + "/batch")
        try Self.writeSealed(temporary, over: final) { () throws(ArchiveError) in
            try archiveHDF5(temporary) { () throws(HDF5Error) in
                let file = try HDF5File.create(at: temporary, userBlockBytes: ArchiveSeal.userBlockBytes)
                try ArchiveLayout.stamp(file.root, kind: "batch")
                let calcs = try file.root.createGroup(ArchiveFormat.calculationsGroup)
                let ifaces = try file.root.createGroup(ArchiveFormat.interfacesGroup)
                for c in calculations { try CalculationLayout.write(c, into: calcs) }
                for i in interfaces { try InterfaceLayout.write(i, into: ifaces) }
                calcs.close()
                ifaces.close()
                try file.close()
            }
        }
        return name
    }

    /// The one way an archive file (root or batch) is written: `write` fills `temporary`, which
    /// is then sealed, made durable and renamed over `final`; on any failure the temporary is
    /// removed and `final` is left as it was.
    private static func writeSealed(_ temporary: String, over final: String,
                                    _ write: () throws(ArchiveError) -> Void) throws(ArchiveError) {
        do throws(ArchiveError) {
            try write()
            try ArchiveSeal.seal(temporary)
            try CrashSafeFile.sync(temporary)
            try CrashSafeFile.replace(final, with: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private func stampRoot(_ root: HDF5Group, createdAt: String) throws(HDF5Error) {
        try ArchiveLayout.stamp(root, kind: "archive")
        try root.setAttribute("createdAt", createdAt)
        try root.setAttribute("modifiedAt", ArchiveLayout.dateText(Date()))
        try root.setAttribute("writer", writerName)
    }
}
