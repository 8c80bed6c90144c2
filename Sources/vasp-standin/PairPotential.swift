import Crystal
import Foundation

/// The stand-in's energy model: NOT density-functional theory, only a deterministic, extensive
/// number that behaves well enough to exercise the workflow.
///
///     E = Σ_i ε(Z_i) + Σ_{i<j, images} [φ_ij(r) − φ_ij(r_c)] + Σ_i ½ k |r_i − r_i⁰|²,   r < r_c = 6 Å
///     φ_ij(r) = D_ij [(1 − e^{−α_ij (r − r0_ij)})² − 1]            (Morse)
///     ε(Z) = −(0.5 + 0.03 Z) eV
///
/// Pair parameters (docs/vasp-standin.md): Li–Li D = 0.10 eV, α = 1.2 Å⁻¹, r0 = 3.04 Å (the
/// bcc nearest-neighbour distance); Li–X D = 0.15 eV, α = 1.5 Å⁻¹, r0 = r_Li + r_X
/// (covalent radii); X–Y (no Li) D = 0.05 eV, α = 1.5 Å⁻¹, r0 = r_X + r_Y. The Li–X attraction
/// is what binds a Li film to an interlayer, so W_ad comes out positive. The springs
/// (k = 5 eV/Å², r⁰ = the POSCAR positions) keep relaxations small and quick: a generic pair
/// potential is not at equilibrium in real crystals, and without them LLZO or Li2CO3 would
/// rearrange for hundreds of steps. Atoms of a reference slab start where they sit in the
/// interface, so the springs mostly cancel in W_ad.
struct PairPotential: Sendable {
    /// Cut-off radius in Å.
    let cutoffA = 6.0
    /// Spring constant tying each atom to its position in POSCAR, eV/Å² (see `evaluate`).
    let tetherEVPerA2 = 5.0
    /// Cartesian positions from POSCAR (the springs' rest positions); nil: no springs. When the
    /// cell relaxes (ISIF ≥ 3) the run moves them with the cell (same fractional coordinates).
    var restPositions: [Vector3]? = nil
    /// The POSCAR cell, when the cell relaxes (ISIF ≥ 3): a cell spring ½ K V₀ Σ ε_ab² ties the
    /// cell to it (ε the symmetric strain from it), as the atom springs tie the atoms.
    var restLattice: Lattice? = nil
    /// The cell spring's stiffness K in eV/Å³ (160 GPa): without it a generic pair potential
    /// collapses real cells (LiCF3SO3 to a third of its volume); with it cells move by a few %.
    let cellTetherEVPerA3 = 1.0

    struct Pair { var d: Double; var alpha: Double; var r0: Double; var shift: Double }

    /// 1 eV/Å³ in kBar (1 eV = 1.602176634e-19 J exactly; 1 kBar = 1e8 Pa).
    static let evPerA3InKBar = 1602.176_634

    /// Per-atom reference energy ε(Z) in eV.
    static func atomicEnergyEV(_ e: Element) -> Double { -(0.5 + 0.03 * Double(e.atomicNumber)) }

    /// Morse parameters for a pair of elements, with the energy shift that makes φ(r_c) = 0.
    func parameters(_ a: Element, _ b: Element) -> Pair {
        let li = Element(symbol: "Li")!
        var p: Pair
        if a == li && b == li {
            p = Pair(d: 0.10, alpha: 1.2, r0: 3.04, shift: 0)
        } else if a == li || b == li {
            p = Pair(d: 0.15, alpha: 1.5, r0: a.covalentRadiusA + b.covalentRadiusA, shift: 0)
        } else {
            p = Pair(d: 0.05, alpha: 1.5, r0: a.covalentRadiusA + b.covalentRadiusA, shift: 0)
        }
        let x = exp(-p.alpha * (cutoffA - p.r0))
        p.shift = p.d * ((1 - x) * (1 - x) - 1)
        return p
    }

    /// Energy (eV), Cartesian forces (eV/Å) and stress (kBar; VASP's sign: positive when the
    /// pairs push outwards, i.e. the cell would like to expand) of a structure.
    struct Result {
        var energyEV: Double
        var forcesEVPerA: [Vector3]
        var stressKBar: [[Double]]
    }

