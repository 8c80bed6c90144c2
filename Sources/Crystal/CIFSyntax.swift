/// The syntax layer of CIF 1.1: tokens, data blocks, items and loops, with line numbers.
///
/// Handles `#` comments, quoted values (`'...'` and `"..."`, closed only by a quote followed by
/// white space, so `'O'Neil'` stays one value), multi-line text fields between lines starting
/// with `;`, `data_` blocks, `loop_` tables, and the reserved words `global_`, `save_`, `stop_`.
struct CIFToken: Equatable {
    enum Kind: Equatable { case tag, value, dataBlock, loop, reserved }
    let kind: Kind
    /// The text (without quotes; a tag lowercased; a data block's name after `data_`).
    let text: String
    /// 1-based line where the token starts.
    let line: Int
    /// True for quoted and text-field values (never a number, `.` or `?`).
    let quoted: Bool
}

/// One `loop_` table.
struct CIFLoop {
    /// Lowercased tags, in column order.
    let tags: [String]
    /// Rows of values.
    let rows: [[CIFToken]]
    /// Line of the `loop_` keyword.
    let line: Int

    /// Column index of a tag, if present.
    func column(_ tag: String) -> Int? { tags.firstIndex(of: tag) }
}

/// One `data_` block: single items and loops.
struct CIFBlock {
    let name: String
    let line: Int
    var items: [String: CIFToken] = [:]
    var loops: [CIFLoop] = []

    /// The loop holding `tag`, if any.
    func loop(with tag: String) -> CIFLoop? { loops.first { $0.tags.contains(tag) } }

    /// All values of `tag`, whether it is a single item or a loop column.
    func values(_ tag: String) -> [CIFToken]? {
        if let item = items[tag] { return [item] }
        if let loop = loop(with: tag), let k = loop.column(tag) { return loop.rows.map { $0[k] } }
        return nil
    }
}

enum CIFSyntax {
    /// Splits CIF text into tokens.
    static func tokens(_ text: String, file: String) throws(StructureFileError) -> [CIFToken] {
        var tokens: [CIFToken] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            // A text field: from a line starting with ';' to the next such line.
            if line.first == ";" {
                var body = [String(line.dropFirst())]
                var closed = false
                while index < lines.count {
                    let next = lines[index]
                    index += 1
                    if next.first == ";" { closed = true; break }
                    body.append(String(next))
                }
                guard closed else {
                    throw StructureFileError(file: file, line: number,
                                             .truncated(expected: "a line starting with ';' closing the text field opened here"))
                }
                let value = body.joined(separator: "\n").trimmingWhitespace()
                tokens.append(CIFToken(kind: .value, text: value, line: number, quoted: true))
                continue
            }
            let chars = Array(line)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c == " " || c == "\t" { i += 1; continue }
                if c == "#" { break }
                if c == "'" || c == "\"" {
                    // Closed by the same quote followed by white space or the end of the line.
                    var j = i + 1
                    while j < chars.count, !(chars[j] == c && (j + 1 == chars.count || chars[j + 1] == " " || chars[j + 1] == "\t")) {
                        j += 1
                    }
                    guard j < chars.count else {
                        throw StructureFileError(file: file, line: number,
                                                 .unexpected(expected: "a closing \(c) on the same line", found: String(line)))
                    }
                    tokens.append(CIFToken(kind: .value, text: String(chars[(i + 1)..<j]), line: number, quoted: true))
                    i = j + 1
                    continue
                }
                var j = i
                while j < chars.count, chars[j] != " ", chars[j] != "\t" { j += 1 }
                let word = String(chars[i..<j])
                i = j
                tokens.append(classify(word, line: number))
            }
        }
        return tokens
    }

    private static func classify(_ word: String, line: Int) -> CIFToken {
        let lower = word.lowercased()
        if word.first == "_" { return CIFToken(kind: .tag, text: lower, line: line, quoted: false) }
        if lower.hasPrefix("data_") {
            return CIFToken(kind: .dataBlock, text: String(word.dropFirst(5)), line: line, quoted: false)
        }
        if lower == "loop_" { return CIFToken(kind: .loop, text: lower, line: line, quoted: false) }
        if lower == "global_" || lower == "stop_" || lower.hasPrefix("save_") {
            return CIFToken(kind: .reserved, text: lower, line: line, quoted: false)
        }
        return CIFToken(kind: .value, text: word, line: line, quoted: false)
    }

    /// Parses CIF text into its data blocks.
    static func blocks(_ text: String, file: String) throws(StructureFileError) -> [CIFBlock] {
        let tokens = try tokens(text, file: file)
        var blocks: [CIFBlock] = []
        var current: CIFBlock? = nil
        var i = 0
        func fail(_ kind: StructureFileError.Kind, _ line: Int?) -> StructureFileError {
            StructureFileError(file: file, line: line, kind)
        }
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .dataBlock:
                if let current { blocks.append(current) }
                current = CIFBlock(name: token.text, line: token.line)
                i += 1
            case .reserved:
                i += 1
            case .value:
                throw fail(.unexpected(expected: "a tag (_name), loop_ or data_", found: token.text), token.line)
            case .tag:
                guard current != nil else {
                    throw fail(.unexpected(expected: "a data_ block before the first tag", found: token.text), token.line)
                }
                guard i + 1 < tokens.count, tokens[i + 1].kind == .value else {
                    if i + 1 >= tokens.count {
                        throw fail(.truncated(expected: "a value for \(token.text)"), token.line)
                    }
                    throw fail(.unexpected(expected: "a value for \(token.text)", found: tokens[i + 1].text), tokens[i + 1].line)
                }
                current!.items[token.text] = tokens[i + 1]
                i += 2
            case .loop:
                guard current != nil else {
                    throw fail(.unexpected(expected: "a data_ block before loop_", found: "loop_"), token.line)
                }
                var tags: [String] = []
                var j = i + 1
                while j < tokens.count, tokens[j].kind == .tag { tags.append(tokens[j].text); j += 1 }
                guard !tags.isEmpty else {
                    throw fail(.unreadableCIFLoop("loop_ has no tags: expected one or more _tags after loop_"), token.line)
                }
                var values: [CIFToken] = []
                while j < tokens.count, tokens[j].kind == .value { values.append(tokens[j]); j += 1 }
                guard values.count % tags.count == 0 else {
                    let lastLine = values.last?.line ?? token.line
                    throw fail(.unreadableCIFLoop(
                        "\(values.count) values for \(tags.count) columns (\(tags.joined(separator: " "))): expected a multiple of \(tags.count) (values end on line \(lastLine))"),
                               token.line)
                }
                let rows = stride(from: 0, to: values.count, by: tags.count).map { Array(values[$0..<($0 + tags.count)]) }
                current!.loops.append(CIFLoop(tags: tags, rows: rows, line: token.line))
                i = j
            }
        }
        if let current { blocks.append(current) }
        return blocks
    }

    /// A CIF number: `3.51`, `3.51(2)` (standard uncertainty dropped), `-0.25`, `1e-3`; nil for
    /// the placeholders `.` (inapplicable) and `?` (unknown).
    static func number(_ token: CIFToken, field: String, file: String) throws(StructureFileError) -> Double? {
        let text = token.text
        if !token.quoted, text == "." || text == "?" { return nil }
        var body = Substring(text)
        if let open = body.firstIndex(of: "("), body.last == ")" { body = body[..<open] }
        guard let value = Double(body), value.isFinite else {
            throw StructureFileError(file: file, line: token.line, .notANumber(field: field, found: text))
        }
        return value
    }
}
