import Foundation

/// Finds the VASP failure kinds in a calculation folder's outputs, for recovery.
public enum VASPFailureScan {
    /// The kinds found in the folder's job output (`slurm-*.out`, `vasp.out`, `stdout`), newest
    /// job output first, each kind once, in the order seen.
    public static func kinds(inFolder folder: URL) -> [String] {
        []
    }
}
