import Foundation

/// Why a file of published values could not be read.
public struct ReferenceValuesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file and line (1-based; 0 for the file as a whole).
    public var file: String
    public var line: Int
    /// What was wrong and what was expected.
    public var message: String

    /// An error at `file:line` (line 0: the file as a whole).
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    /// `file:line`, or `file` for the file as a whole.
    public var location: String { line > 0 ? "\(file):\(line)" : file }
}

/// Published W_ad and θ to draw beside Adhere's numbers (e.g. the seed paper's), read from a
/// small CSV: `#` comment lines, of which `# source:` is the full citation and `# short:` the
/// label for the chart's legend; then the header `interlayer,workOfAdhesionJPerM2,contactAngleDeg`
/// and one row per interlayer (empty fields for values the source does not give).
public struct ReferenceValues: Equatable, Sendable {
    /// One interlayer's published numbers.
    public struct Entry: Equatable, Sendable {
        /// Interlayer name as the study names it (matches the interface name or the substrate formula).
        public var interlayer: String
        public var workOfAdhesionJPerM2: Double?
        public var contactAngleDeg: Double?
    }
    /// The full citation and the short legend label.
    public var source: String
    public var shortLabel: String
    /// The rows, in file order.
    public var entries: [Entry]

    /// The entry for a table row: by interface name, else by the substrate's formula before "(".
    public func entry(for row: ReportRow) -> Entry? {
        let formula = row.substrate.split(separator: "(").first.map(String.init) ?? row.substrate
        return entries.first { $0.interlayer == row.interface } ?? entries.first { $0.interlayer == formula }
    }

    /// Reads the CSV at `path`.
    public static func read(path: String) throws(ReferenceValuesError) -> ReferenceValues {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ReferenceValuesError(file: path, line: 0, message: "cannot read the file (missing, unreadable or not UTF-8)")
        }
        return try parse(text, file: path)
    }

    /// Parses the CSV text.
    public static func parse(_ text: String, file: String = "<string>") throws(ReferenceValuesError) -> ReferenceValues {
        var source = "", short = ""
        var entries: [Entry] = []
        var sawHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            let n = index + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if body.lowercased().hasPrefix("source:") { source = body.dropFirst(7).trimmingCharacters(in: .whitespaces) }
                if body.lowercased().hasPrefix("short:") { short = body.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawHeader {
                guard fields == ["interlayer", "workOfAdhesionJPerM2", "contactAngleDeg"] else {
                    throw ReferenceValuesError(file: file, line: n, message: "expected the header 'interlayer,workOfAdhesionJPerM2,contactAngleDeg'")
                }
                sawHeader = true
                continue
            }
            guard fields.count == 3, !fields[0].isEmpty else {
                throw ReferenceValuesError(file: file, line: n, message: "expected 3 fields: interlayer, W_ad in J/m² (or empty), θ in degrees (or empty)")
            }
            func number(_ text: String, _ what: String, _ range: ClosedRange<Double>) throws(ReferenceValuesError) -> Double? {
                if text.isEmpty { return nil }
                guard let v = Double(text), v.isFinite, range.contains(v) else {
                    throw ReferenceValuesError(file: file, line: n, message: "\(what) '\(text)' is not a number in \(range.lowerBound)…\(range.upperBound)")
                }
                return v
            }
            entries.append(Entry(interlayer: fields[0], workOfAdhesionJPerM2: try number(fields[1], "W_ad", -10...100),
                                 contactAngleDeg: try number(fields[2], "θ", 0...180)))
        }
        guard sawHeader else { throw ReferenceValuesError(file: file, line: 0, message: "no header line 'interlayer,workOfAdhesionJPerM2,contactAngleDeg'") }
        guard !source.isEmpty else { throw ReferenceValuesError(file: file, line: 0, message: "no '# source:' line naming the publication") }
        return ReferenceValues(source: source, shortLabel: short.isEmpty ? source : short, entries: entries)
    }
}
