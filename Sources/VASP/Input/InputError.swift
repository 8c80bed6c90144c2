import Foundation

/// A problem with a VASP input (INCAR, KPOINTS, POTCAR, profile or template): names the file, the
/// line when there is one, and what was expected.
public struct InputError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// An INCAR tag Adhere does not know; `suggestion` is the nearest known tag.
        case unknownTag(String, suggestion: String?)
        /// A value that does not have the tag's type.
        case wrongType(tag: String, value: String, expected: String)
        /// A line that is not `TAG = value`.
        case malformedLine(String)
        /// A tag given twice.
        case duplicateTag(String)
        /// A per-atom or per-species list of the wrong length.
        case wrongLength(tag: String, expected: Int, found: Int, per: String)
        /// A k-point setting that makes no sense (zero spacing, 1×1×1 bulk metal, ...).
        case kpoints(String)
        /// No POTCAR for a species; every path tried is listed.
        case potcarMissing(element: String, variant: String, tried: [String])
        /// A POTCAR whose header cannot be read or belongs to another element.
        case potcarInvalid(String)
        /// A profile that cannot be found or read.
        case profile(String)
        /// A template that cannot be found or rendered.
        case template(String)
        /// A structure that cannot get inputs for the role asked (no vacuum for a slab, ...).
        case structure(String)
        /// A file that cannot be read or written.
        case io(String)
    }

    /// The file (path or name) the problem is in.
    public var file: String
    /// 1-based line, when the problem is on one line.
    public var line: Int?
    /// What went wrong.
    public var kind: Kind

    /// Creates an error.
    public init(file: String, line: Int? = nil, _ kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    public var description: String { "\(location): \(message)" }

    /// `file:line`, or `file` when the problem is not on one line.
    public var location: String { line.map { "\(file):\($0)" } ?? file }

    /// The message without the place.
    public var message: String {
        switch kind {
        case .unknownTag(let tag, let suggestion):
            let hint = suggestion.map { "; did you mean \($0)?" } ?? " (add it to IncarTags if VASP knows it)"
            return "unknown INCAR tag '\(tag)'\(hint)"
        case .wrongType(let tag, let value, let expected):
            return "\(tag) = \(value): expected \(expected)"
        case .malformedLine(let text): return "expected 'TAG = value', found '\(text)'"
        case .duplicateTag(let tag): return "\(tag) is set more than once"
        case .wrongLength(let tag, let expected, let found, let per):
            return "\(tag) has \(found) values: expected \(expected) (\(per))"
        case .kpoints(let why): return "k-points: \(why)"
        case .potcarMissing(let element, let variant, let tried):
            return "no POTCAR for \(element) (variant \(variant)); tried:\n" + tried.map { "  \($0)" }.joined(separator: "\n")
                + "\ngive --potcar-dir DIR, set potcar_dir in the study, or set VASP_PP_PATH (or use --no-potcar)"
        case .potcarInvalid(let why): return "POTCAR: \(why)"
        case .profile(let why): return "profile: \(why)"
        case .template(let why): return "template: \(why)"
        case .structure(let why): return why
        case .io(let why): return why
        }
    }
}
