/// A failed HDF5 call, with what was being done, to which object, and HDF5's own error stack.
public struct HDF5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the wrapper was doing ("open file", "create group", "read dataset", ...).
    public let operation: String
    /// The file path or object path inside the file.
    public let object: String
    /// HDF5's error stack, most general first (`function: message` per line); empty when
    /// the failure was detected by the wrapper itself.
    public let stack: [String]
    /// A wrapper-detected reason, when there is one (shape mismatch, wrong type, ...).
    public let reason: String?

    /// An error with the given parts.
    public init(operation: String, object: String, stack: [String] = [], reason: String? = nil) {
        self.operation = operation
        self.object = object
        self.stack = stack
        self.reason = reason
    }

    public var description: String {
        var text = "HDF5: cannot \(operation) '\(object)'"
        if let reason { text += ": \(reason)" }
        if !stack.isEmpty { text += ": " + stack.joined(separator: "; ") }
        return text
    }
}
