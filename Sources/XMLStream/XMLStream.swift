internal import CLibXML2

/// Streaming XML parsing over libxml2's SAX2 push interface. The parser holds no tree: memory
/// stays at the size of one read chunk whatever the file size. Gzip-compressed files are
/// read directly (zlib reads plain files unchanged).
public enum XMLStream {
    /// Bytes handed to libxml2 per push.
    public static let chunkBytes = 1 << 18

    /// Parses the file at `path`, delivering events to `handler`.
    ///
    /// A file that is not well-formed (for example cut short by a killed job) is not an error
    /// here: every event up to the fault has been delivered, and the returned summary says what
    /// went wrong and where. Only a file that cannot be opened or read throws.
    public static func parse(path: String, handler: some XMLStreamHandler) throws(XMLStreamError) -> XMLParseSummary {
        let box = HandlerBox(handler)
        var sax = xmlSAXHandler()
        sax.initialized = clibxml2_sax2_magic()
        sax.startElementNs = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(ctx).takeUnretainedValue()
            let name = XMLBytes(UnsafeBufferPointer(start: localname, count: strlenU8(localname)))
            let attrs = XMLAttributes(base: UnsafePointer(attributes), count: Int(nbAttributes))
            box.handler.startElement(name, attributes: attrs)
        }
        sax.endElementNs = { ctx, localname, _, _ in
            guard let ctx, let localname else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(ctx).takeUnretainedValue()
            box.handler.endElement(XMLBytes(UnsafeBufferPointer(start: localname, count: strlenU8(localname))))
        }
        sax.characters = { ctx, text, length in
            guard let ctx, let text, length > 0 else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(ctx).takeUnretainedValue()
            box.handler.characters(XMLBytes(UnsafeBufferPointer(start: text, count: Int(length))))
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let result = withExtendedLifetime(box) {
            clibxml2_sax_parse_file(path, &sax, Unmanaged.passUnretained(box).toOpaque(), options, Int32(chunkBytes))
        }
        guard result.opened != 0 else { throw .cannotOpen(path: path) }
        guard result.readError == 0 else { throw .readFailed(path: path, bytesRead: Int(result.bytesIn)) }
        var r = result
        let message = withUnsafeBytes(of: &r.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }.trimmingTrailingWhitespace()
        return XMLParseSummary(
            path: path, wellFormed: result.wellFormed != 0, bytesParsed: Int(result.bytesIn),
            errorLine: result.errorCode != 0 ? Int(result.errorLine) : nil,
            errorMessage: result.errorCode != 0 ? message : nil)
    }
}

/// How a parse ended.
public struct XMLParseSummary: Sendable, Equatable {
    /// The file parsed.
    public let path: String
    /// True when libxml2 found the whole document well-formed.
    public let wellFormed: Bool
    /// Uncompressed bytes read.
    public let bytesParsed: Int
    /// Line of the first fatal problem (nil when well-formed).
    public let errorLine: Int?
    /// libxml2's message for it (nil when well-formed).
    public let errorMessage: String?
}

/// Errors that stop a parse before any event (the file cannot be opened or read).
public enum XMLStreamError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or is not readable.
    case cannotOpen(path: String)
    /// Reading (or decompressing) failed after `bytesRead` bytes.
    case readFailed(path: String, bytesRead: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path): return "error: \(path): cannot open the file"
        case .readFailed(let path, let n): return "error: \(path): read or decompression failed after \(n) bytes"
        }
    }
}

final class HandlerBox {
    let handler: any XMLStreamHandler
    init(_ handler: any XMLStreamHandler) { self.handler = handler }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