    func evaluate(_ s: Structure) -> Result {
        let n = s.count
        let m = s.lattice.matrix
        let rows = m.rows
        // Perpendicular widths give how many images each axis needs after minimum-image wrapping.
        let volume = abs(m.determinant)
        let widths = [length(cross(rows[1], rows[2])), length(cross(rows[2], rows[0])), length(cross(rows[0], rows[1]))]
            .map { volume / $0 }
        let reach = widths.map { Int((cutoffA / $0 + 0.5).rounded(.down)) }
        var shifts: [(Double, Double, Double)] = []
        for i in -reach[0]...reach[0] { for j in -reach[1]...reach[1] { for k in -reach[2]...reach[2] {
            let t = rows[0] * Double(i) + rows[1] * Double(j) + rows[2] * Double(k)
            shifts.append((t.x, t.y, t.z))
        } } }

        let species = s.speciesInOrder
        let typeOf = s.sites.map { site in species.firstIndex(of: site.element)! }
        let table: [[Pair]] = species.map { a in species.map { b in parameters(a, b) } }
        let frac = s.sites.map { $0.fractional }
        let rc2 = cutoffA * cutoffA

        var energy = s.sites.reduce(0.0) { $0 + PairPotential.atomicEnergyEV($1.element) }
        var fx = [Double](repeating: 0, count: n), fy = fx, fz = fx
        var virial = [[Double]](repeating: [0, 0, 0], count: 3)
        let r0 = rows[0], r1 = rows[1], r2 = rows[2]

        for i in 0..<n {
            let fi = frac[i]
            let ti = typeOf[i]
            for j in i..<n {
                var df = frac[j] - fi
                df = df - df.rounded(.toNearestOrEven)
                let dx0 = df.x * r0.x + df.y * r1.x + df.z * r2.x
                let dy0 = df.x * r0.y + df.y * r1.y + df.z * r2.y
                let dz0 = df.x * r0.z + df.y * r1.z + df.z * r2.z
                let p = table[ti][typeOf[j]]
                let weight = i == j ? 0.5 : 1.0
                for (sx, sy, sz) in shifts {
                    let dx = dx0 + sx, dy = dy0 + sy, dz = dz0 + sz
                    let r2v = dx * dx + dy * dy + dz * dz
                    if r2v >= rc2 || r2v < 1e-12 { continue }
                    let r = r2v.squareRoot()
                    let e = exp(-p.alpha * (r - p.r0))
                    let phi = p.d * ((1 - e) * (1 - e) - 1) - p.shift
                    // dφ/dr = 2 D α e (1 − e)
                    let dphi = 2 * p.d * p.alpha * e * (1 - e)
                    energy += weight * phi
                    // Force on j along +d is −dφ/dr; on i the opposite.
                    let g = -dphi / r
                    let gx = g * dx, gy = g * dy, gz = g * dz
                    if i != j {
                        fx[j] += gx; fy[j] += gy; fz[j] += gz
                        fx[i] -= gx; fy[i] -= gy; fz[i] -= gz
                    }
                    let d = [dx, dy, dz], f = [gx, gy, gz]
                    for a in 0..<3 { for b in 0..<3 { virial[a][b] += weight * d[a] * f[b] } }
                }
            }
        }
        // Springs to the POSCAR positions: ½ k |r − r⁰|² each (minimum-image displacement).
        if let rest = restPositions, rest.count == n {
            for i in 0..<n {
                var df = s.lattice.fractional(fromCartesian: s.lattice.cartesian(fromFractional: frac[i]) - rest[i])
                df = df - df.rounded(.toNearestOrEven)
                let d = s.lattice.cartesian(fromFractional: df)
                energy += 0.5 * tetherEVPerA2 * dot(d, d)
                fx[i] -= tetherEVPerA2 * d.x; fy[i] -= tetherEVPerA2 * d.y; fz[i] -= tetherEVPerA2 * d.z
                // A spring's rest point moves with the cell (ISIF ≥ 3), so it pulls the cell in: −k d ⊗ d.
                let v = [d.x, d.y, d.z]
                for a in 0..<3 { for b in 0..<3 { virial[a][b] -= tetherEVPerA2 * v[a] * v[b] } }
            }
        }
        // The cell spring (ISIF ≥ 3): T = L₀⁻¹ L, strain ε = sym(T) − I, energy ½ K V₀ Σ ε². Its
        // virial is the derivative with respect to a strain δ of the current cell (L → L (I + δ)):
        // −K V₀ sym(Tᵀ ε).
        if let rest = restLattice, let inverse = rest.matrix.inverse {
            let t = (inverse * m).rows
            let volume0 = rest.volumeA3
            var strain = [[Double]](repeating: [0, 0, 0], count: 3)
            for a in 0..<3 { for b in 0..<3 { strain[a][b] = 0.5 * (t[a][b] + t[b][a]) - (a == b ? 1 : 0) } }
            for a in 0..<3 { for b in 0..<3 {
                energy += 0.5 * cellTetherEVPerA3 * volume0 * strain[a][b] * strain[a][b]
                let tte = (0..<3).reduce(0.0) { $0 + t[$1][a] * strain[$1][b] }
                let tteT = (0..<3).reduce(0.0) { $0 + t[$1][b] * strain[$1][a] }
                virial[a][b] -= cellTetherEVPerA3 * volume0 * 0.5 * (tte + tteT)
            } }
        }
        // Stress in kBar (1 eV/Å³ = 1602.176634 kBar): virial Σ d ⊗ f over pairs, divided by V.
        let stress = virial.map { row in row.map { $0 / volume * PairPotential.evPerA3InKBar } }
        let forces = (0..<n).map { Vector3(fx[$0], fy[$0], fz[$0]) }
        return Result(energyEV: energy, forcesEVPerA: forces, stressKBar: stress)
    }
}
