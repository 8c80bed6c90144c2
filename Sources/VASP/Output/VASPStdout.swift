/// VASP's standard output (the job's `vasp.out` / Slurm output): progress lines and failures.
public struct VASPStdout: Sendable, Equatable {
    /// The version line (`vasp.5.4.1 24Jun15 ...` / `vasp.6.4.2 ...`), when present.
    public var versionLine: String?
    /// SCF and ionic progress (the same lines OSZICAR holds).
    public var progress: VASPProgress
    /// Failure kinds found, in order of appearance.
    public var failures: [VASPFailureKind]

    /// Reads standard-output text (whole or a tail).
    public init(text: String) {
        versionLine = text.split(separator: "\n").first { $0.drop { $0 == " " }.hasPrefix("vasp.") }
            .map { String($0.drop { $0 == " " }) }
        progress = VASPProgress(text: text)
        failures = VASPFailure.detect(in: text)
    }

    /// Reads the last `lastBytes` of a standard-output file (plain or .gz).
    public static func read(path: String, lastBytes: Int = 1_048_576) throws(VasprunError) -> VASPStdout {
        VASPStdout(text: try TailText.read(path: path, lastBytes: lastBytes))
    }
}
