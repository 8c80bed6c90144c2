/// Walks the lines of a text file, keeping 1-based line numbers for error messages.
struct LineCursor {
    struct Line {
        let number: Int
        let text: String
        /// Whitespace-separated fields, with a trailing "!" or "#" comment removed.
        var fields: [String] {
            let body = text.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let clean = body.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return clean.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        }
    }

    let lines: [Substring]
    let file: String
    private(set) var index = 0

    init(text: String, file: String) {
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    /// The next line; at end of input a `truncated` error naming what was expected.
    mutating func next(expecting what: String) throws(StructureFileError) -> Line {
        // A final empty element after the last newline is not a line.
        guard index < lines.count, !(index == lines.count - 1 && lines[index].isEmpty) else {
            // The last real line (a trailing newline does not start another line).
            let last = lines.last?.isEmpty == true ? lines.count - 1 : lines.count
            throw StructureFileError(file: file, line: max(last, 1), .truncated(expected: what))
        }
        defer { index += 1 }
        return Line(number: index + 1, text: String(lines[index]))
    }

    func error(_ kind: StructureFileError.Kind, at line: Int?) -> StructureFileError {
        StructureFileError(file: file, line: line, kind)
    }

    func number(_ s: String, field: String, line: Int) throws(StructureFileError) -> Double {
        guard let v = FortranNumber.double(s), v.isFinite
        else { throw error(.notANumber(field: field, found: s), at: line) }
        return v
    }

    func vector(_ line: Line, field: String) throws(StructureFileError) -> Vector3 {
        let f = line.fields
        guard f.count >= 3 else {
            throw error(.unexpected(expected: "three numbers (\(field))", found: line.text), at: line.number)
        }
        return Vector3(
            try number(f[0], field: field, line: line.number), try number(f[1], field: field, line: line.number),
            try number(f[2], field: field, line: line.number))
    }
}
