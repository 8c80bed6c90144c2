import Foundation

/// A chart canvas that writes a one-page PDF 1.4 by hand (no library): vector rectangles,
/// lines and text in the base-14 fonts every PDF reader has — Helvetica (WinAnsiEncoding) for
/// Latin text, Symbol for Greek letters and a few signs. Text is placed with the fonts' Adobe
/// metrics so centred and right-aligned labels line up.
struct PDFCanvas: ChartCanvas {
    let widthPt: Double
    let heightPt: Double
    let title: String
    private var content: [String] = []

    init(widthPt: Double, heightPt: Double, title: String) {
        self.widthPt = widthPt
        self.heightPt = heightPt
        self.title = title
    }

    private func f(_ v: Double) -> String { ReportFormatting.fixed(v, 2) }

    private func rgb(_ hex: String) -> String {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let v = Int(digits, radix: 16) else { return "0 0 0" }
        return [(v >> 16) & 255, (v >> 8) & 255, v & 255].map { ReportFormatting.fixed(Double($0) / 255, 3) }.joined(separator: " ")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String?, className: String?, title: String?) {
        var op = "\(rgb(fill)) rg \(f(x)) \(f(heightPt - y - height)) \(f(width)) \(f(height)) re "
        if let stroke { op += "\(rgb(stroke)) RG 0.8 w B" } else { op += "f" }
        content.append(op)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String, width: Double, dash: Double?, className: String?) {
        let dashOp = dash.map { "[\(f($0)) \(f($0 * 0.6))] 0 d" } ?? "[] 0 d"
        content.append("\(rgb(color)) RG \(f(width)) w \(dashOp) \(f(x1)) \(f(heightPt - y1)) m \(f(x2)) \(f(heightPt - y2)) l S [] 0 d")
    }

    mutating func text(_ text: ChartText, x: Double, y: Double, size: Double, anchor: TextAnchor, color: String, bold: Bool,
                       rotated: Bool, className: String?) {
        // Pieces: (font, bytes, size, rise) with their widths in points.
        var pieces: [(font: String, bytes: [UInt8], size: Double, rise: Double, width: Double)] = []
        for run in text.runs {
            let runSize = run.isSubscript ? size * 0.75 : size
            let rise = run.isSubscript ? -0.25 * size : 0
            for (font, bytes) in PDFFont.encode(run.text, bold: bold) {
                pieces.append((font, bytes, runSize, rise, PDFFont.widthPt(bytes, font: font, size: runSize)))
            }
        }
        let total = pieces.reduce(0) { $0 + $1.width }
        let offset = anchor == .start ? 0 : anchor == .middle ? -total / 2 : -total
        let (px, py) = (x, heightPt - y)
        let matrix = rotated ? "0 1 -1 0 \(f(px)) \(f(py + offset)) Tm" : "1 0 0 1 \(f(px + offset)) \(f(py)) Tm"
        var op = "BT \(rgb(color)) rg \(matrix)"
        for p in pieces {
            op += " /\(p.font) \(f(p.size)) Tf \(f(p.rise)) Ts (\(PDFFont.literal(p.bytes))) Tj"
        }
        content.append(op + " 0 Ts ET")
    }

    /// The PDF file.
    var document: Data {
        let stream = content.joined(separator: "\n") + "\n"
        let info = "(" + PDFFont.literal(Array(title.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") })) + ")"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(f(widthPt)) \(f(heightPt))] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>",
            "<< /Title \(info) /Producer (Adhere) >>",
        ]
        // Header, then a comment of four bytes above 127 (marks the file as binary).
        var bytes = Array("%PDF-1.4\n".utf8) + [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(i + 1) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = bytes.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(format: "%010d 00000 n \n", o) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info \(objects.count) 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        bytes += Array(table.utf8)
        return Data(bytes)
    }
}

/// The base-14 fonts the PDF chart uses: which characters each can show, their codes, and
/// their advance widths (Adobe Font Metrics of Helvetica and Symbol, 1/1000 em).
enum PDFFont {
    /// Helvetica widths for WinAnsi codes 32…126.
    static let helveticaASCII: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p … ~
    ]
    /// WinAnsi codes above 126 the chart uses, with Helvetica widths.
    static let winAnsiExtra: [Character: (code: UInt8, width: Int)] = [
        "²": (0xB2, 333), "°": (0xB0, 400), "Å": (0xC5, 667), "×": (0xD7, 584), "·": (0xB7, 278),
        "–": (0x96, 556), "—": (0x97, 1000), "−": (0x96, 556), "é": (0xE9, 556), "³": (0xB3, 333), "±": (0xB1, 584),
    ]
    /// Symbol-font codes and widths for Greek letters and signs.
    static let symbol: [Character: (code: UInt8, width: Int)] = [
        "θ": (0x71, 521), "σ": (0x73, 603), "ε": (0x65, 439), "γ": (0x67, 411), "Δ": (0x44, 612),
        "φ": (0x66, 521), "→": (0xAE, 987), "≥": (0xB3, 549), "≤": (0xA3, 549),
    ]

    /// Splits text into runs of one font: F1/F2 (Helvetica, bold) or F3 (Symbol), with their bytes.
    /// Characters neither font has become "?".
    static func encode(_ text: String, bold: Bool) -> [(String, [UInt8])] {
        let latin = bold ? "F2" : "F1"
        var runs: [(String, [UInt8])] = []
        func add(_ font: String, _ byte: UInt8) {
            if let last = runs.last, last.0 == font { runs[runs.count - 1].1.append(byte) } else { runs.append((font, [byte])) }
        }
        for ch in text {
            if let a = ch.asciiValue, a >= 32, a <= 126 { add(latin, a) }
            else if let w = winAnsiExtra[ch] { add(latin, w.code) }
            else if let s = symbol[ch] { add("F3", s.code) }
            else { add(latin, UInt8(ascii: "?")) }
        }
        return runs
    }

    /// Width in points of `bytes` in `font` at `size`. Bold uses Helvetica's widths scaled by
    /// 1.05 (close to Helvetica-Bold's average).
    static func widthPt(_ bytes: [UInt8], font: String, size: Double) -> Double {
        var units = 0.0
        for b in bytes {
            if font == "F3" {
                units += Double(symbol.values.first { $0.code == b }?.width ?? 500)
            } else if b >= 32, b <= 126 {
                units += Double(helveticaASCII[Int(b) - 32])
            } else {
                units += Double(winAnsiExtra.values.first { $0.code == b }?.width ?? 556)
            }
        }
        return units / 1000 * size * (font == "F2" ? 1.05 : 1)
    }

    /// A PDF literal string body: ( ) \ escaped, bytes above 126 as octal escapes.
    static func literal(_ bytes: [UInt8]) -> String {
        var s = ""
        for b in bytes {
            switch b {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): s += "\\" + String(UnicodeScalar(b))
            case 32...126: s.append(Character(UnicodeScalar(b)))
            default: s += "\\" + String(b, radix: 8).leftPaddedZeros(3)
            }
        }
        return s
    }
}

extension String {
    fileprivate func leftPaddedZeros(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
