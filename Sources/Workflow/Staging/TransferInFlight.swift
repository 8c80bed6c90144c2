import Foundation

/// The transfer a run is doing now, kept in `STUDY/.adhere/transfer-in-flight.json` while it
/// lasts so that `adhere status` can show it (a file left behind names a transfer that was cut
/// off; the next run redoes it).
public struct TransferInFlight: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable { case upload, download }

    public var direction: Direction
    public var calculations: [String]
    /// Bytes of the files to send (uploads; nil for downloads, whose sizes the cluster knows).
    public var fileBytes: Int64?
    public var startedAt: Date

    static func path(studyDirectory: URL) -> URL {
        studyDirectory.appendingPathComponent(".adhere/transfer-in-flight.json")
    }

    func save(studyDirectory: URL) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: Self.path(studyDirectory: studyDirectory), options: .atomic)
    }

    static func clear(studyDirectory: URL) {
        try? FileManager.default.removeItem(at: path(studyDirectory: studyDirectory))
    }

    /// The transfer in flight (or cut off), if any.
    public static func load(studyDirectory: URL) -> TransferInFlight? {
        guard let data = try? Data(contentsOf: path(studyDirectory: studyDirectory)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(TransferInFlight.self, from: data)
    }
}
