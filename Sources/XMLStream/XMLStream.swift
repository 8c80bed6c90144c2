internal import CLibXML2

/// Streaming XML parsing over libxml2's SAX2 interface (its pull parser reading through zlib). The parser holds no tree: memory
/// stays at the size of one read chunk (plus the largest captured text) whatever the file size.
/// Gzip-compressed files are read directly (zlib reads plain files unchanged). No libxml2 or
/// zlib object outlives `parse`.
public enum XMLStream {
    /// zlib's read buffer in bytes.
    public static let chunkBytes = 1 << 18

    /// Parses the file at `path`, delivering element events to `handler`.
    ///
    /// A file that is not well-formed (for example cut short by a killed job) is not an error
    /// here: every event up to the fault has been delivered, and the returned summary says what
    /// went wrong and where. Only a file that cannot be opened or read throws.
    ///
    /// With `assumeUTF8`, the encoding the file declares is ignored and its bytes are read as
    /// UTF-8 — exact for any ASCII file, and it saves libxml2's transcoding pass. A byte that is
    /// not UTF-8 then stops the parse with `invalidEncoding` set: parse again without the option
    /// (with a fresh handler) to have the declared encoding (e.g. ISO-8859-1) honoured.
    @inlinable
    public static func parse<H: XMLStreamHandler>(path: String, handler: H, assumeUTF8: Bool = false) throws(XMLStreamError) -> XMLParseSummary {
        try run(path: path, box: TypedHandlerBox(handler), assumeUTF8: assumeUTF8)
    }

    @usableFromInline
    static func run(path: String, box: AnyHandlerBox, assumeUTF8: Bool) throws(XMLStreamError) -> XMLParseSummary {
        _ = libxml2Initialized
        var stream = clibxml2_stream()
        stream.start = { user, depth, name, nameLength, attributeCount, attributes in
            Unmanaged<AnyHandlerBox>.fromOpaque(user!)._withUnsafeGuaranteedRef { box in
                box.start(XMLBytes(UnsafeBufferPointer(start: name, count: Int(nameLength))), depth: Int(depth),
                          attributes: XMLAttributes(base: UnsafePointer(attributes), count: Int(attributeCount)),
                          control: XMLStreamControl(state: box.state!))
            }
        }
        stream.end = { user, depth, name, nameLength, text, textLength, hasText in
            Unmanaged<AnyHandlerBox>.fromOpaque(user!)._withUnsafeGuaranteedRef { box in
                let bytes: XMLBytes? = hasText != 0
                    ? XMLBytes(UnsafeBufferPointer(start: UnsafeRawPointer(text!).assumingMemoryBound(to: UInt8.self),
                                                   count: Int(textLength)))
                    : nil
                box.end(XMLBytes(UnsafeBufferPointer(start: name, count: Int(nameLength))), depth: Int(depth), text: bytes)
            }
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        let result = withUnsafeMutablePointer(to: &stream) { state -> clibxml2_parse_result in
            box.state = UnsafeMutableRawPointer(state)
            state.pointee.user = Unmanaged.passUnretained(box).toOpaque()
            defer { box.state = nil }
            return withExtendedLifetime(box) { clibxml2_sax_parse_file(path, state, options, Int32(chunkBytes), assumeUTF8 ? 1 : 0) }
        }
        guard result.opened != 0 else { throw .cannotOpen(path: path) }
        guard result.readError == 0 else { throw .readFailed(path: path, bytesRead: Int(result.bytesIn)) }
        var r = result
        let message = withUnsafeBytes(of: &r.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }.trimmingTrailingWhitespace()
        return XMLParseSummary(
            path: path, wellFormed: result.wellFormed != 0 && stream.outOfMemory == 0, bytesParsed: Int(result.bytesIn),
            errorLine: result.errorCode != 0 ? Int(result.errorLine) : nil,
            invalidEncoding: result.errorCode == Int32(XML_ERR_INVALID_CHAR.rawValue)
                || result.errorCode == Int32(XML_ERR_INVALID_ENCODING.rawValue),
            errorMessage: result.errorCode != 0 ? message : (stream.outOfMemory != 0 ? "out of memory collecting text" : nil))
    }
}

/// Steers the parse from inside `startElement`. Valid only during that call.
public struct XMLStreamControl {
    let state: UnsafeMutableRawPointer

    /// Drop everything inside the element that just opened, and its end event.
    @inlinable public func skipSubtree() { skip() }
    /// Collect the character data of the element that just opened (its children's text
    /// included); `endElement` receives it. One capture at a time: a capture requested by a
    /// child element replaces its parent's.
    @inlinable public func captureText() { capture() }

    @usableFromInline func skip() { clibxml2_stream_skip(state.assumingMemoryBound(to: clibxml2_stream.self)) }
    @usableFromInline func capture() { clibxml2_stream_capture(state.assumingMemoryBound(to: clibxml2_stream.self)) }
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
    /// True when the parse stopped on bytes invalid in the encoding used (see `assumeUTF8`).
    public let invalidEncoding: Bool

    /// Creates a summary.
    public init(path: String, wellFormed: Bool, bytesParsed: Int, errorLine: Int?, invalidEncoding: Bool = false,
                errorMessage: String?) {
        self.path = path
        self.wellFormed = wellFormed
        self.bytesParsed = bytesParsed
        self.errorLine = errorLine
        self.invalidEncoding = invalidEncoding
        self.errorMessage = errorMessage
    }
}

/// libxml2's global set-up, once per process before any parse (swift_once makes it thread-safe).
let libxml2Initialized: Void = xmlInitParser()

/// Errors that stop a parse before any event (the file cannot be opened or read).
public enum XMLStreamError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or is not readable.
    case cannotOpen(path: String)
    /// Reading (or decompressing) failed after `bytesRead` bytes.
    case readFailed(path: String, bytesRead: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path): return "\(path): cannot open the file"
        case .readFailed(let path, let n): return "\(path): read or decompression failed after \(n) bytes"
        }
    }
}

/// Type-erased receiver of the C callbacks (one virtual call per event, no reference counting).
@usableFromInline
class AnyHandlerBox {
    var state: UnsafeMutableRawPointer?
    @usableFromInline init() {}
    @usableFromInline func start(_ name: XMLBytes, depth: Int, attributes: XMLAttributes, control: XMLStreamControl) {}
    @usableFromInline func end(_ name: XMLBytes, depth: Int, text: XMLBytes?) {}
}

/// Forwards to a concrete handler; specialised in the caller's module.
@usableFromInline
final class TypedHandlerBox<H: XMLStreamHandler>: AnyHandlerBox {
    @usableFromInline let handler: H
    @inlinable init(_ handler: H) { self.handler = handler; super.init() }
    @inlinable override func start(_ name: XMLBytes, depth: Int, attributes: XMLAttributes, control: XMLStreamControl) {
        handler.startElement(name, depth: depth, attributes: attributes, control: control)
    }
    @inlinable override func end(_ name: XMLBytes, depth: Int, text: XMLBytes?) {
        handler.endElement(name, depth: depth, text: text)
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
