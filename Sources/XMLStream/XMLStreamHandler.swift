/// Receives the events of a streaming (SAX2) parse. Every name, attribute and text view passed
/// in is valid only during the call that receives it: copy what you keep (`.string`, numbers).
///
/// Only element events reach the handler; character data is delivered on request
/// (`XMLStreamControl.captureText()`) with the element's end, and whole subtrees can be dropped
/// (`skipSubtree()`) — both handled inside the C layer, so ignored parts cost no Swift call.
/// Namespaces are ignored (vasprun.xml has none): names are local names.
public protocol XMLStreamHandler: AnyObject {
    /// An element opens at `depth` (the root element is at depth 1).
    func startElement(_ name: XMLBytes, depth: Int, attributes: XMLAttributes, control: XMLStreamControl)
    /// An element closes. `text` is its character data when `captureText()` was called at its
    /// start (entities such as `&lt;` replaced), else nil. A skipped element's end is not reported.
    func endElement(_ name: XMLBytes, depth: Int, text: XMLBytes?)
}

/// A borrowed run of UTF-8 bytes owned by libxml2 (an element name, attribute value or text).
/// Valid only during the handler call that receives it.
public struct XMLBytes {
    /// The bytes.
    public let buffer: UnsafeBufferPointer<UInt8>

    /// Wraps a buffer.
    public init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    /// Number of bytes.
    @inlinable public var count: Int { buffer.count }

    /// A copy as a Swift string.
    public var string: String { String(decoding: buffer, as: UTF8.self) }

    /// True when the bytes equal the ASCII text `literal`.
    @inlinable
    public func equals(_ literal: StaticString) -> Bool {
        guard literal.utf8CodeUnitCount == buffer.count else { return false }
        let p = literal.utf8Start
        for i in 0..<buffer.count where buffer[i] != p[i] { return false }
        return true
    }
}

/// The attributes of one element, borrowed from libxml2 for the duration of `startElement`.
///
/// Values are given as libxml2's SAX2 interface passes them: a value that contains a character
/// or entity reference may stay escaped (libxml2 2.9.14 passes `x&amp;y` as `x&#38;y`).
/// vasprun.xml names and types never contain one; a caller that needs exact text for arbitrary
/// XML must unescape. Element text (`captureText`) is always unescaped.
public struct XMLAttributes {
    @usableFromInline let base: UnsafePointer<UnsafePointer<UInt8>?>?
    /// Number of attributes.
    public let count: Int

    init(base: UnsafePointer<UnsafePointer<UInt8>?>?, count: Int) {
        self.base = base
        self.count = count
    }

    /// The local name of attribute `i`.
    public func name(at i: Int) -> XMLBytes {
        let p = base![5 * i]!
        var n = 0
        while p[n] != 0 { n += 1 }
        return XMLBytes(UnsafeBufferPointer(start: p, count: n))
    }

    /// The value of attribute `i`.
    public func value(at i: Int) -> XMLBytes {
        let start = base![5 * i + 3]!, end = base![5 * i + 4]!
        return XMLBytes(UnsafeBufferPointer(start: start, count: end - start))
    }

    /// The value of the attribute called `attribute`, if present.
    public subscript(_ attribute: StaticString) -> XMLBytes? {
        for i in 0..<count where name(at: i).equals(attribute) { return value(at: i) }
        return nil
    }
}
