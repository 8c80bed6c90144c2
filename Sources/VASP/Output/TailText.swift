internal import XMLStream

/// The end of a text file (plain or .gz) as a string, starting at a line boundary.
enum TailText {
    static func read(path: String, lastBytes: Int?) throws(VasprunError) -> String {
        let result: (bytes: [UInt8], totalBytes: Int)
        do {
            result = try CompressedText.read(path: path, lastBytes: lastBytes)
        } catch {
            throw .cannotOpen(path: path)
        }
        var bytes = result.bytes[...]
        if result.totalBytes > bytes.count, let newline = bytes.firstIndex(of: 0x0A) {
            bytes = bytes[(newline + 1)...]  // drop the partial first line
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
