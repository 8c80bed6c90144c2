/// Parsers for the text Slurm's commands print. Pure functions, tested on recorded output.
public enum SlurmParsing {
    /// Field separator Adhere asks squeue and sacct for (ASCII unit separator): job names and
    /// comments may hold `|` or spaces, but never this.
    public static let separator = "\u{1F}"

    /// squeue's `-O` (`--Format`) value matching `snapshots(squeueOutput:)`: width 0 (no
    /// padding or truncation) and the separator after each field; name and comment come last.
    /// `exit_code` is the raw wait status (exit 3 → 768, SIGTERM → 15).
    public static let squeueFormat = ["JobID", "State", "exit_code", "Reason", "Name", "Comment"]
        .map { "\($0):0\(separator)" }.joined(separator: ",")

    /// Lines of `squeue -h -O squeueFormat` to snapshots.
    public static func snapshots(squeueOutput: String) throws(SlurmError) -> [JobSnapshot] {
        var out: [JobSnapshot] = []
        for line in squeueOutput.split(separator: "\n", omittingEmptySubsequences: true) {
            var f = line.split(separator: Character(separator), maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, !f[0].isEmpty else {
                throw .unparsableOutput(command: "squeue", expected: "6 fields separated by U+001F (id, state, exit status, reason, name, comment)", output: String(line))
            }
            if f[5].hasSuffix(separator) { f[5].removeLast() }
            // squeue: a wait status ("768"); sacct: "exit:signal" ("3:0").
            let text = f[2].trimmed
            let status: Int32?
            if text.contains(":") { let (e, sig) = exitCode(text); status = e << 8 | sig } else { status = Int32(text) }
            out.append(JobSnapshot(jobID: f[0].trimmed, state: f[1].trimmed, reason: f[3], name: f[4], comment: f[5],
                                   waitStatus: status))
        }
        return out
    }

    /// `exit:signal` to numbers.
    public static func exitCode(_ text: String) -> (exit: Int32, signal: Int32) {
        let parts = text.split(separator: ":")
        let e = parts.first.flatMap { Int32($0) } ?? 0
        let s = parts.count > 1 ? Int32(parts[1]) ?? 0 : 0
        return (e, s)
    }

    /// sacct's `-o` fields matching `finalStates(sacctOutput:)`.
    public static let sacctFields = "JobIDRaw,State,ExitCode,Reason"

    /// Lines of `sacct -X -n -P --delimiter=U+001F -o sacctFields`.
    public static func finalStates(sacctOutput: String) throws(SlurmError) -> [JobFinalState] {
        var out: [JobFinalState] = []
        for line in sacctOutput.split(separator: "\n", omittingEmptySubsequences: true) {
            let f = line.split(separator: Character(separator), omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else {
                throw .unparsableOutput(command: "sacct", expected: "JobIDRaw, State, ExitCode, Reason", output: String(line))
            }
            let (e, s) = exitCode(f[2])
            out.append(JobFinalState(jobID: f[0], rawState: f[1], reason: f.count > 3 ? f[3] : "", exitCode: e, signal: s))
        }
        return out
    }

    /// Records of `scontrol -o show job` (one line per job, `Key=Value` words; JobName and
    /// Comment may contain spaces, so values are read up to the next known key).
    public static func finalStates(scontrolOutput: String) -> [JobFinalState] {
        var out: [JobFinalState] = []
        for line in scontrolOutput.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix("JobId=") {
            let fields = keyValues(String(line))
            guard let id = fields["JobId"] else { continue }
            // Array tasks print ArrayJobId/ArrayTaskId besides JobId; the JobId is what Adhere tracks.
            let state = fields["JobState"] ?? ""
            let (e, s) = exitCode(fields["ExitCode"] ?? "0:0")
            out.append(JobFinalState(jobID: id, rawState: state, reason: fields["Reason"] ?? "", exitCode: e, signal: s))
        }
        return out
    }

    /// Splits `Key=Value Key2=Value with spaces Key3=...` on words that look like `Key=` where
    /// Key is a capitalised identifier, which Slurm's own keys are.
    static func keyValues(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        var key: String?
        var value = ""
        func flush() { if let k = key, result[k] == nil { result[k] = value } }
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if let eq = word.firstIndex(of: "="), isKey(word[..<eq]), !(key == "JobName" || key == "Comment") || isKnownKey(word[..<eq]) {
                flush()
                key = String(word[..<eq])
                value = String(word[word.index(after: eq)...])
            } else {
                value += " " + word
            }
        }
        flush()
        return result
    }

    private static func isKey(_ s: Substring) -> Bool {
        guard let f = s.first, f.isUppercase else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "/" }
    }

    /// Keys that follow JobName and Comment in scontrol's output (words inside a name or a
    /// comment that look like keys but are not these stay part of the value).
    private static func isKnownKey(_ s: Substring) -> Bool {
        ["UserId", "StdErr", "StdIn", "StdOut", "Power", "MCS_label", "GroupId", "Priority", "Nice", "Account",
         "QOS", "JobState", "Reason", "ExitCode", "Dependency", "CpusPerTres", "TresPerNode", "MemPerTres",
         "TresPerTask", "NtasksPerTRES", "CPU_Bind", "TresBind", "TresFreq", "Comment", "WorkDir", "Command",
         "ArrayJobId", "ArrayTaskId", "AdminComment", "SystemComment", "Partition", "NodeList"].contains(String(s))
    }

    /// `scontrol show config` lines (`Key = Value`) to a dictionary.
    public static func config(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let r = line.range(of: " = ") else { continue }
            let key = line[..<r.lowerBound].trimmingSpaces
            out[key] = line[r.upperBound...].trimmingSpaces
        }
        return out
    }
}

extension Substring {
    var trimmingSpaces: String { String(self).trimmed }
}
