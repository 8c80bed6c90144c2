import Foundation
import HDF5

/// Helpers shared by the calculation and interface layouts.
enum ArchiveLayout {
    /// Writes `format`, `formatVersion` and `kind` on a group.
    static func stamp(_ group: HDF5Group, kind: String) throws(HDF5Error) {
        try group.setAttribute("format", ArchiveFormat.name)
        try group.setAttribute("formatVersion", ArchiveFormat.version)
        try group.setAttribute("kind", kind)
    }

    /// Creates a child group and stamps it.
    static func makeGroup(_ parent: HDF5Group, _ name: String, kind: String) throws(HDF5Error) -> HDF5Group {
        let g = try parent.createGroup(name)
        try stamp(g, kind: kind)
        return g
    }

    /// A scalar double dataset with its unit and provenance.
    @discardableResult
    static func number(_ group: HDF5Group, _ name: String, _ value: Double, unit: String,
                       definition: String, extra: [String: String] = [:]) throws(HDF5Error) -> HDF5Dataset {
        let d = try group.createDataset(name, scalar: value)
        try d.setAttribute("unit", unit)
        try d.setAttribute("definition", definition)
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { try d.setAttribute(k, v) }
        return d
    }

    static func validName(_ name: String, kind: String) throws(ArchiveError) {
        if name.isEmpty || name.contains("/") || name == "." || name == ".." || name.utf8.contains(0) {
            throw .invalidName(kind: kind, name: name)
        }
    }

    static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func dateText(_ date: Date) -> String { date.formatted(dateStyle) }

    static func date(_ text: String) -> Date? { try? dateStyle.parse(text) }

    /// Flattens rows to a row-major array, checking every row has `width` values.
    static func flatten<T>(_ rows: [[T]], width: Int, _ object: String) throws(HDF5Error) -> [T] {
        guard rows.allSatisfy({ $0.count == width }) else {
            throw HDF5Error(operation: "write dataset", object: object, reason: "every row must have \(width) values")
        }
        return rows.flatMap { $0 }
    }

    /// Splits a row-major array into rows of `width`.
    static func rows<T>(_ flat: [T], width: Int) -> [[T]] {
        stride(from: 0, to: flat.count, by: width).map { Array(flat[$0..<min($0 + width, flat.count)]) }
    }
}

/// Runs HDF5 work, turning an HDF5Error into ArchiveError.hdf5 naming the file.
func archiveHDF5<T>(_ file: String, _ body: () throws(HDF5Error) -> T) throws(ArchiveError) -> T {
    do { return try body() } catch { throw .hdf5(file: file, error) }
}
