import Foundation

/// Failures the stand-in can be told to produce, so recovery is tested end to end.
///
/// `ADHERE_STANDIN_FAIL=timeout|zbrent|brmix|die-mid-write` chooses the failure;
/// `ADHERE_STANDIN_FAIL_IN=TEXT` limits it to run folders whose path contains TEXT;
/// `ADHERE_STANDIN_FAIL_ONCE=1` fails only the first time in a folder (a marker file
/// `.vasp-standin-injected-MODE` is left there; a retry in the same folder then runs normally).
enum InjectedFailure: String, CaseIterable {
    /// Sleeps past the job's time limit after the first ionic step; SIGUSR1 or a STOPCAR with
    /// `LSTOP = .TRUE.` ends it cleanly (complete vasprun.xml, not converged).
    case timeout
    /// Prints VASP's "ZBRENT: fatal error in bracketing" after the second ionic step and exits 1.
    case zbrent
    /// Prints VASP's "BRMIX: very serious problems" text during the first ionic step and exits 1.
    case brmix
    /// Is killed (SIGKILL) halfway through writing the second `<calculation>` of vasprun.xml.
    case dieMidWrite = "die-mid-write"

    /// The failure requested by the environment for the folder `directory`, or nil.
    static func requested(environment: [String: String], directory: String) -> InjectedFailure? {
        guard let raw = environment["ADHERE_STANDIN_FAIL"], !raw.isEmpty else { return nil }
        guard let mode = InjectedFailure(rawValue: raw.lowercased()) else {
            FileHandle.standardError.write(Data("vasp-standin: warning: ADHERE_STANDIN_FAIL=\(raw) is not one of \(allCases.map(\.rawValue).joined(separator: ", ")); ignored\n".utf8))
            return nil
        }
        if let only = environment["ADHERE_STANDIN_FAIL_IN"], !only.isEmpty, !directory.contains(only) { return nil }
        if ["1", "true", "yes"].contains(environment["ADHERE_STANDIN_FAIL_ONCE"]?.lowercased() ?? "") {
            let marker = (directory as NSString).appendingPathComponent(".vasp-standin-injected-\(mode.rawValue)")
            if FileManager.default.fileExists(atPath: marker) { return nil }
            _ = FileManager.default.createFile(atPath: marker, contents: Data("injected \(mode.rawValue) once\n".utf8))
        }
        return mode
    }

    /// VASP's own words for the failure (as printed to standard output by VASP 5.4/6.x).
    var vaspText: String {
        switch self {
        case .zbrent:
            return " ZBRENT: fatal error in bracketing\n     please rerun with smaller EDIFF, or copy CONTCAR\n     to POSCAR and continue\n"
        case .brmix:
            return " BRMIX: very serious problems\n the old and the new charge density differ\n"
        case .timeout, .dieMidWrite:
            return ""
        }
    }
}

/// Set by SIGUSR1 (Slurm's `--signal=USR1@…` warning before the time limit).
nonisolated(unsafe) var stopSignalReceived: sig_atomic_t = 0

/// Installs the SIGUSR1 handler.
func installStopSignalHandler() {
    signal(SIGUSR1) { _ in stopSignalReceived = 1 }
}

/// True when STOPCAR asks to stop (`LSTOP = .TRUE.` or `LABORT = .TRUE.`) or SIGUSR1 arrived.
func stopRequested(directory: String) -> Bool {
    if stopSignalReceived != 0 { return true }
    let path = (directory as NSString).appendingPathComponent("STOPCAR")
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
    let t = text.uppercased().replacingOccurrences(of: " ", with: "")
    return t.contains("LSTOP=.TRUE.") || t.contains("LSTOP=T") || t.contains("LABORT=.TRUE.") || t.contains("LABORT=T")
}
