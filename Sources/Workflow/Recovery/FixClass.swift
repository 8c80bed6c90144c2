/// How a fix for a failed VASP run affects the energies an interface's W_ad is made of.
public enum FixClass: String, Codable, Sendable, CaseIterable {
    /// Changes how VASP reaches the answer, not the answer (ALGO, mixing, POTIM/IBRION, NELM,
    /// NBANDS, NCORE/KPAR, restarting): applied to the failed calculation alone.
    case energyNeutral = "energy-neutral"
    /// Changes the total energy (ISMEAR/SIGMA, PREC, LREAL, SYMPREC/ISYM, k-mesh, ENCUT): the
    /// interface's three calculations must share it, so it is applied to all three and all
    /// three rerun — or refused, by the study's policy.
    case energyChanging = "energy-changing"
    /// Changes the structure (stretching the lattice, swapping axes, an isotropic k-mesh for a
    /// slab): never applied; the user is told what the established fixers would do.
    case geometryChanging = "geometry-changing"
}

/// One change to an INCAR tag.
public enum IncarChange: Sendable, Equatable, CustomStringConvertible {
    /// Set the tag to this value.
    case set(String, String)
    /// Multiply the tag's value (or `default` when the INCAR lacks it) by `factor`.
    case scale(String, factor: Double, default: Double)
    /// Add `amount` to the tag's value (or to `default`).
    case add(String, amount: Double, default: Double)
    /// Remove the tag (VASP's default applies).
    case remove(String)

    /// The tag changed.
    public var tag: String {
        switch self {
        case .set(let t, _), .scale(let t, _, _), .add(let t, _, _), .remove(let t): return t
        }
    }

    public var description: String {
        switch self {
        case .set(let t, let v): return "\(t) = \(v)"
        case .scale(let t, let f, _): return "\(t) × \(f)"
        case .add(let t, let a, _): return "\(t) + \(a)"
        case .remove(let t): return "remove \(t)"
        }
    }
}

/// One step of the fix table.
public struct VASPFix: Sendable, Equatable {
    /// A short name, recorded in the history (`mixing`, `algo-all`, …).
    public var name: String
    /// Its class.
    public var fixClass: FixClass
    /// The INCAR changes (empty for geometry-changing fixes, which are never applied).
    public var changes: [IncarChange]
    /// Also continue from a validated CONTCAR (for ionic-relaxation failures).
    public var continueFromCONTCAR: Bool
    /// Also drop WAVECAR/CHGCAR so VASP starts from scratch (ISTART=0, ICHARG=2).
    public var startFromScratch: Bool
    /// One sentence for the user.
    public var explanation: String

    /// Creates a fix.
    public init(_ name: String, _ fixClass: FixClass, _ changes: [IncarChange], continueFromCONTCAR: Bool = false,
                startFromScratch: Bool = false, _ explanation: String) {
        self.name = name
        self.fixClass = fixClass
        self.changes = changes
        self.continueFromCONTCAR = continueFromCONTCAR
        self.startFromScratch = startFromScratch
        self.explanation = explanation
    }
}
