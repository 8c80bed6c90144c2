import Foundation
import Checksum
import Crystal

/// The four VASP inputs of one calculation, rendered in memory (nothing written yet).
public struct InputSet: Sendable {
    /// A short name for messages ("interface", "film", "LiF-bulk").
    public var name: String
    /// The kind of cell.
    public var role: InputRole
    /// Relaxation or single point.
    public var calculation: CalculationKind
    /// The structure, atoms grouped by species (POSCAR order).
    public var structure: Structure
    /// Vacuum axis, centre and symmetry, for slabs and interfaces.
    public var geometry: SlabGeometry?
    /// The dipole correction written to the INCAR, or nil.
    public var dipole: DipoleCorrection?
    /// POSCAR text.
    public var poscar: String
    /// INCAR text as rendered from the template.
    public var incarText: String
    /// The INCAR read back from `incarText`.
    public var incar: Incar
    /// KPOINTS text.
    public var kpointsText: String
    /// The k-point mesh.
    public var kpoints: KPointMesh
    /// POTCAR variants in POSCAR species order (the POTCAR.spec text).
    public var potcarSpec: String
    /// Things a user should know (no error).
    public var warnings: [String]

    /// SHA-256 of INCAR, KPOINTS, POSCAR and the POTCAR variants (not the licensed POTCAR text,
    /// so the hash is the same with or without a PAW library). 64 hex digits. The INCAR's SYSTEM
    /// line is left out: it names the calculation, and two calculations that differ only in their
    /// names compute the same thing (a study shares them).
    public var inputHash: String {
        let incarWithoutTitle = incarText.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.drop(while: { $0 == " " }).uppercased().hasPrefix("SYSTEM") }
            .joined(separator: "\n")
        return SHA256.hex(namedTexts: [("INCAR", incarWithoutTitle), ("KPOINTS", kpointsText), ("POSCAR", poscar), ("POTCAR.spec", potcarSpec)])
    }

    /// The settings this set fixes, for the ``ConsistencyGuard``.
    public var settings: CalculationSettings {
        CalculationSettings(label: name, incar: incar, kpoints: kpoints, lattice: structure.lattice,
                            vacuumAxis: geometry?.vacuumAxis)
    }
}

/// Where the POTCAR comes from when inputs are written.
public enum PotcarSource: Sendable, Equatable {
    /// Concatenate datasets from a PAW library.
    case library(PotcarLibrary)
    /// Write POTCAR.spec (the variants) instead of a POTCAR.
    case specOnly
}

/// What `InputSetWriter.write` produced.
public struct WrittenInputSet: Sendable {
    /// The folder written.
    public var directory: URL
    /// SHA-256 identity of the inputs (see `InputSet.inputHash`).
    public var inputHash: String
    /// The INCAR written.
    public var incar: Incar
    /// The k-point mesh written.
    public var kpoints: KPointMesh
    /// File names written (POSCAR, INCAR, KPOINTS, POTCAR or POTCAR.spec).
    public var files: [String]
    /// Warnings (ENCUT below 1.3 × ENMAX, POTCAR functional, bulk cell with vacuum, ...).
    public var warnings: [String]
    /// The rendered set.
    public var inputSet: InputSet
}
