import Foundation

/// JSON text of a Codable value for every `--json` output: pretty, sorted keys, ISO 8601 dates, and numbers that are
/// not finite (NaN, ±Infinity from a damaged input) written as `null` instead of failing with an
/// `EncodingError` — JSON has no NaN. Use this for every `--json` output.
public enum JSONOutput {
    /// Stands in for a non-finite number during encoding; U+FFFF is a Unicode noncharacter, so
    /// no real string holds it, and the quoted marker is replaced by `null` afterwards.
    static let marker = "\u{FFFF}non-finite\u{FFFF}"

    /// The value as JSON text, ending in a newline.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return text.replacingOccurrences(of: "\"" + marker + "\"", with: "null") + "\n"
    }
}
