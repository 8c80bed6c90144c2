import Foundation
import Testing
import TestSupport
import XMLStream

/// The XMLStream layer the vasprun parser stands on: events, skipping, text capture, escaped
/// text, errors. Expected events are written out by hand from the small documents below.
@Suite struct VasprunXMLStreamTests {
    final class Recorder: XMLStreamHandler {
        var events: [String] = []
        var skip: Set<String> = []
        func startElement(_ name: XMLBytes, depth: Int, attributes: XMLAttributes, control: XMLStreamControl) {
            var attrs = ""
            for i in 0..<attributes.count { attrs += " \(attributes.name(at: i).string)=\(attributes.value(at: i).string)" }
            events.append("<\(name.string)@\(depth)\(attrs)")
            if skip.contains(name.string) { control.skipSubtree() } else { control.captureText() }
        }
        func endElement(_ name: XMLBytes, depth: Int, text: XMLBytes?) {
            events.append("</\(name.string)@\(depth) \(text.map { "[\($0.string)]" } ?? "-")")
        }
    }

    func write(_ text: String, _ name: String = "doc.xml") throws -> String {
        let dir = try Fixtures.temporaryDirectory("xmlstream")
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func eventsSkipAndCapture() throws {
        let path = try write("<a x=\"1\"><b>t&lt;1</b><skip><c>hidden</c></skip><d/></a>")
        let r = Recorder()
        r.skip = ["skip"]
        let summary = try XMLStream.parse(path: path, handler: r)
        #expect(summary.wellFormed && summary.errorMessage == nil)
        #expect(r.events == ["<a@1 x=1", "<b@2", "</b@2 [t<1]", "<skip@2", "<d@2", "</d@2 []", "</a@1 -"])  // a child's capture replaces the parent's
    }

    @Test func attributeWithEntityMayStayEscaped() throws {
        // Documented: SAX2 passes attribute values that hold a reference as libxml2 gives them.
        let path = try write("<a n=\"x&amp;y\"/>")
        let r = Recorder()
        _ = try XMLStream.parse(path: path, handler: r)
        let first = try #require(r.events.first)
        print("attribute as passed:", first)
        #expect(first == "<a@1 n=x&y" || first == "<a@1 n=x&amp;y" || first == "<a@1 n=x&#38;y")
    }

    @Test func truncatedDocumentReportsFirstError() throws {
        let path = try write("<a>\n<b>1</b>\n<c>2")
        let r = Recorder()
        let summary = try XMLStream.parse(path: path, handler: r)
        #expect(!summary.wellFormed)
        #expect(summary.errorMessage?.contains("Premature end of data") == true)
        #expect(summary.errorLine == 3)
        #expect(r.events.contains("</b@2 [1]"))
        #expect(!r.events.contains { $0.hasPrefix("</c") })
    }

    @Test func unreadableFileThrows() {
        #expect(throws: XMLStreamError.cannotOpen(path: "/nonexistent.xml")) {
            try XMLStream.parse(path: "/nonexistent.xml", handler: Recorder())
        }
    }

    @Test func compressedTextTail() throws {
        let path = try write("line1\nline2\nline3\n")
        let all = try CompressedText.read(path: path)
        #expect(all.totalBytes == 18 && all.bytes.count == 18)
        let tail = try CompressedText.read(path: path, lastBytes: 6)
        #expect(String(decoding: tail.bytes, as: UTF8.self) == "line3\n")
    }
}
