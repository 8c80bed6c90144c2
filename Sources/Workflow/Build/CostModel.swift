/// The cost estimate `adhere plan` prints, for real VASP (the stand-in costs seconds).
///
///     core-hours = C · N_atoms³ · N_k · N_steps,   C = 4 × 10⁻⁷ core-hours
///
/// N_k is the number of k-points of the mesh (no symmetry reduction, an upper bound), N_steps
/// the ionic steps allowed (NSW; 1 for a single point). C was set from one figure: a 100-atom
/// PBE slab with 4 k-points takes ≈ 3 minutes per ionic step on 32 cores (1.6 core-hours). Plane-
/// wave DFT scales as N³ once the cell is large; below ≈ 50 atoms the model underestimates (it
/// ignores fixed costs). It is a budget guide, not a prediction.
public struct CostModel: Sendable, Equatable {
    /// C in core-hours per (atom³ · k-point · ionic step).
    public var coreHoursPerUnit: Double

    /// The documented model.
    public static let standard = CostModel(coreHoursPerUnit: 4e-7)

    /// Creates a model with another constant.
    public init(coreHoursPerUnit: Double) { self.coreHoursPerUnit = coreHoursPerUnit }

    /// Core-hours for one calculation.
    public func coreHours(atoms: Int, kpoints: Int, ionicSteps: Int) -> Double {
        coreHoursPerUnit * pow3(Double(atoms)) * Double(max(1, kpoints)) * Double(max(1, ionicSteps))
    }

    private func pow3(_ x: Double) -> Double { x * x * x }
}
