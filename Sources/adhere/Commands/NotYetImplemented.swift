import ArgumentParser

/// Thrown by commands whose library part has not landed yet.
struct NotYetImplemented: Error, CustomStringConvertible {
    let command: String
    var description: String { "error: 'adhere \(command)' is not implemented yet" }
}
