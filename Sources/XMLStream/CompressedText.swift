internal import CLibXML2

/// Reads text files that may be gzip-compressed (VASP folders archived by custodian/atomate hold
/// OUTCAR.gz, OSZICAR.gz), through the zlib that libxml2 links. Plain files read unchanged.
public enum CompressedText {
    /// The last `lastBytes` bytes of the (uncompressed) file, or all of it when nil. A
    /// compressed file is decompressed in a bounded window, so memory stays at ~2 × `lastBytes`.
    /// Also returns the total uncompressed size.
    public static func read(path: String, lastBytes: Int? = nil) throws(XMLStreamError) -> (bytes: [UInt8], totalBytes: Int) {
        var length = 0
        var total: Int64 = 0
        guard let buffer = clibxml2_read_tail(path, lastBytes ?? 0, &length, &total) else {
            throw .cannotOpen(path: path)
        }
        defer { free(buffer) }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
        return (bytes, Int(total))
    }
}
