import Foundation
import HDF5

/// Writes records into an archive so that a crash or `kill -9` at any moment leaves a
/// readable archive holding every earlier commit.
///
/// Each `commit` works on a copy: under an exclusive lock it copies the archive to a hidden
/// temporary file beside it (or, when records are replaced, rebuilds it object by object so
/// the replaced data's space is reclaimed), adds the new records, closes and fsyncs the
/// copy, and renames it over the archive (rename is atomic on POSIX file systems), then
/// fsyncs the directory. Readers see either the old or the new archive, never a mixture.
/// A commit costs one copy of the archive, so batch records (one commit per collect pass).
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

    /// Adds (or, with `replace`, replaces) calculations and interfaces in one atomic step.
    /// Without `replace`, an id already in the archive is an error and nothing is written.
    public func commit(calculations: [ArchivedCalculation] = [], interfaces: [ArchivedInterface] = [],
                       replace: Bool = false) throws(ArchiveError) {
        for c in calculations { try ArchiveLayout.validName(c.id, kind: "calculation") }
        for i in interfaces { try ArchiveLayout.validName(i.name, kind: "interface") }
        if let dup = firstDuplicate(calculations.map(\.id)) { throw .duplicate(kind: "calculation", name: dup) }
        if let dup = firstDuplicate(interfaces.map(\.name)) { throw .duplicate(kind: "interface", name: dup) }

        try CrashSafeFile.withLock(path) { () throws(ArchiveError) in
            CrashSafeFile.removeStaleTemporaries(path)
            let temporary = CrashSafeFile.temporaryPath(path)
            do throws(ArchiveError) {
                try build(temporary, calculations: calculations, interfaces: interfaces, replace: replace)
                try ArchiveSeal.seal(temporary)
                try CrashSafeFile.sync(temporary)
                try CrashSafeFile.replace(path, with: temporary)
            } catch {
                unlink(temporary)
                throw error
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

    /// Writes the new archive into `temporary` and closes it (everything flushed by HDF5).
    private func build(_ temporary: String, calculations: [ArchivedCalculation], interfaces: [ArchivedInterface],
                       replace: Bool) throws(ArchiveError) {
        let exists = FileManager.default.fileExists(atPath: path)
        var existingCalcs: Set<String> = []
        var existingIfaces: Set<String> = []
        var createdAt = ArchiveLayout.dateText(Date())
        if exists {
            let reader = try ArchiveReader(path: path)
            existingCalcs = Set(try reader.calculationIDs())
            existingIfaces = Set(try reader.interfaceNames())
            createdAt = try archiveHDF5(path) { () throws(HDF5Error) in try reader.rootAttribute("createdAt") } ?? createdAt
        }
        let replacedCalcs = existingCalcs.intersection(calculations.map(\.id))
        let replacedIfaces = existingIfaces.intersection(interfaces.map(\.name))
        if !replace {
            if let c = replacedCalcs.sorted().first { throw .duplicate(kind: "calculation", name: c) }
            if let i = replacedIfaces.sorted().first { throw .duplicate(kind: "interface", name: i) }
        }
        let rebuild = !replacedCalcs.isEmpty || !replacedIfaces.isEmpty
        if exists && !rebuild { try CrashSafeFile.copy(path, to: temporary) }

        try archiveHDF5(temporary) { () throws(HDF5Error) in
            let file = exists && !rebuild
                ? try HDF5File.open(at: temporary, mode: .readWrite)
                : try HDF5File.create(at: temporary, userBlockBytes: ArchiveSeal.userBlockBytes)
            try stampRoot(file.root, createdAt: createdAt)
            let calcs = try file.root.openOrCreateGroup(ArchiveFormat.calculationsGroup)
            let ifaces = try file.root.openOrCreateGroup(ArchiveFormat.interfacesGroup)
            try ArchiveLayout.stamp(calcs, kind: "calculations")
            try ArchiveLayout.stamp(ifaces, kind: "interfaces")
            if rebuild {
                let old = try HDF5File.open(at: path)
                let oldCalcs = try old.root.openGroup(ArchiveFormat.calculationsGroup)
                for id in existingCalcs.subtracting(replacedCalcs).sorted() { try oldCalcs.copyChild(id, to: calcs) }
                let oldIfaces = try old.root.openGroup(ArchiveFormat.interfacesGroup)
                for name in existingIfaces.subtracting(replacedIfaces).sorted() { try oldIfaces.copyChild(name, to: ifaces) }
                oldCalcs.close()
                oldIfaces.close()
                try old.close()
            }
            for c in calculations { try CalculationLayout.write(c, into: calcs) }
            for i in interfaces { try InterfaceLayout.write(i, into: ifaces) }
            calcs.close()
            ifaces.close()
            try file.close()
        }
    }

    private func stampRoot(_ root: HDF5Group, createdAt: String) throws(HDF5Error) {
        try ArchiveLayout.stamp(root, kind: "archive")
        try root.setAttribute("createdAt", createdAt)
        try root.setAttribute("modifiedAt", ArchiveLayout.dateText(Date()))
        try root.setAttribute("writer", writerName)
    }
}
