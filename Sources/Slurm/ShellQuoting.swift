/// POSIX shell quoting for text that a shell will read (the job script body, the remote command
/// line sent over ssh). Every value from a user or a file goes through here.
public enum ShellQuoting {
    /// Characters that never need quoting in any POSIX shell context we produce.
    private static func isPlain(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": return true
        default: return false
        }
    }

    /// One shell word that the shell turns back into exactly `text`: unchanged when it holds only
    /// harmless characters, else wrapped in single quotes with each `'` written as `'\''`.
    public static func quote(_ text: String) -> String {
        if text.isEmpty { return "''" }
        if text.unicodeScalars.allSatisfy(isPlain) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// A command line (words separated by single spaces) that a shell runs as exactly `arguments`.
    public static func commandLine(_ arguments: [String]) -> String {
        arguments.map(quote).joined(separator: " ")
    }
}
