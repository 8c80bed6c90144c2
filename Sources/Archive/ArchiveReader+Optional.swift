import HDF5

/// A numeric dataset the archive may or may not hold (read by the report and the SI): its
/// values, shape and the `unit` and `definition` attributes when present.
public struct ArchivedSeries: Equatable, Sendable {
    /// Path inside the archive, e.g. `/interfaces/Li_LiF/scans/gapEnergyEV`.
    public var path: String
    /// Values in row-major order.
    public var values: [Double]
    /// Dataset shape (empty for a scalar).
    public var shape: [Int]
    /// The `unit` and `definition` attributes, when set.
    public var unit: String?
    public var definition: String?
}

/// Read-only access to records that only some archives hold: the named strains and scans that
/// later layouts add beside an interface. Nothing here changes the layout or the writer.
extension ArchiveReader {
    /// Datasets named the report reads when present under `/interfaces/<name>/` (percent):
    /// `principalStrainsPercent` (2 values, ascending), `arealStrainPercent`, `vonMisesStrainPercent`.
    public static let namedStrainDatasets = ["principalStrainsPercent", "arealStrainPercent", "vonMisesStrainPercent"]

    /// The float datasets among `names` that exist directly under `/interfaces/<interface>/`.
    public func optionalInterfaceSeries(_ interface: String, names: [String]) throws(ArchiveError) -> [String: ArchivedSeries] {
        let group = "\(ArchiveFormat.interfacesGroup)/\(interface)"
        return try series(in: group, names: names)
    }

    /// Every float dataset in `/interfaces/<interface>/scans/` (one per scan curve), when that group exists.
    public func interfaceScans(_ interface: String) throws(ArchiveError) -> [ArchivedSeries] {
        let group = "\(ArchiveFormat.interfacesGroup)/\(interface)/scans"
        let names = try archiveHDF5(path) { () throws(HDF5Error) -> [String] in
            let file = try HDF5File.open(at: path)
            defer { withExtendedLifetime(file) {} }
            guard try file.root.contains(group) else { return [] }
            return try file.root.openGroup(group).childNames().sorted()
        }
        return try series(in: group, names: names).values.sorted { $0.path < $1.path }
    }

    private func series(in groupPath: String, names: [String]) throws(ArchiveError) -> [String: ArchivedSeries] {
        try archiveHDF5(path) { () throws(HDF5Error) -> [String: ArchivedSeries] in
            let file = try HDF5File.open(at: path)
            defer { withExtendedLifetime(file) {} }
            guard try file.root.contains(groupPath) else { return [:] }
            let group = try file.root.openGroup(groupPath)
            var result: [String: ArchivedSeries] = [:]
            for name in names {
                guard try group.contains(name) else { continue }
                if try group.isGroup(name) { continue }
                let d = try group.openDataset(name)
                guard try d.elementType() == .double else { continue }
                result[name] = ArchivedSeries(path: "/\(groupPath)/\(name)", values: try d.readDoubles(), shape: try d.shape(),
                                              unit: try d.attribute("unit")?.stringValue,
                                              definition: try d.attribute("definition")?.stringValue)
            }
            return result
        }
    }
}
