/// A dipole correction as VASP takes it: LDIPOL = .TRUE., IDIPOL (the lattice vector normal to
/// the surface, 1-based) and DIPOL (the centre of the correction, fractional).
public struct DipoleCorrection: Sendable, Equatable {
    /// IDIPOL: 1, 2 or 3.
    public var idipol: Int
    /// DIPOL: the centre in fractional coordinates.
    public var centreFractional: [Double]

    public init(idipol: Int, centreFractional: [Double]) {
        self.idipol = idipol
        self.centreFractional = centreFractional
    }
}

/// How a cell's dipole correction is chosen when its inputs are rendered.
public enum DipoleChoice: Sendable, Equatable {
    /// As the profile decides for this cell (`slab.dipole`: auto, on or off).
    case profile
    /// Exactly as another cell has it (nil: off) — an interface's references take the interface's.
    case same(as: DipoleCorrection?)
}

extension InputProfile {
    /// The profile's dipole correction for one cell: none for bulk cells; for slabs and
    /// interfaces on, off, or (auto) on when the two surfaces differ. Centred on the atoms.
    func dipoleCorrection(role: InputRole, geometry: SlabGeometry?) -> DipoleCorrection? {
        guard role.hasVacuum, let g = geometry else { return nil }
        switch dipole {
        case .off: return nil
        case .on: break
        case .auto: if g.isSymmetric { return nil }
        }
        var centre = [0.5, 0.5, 0.5]
        centre[g.vacuumAxis] = (g.centreFractional * 1e6).rounded() / 1e6
        return DipoleCorrection(idipol: g.vacuumAxis + 1, centreFractional: centre)
    }
}
