import Crystal
import Foundation

/// The FIRE minimiser (Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97, 170201 (2006)) with
/// unit masses, the published parameters (N_min 5, f_inc 1.1, f_dec 0.5, α_start 0.1, f_α 0.99),
/// Δt₀ = 0.1 and Δt_max = 1 (Å, eV units), and every displacement capped at 0.1 Å.
///
/// With `relaxesCell` (ISIF ≥ 3) the cell's strain joins the atoms as nine more coordinates,
/// scaled by the number of atoms N as ASE's UnitCellFilter does: coordinate N·ε, force
/// virial/N (eV), each strain step capped at 1 %. Atoms keep their fractional coordinates
/// when the cell deforms.
struct FireOptimizer {
    var velocities: [Vector3]
    /// Velocity of the cell coordinates (row-major 3×3), when the cell relaxes.
    var cellVelocity: [Double]?
    var dt = 0.1
    var alpha = 0.1
    var positiveSteps = 0
    let dtMax = 1.0, nMin = 5, fInc = 1.1, fDec = 0.5, alphaStart = 0.1, fAlpha = 0.99, maxStepA = 0.1

    /// Largest strain change of one step (ISIF ≥ 3).
    let maxStrainStep = 0.01

    init(atoms: Int, relaxesCell: Bool = false) {
        velocities = Array(repeating: Vector3(0, 0, 0), count: atoms)
        cellVelocity = relaxesCell ? Array(repeating: 0, count: 9) : nil
    }

    /// One FIRE step from `structure` with its forces; only free components move. `virialEV`
    /// (stress × volume, positive when the cell wants to grow) moves the cell when it relaxes.
    mutating func step(_ structure: Structure, forces input: [Vector3], free: [[Bool]], virialEV: [[Double]]? = nil) -> Structure {
        let forces = zip(input, free).map { f, m in Vector3(m[0] ? f.x : 0, m[1] ? f.y : 0, m[2] ? f.z : 0) }
        let n = Double(max(1, structure.count))
        let cellForce: [Double] = cellVelocity == nil ? [] : (virialEV ?? [[0, 0, 0], [0, 0, 0], [0, 0, 0]]).flatMap { $0 }.map { $0 / n }
        var cellV = cellVelocity ?? []
        let power = zip(forces, velocities).reduce(0.0) { $0 + dot($1.0, $1.1) } + zip(cellForce, cellV).reduce(0.0) { $0 + $1.0 * $1.1 }
        if power > 0 {
            let vNorm = (velocities.reduce(0.0) { $0 + dot($1, $1) } + cellV.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
            let fNorm = (forces.reduce(0.0) { $0 + dot($1, $1) } + cellForce.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
            if fNorm > 0 {
                for i in velocities.indices { velocities[i] = velocities[i] * (1 - alpha) + forces[i] * (alpha * vNorm / fNorm) }
                for k in cellV.indices { cellV[k] = cellV[k] * (1 - alpha) + cellForce[k] * (alpha * vNorm / fNorm) }
            }
            positiveSteps += 1
            if positiveSteps > nMin {
                dt = min(dt * fInc, dtMax)
                alpha *= fAlpha
            }
        } else {
            for i in velocities.indices { velocities[i] = Vector3(0, 0, 0) }
            for k in cellV.indices { cellV[k] = 0 }
            dt *= fDec
            alpha = alphaStart
            positiveSteps = 0
        }
        var copy = structure
        let inverse = structure.lattice.matrix.inverse ?? .identity
        for i in copy.sites.indices {
            velocities[i] += forces[i] * dt
            var d = velocities[i] * dt
            for k in 0..<3 where !free[i][k] { d[k] = 0 }
            let l = length(d)
            if l > maxStepA { d *= maxStepA / l }
            copy.sites[i].fractional += d * inverse
        }
        if cellVelocity != nil {
            // Strain step Δε = v·dt / N (capped), applied to the rows: a' = a (I + Δε).
            for k in cellV.indices { cellV[k] += cellForce[k] * dt }
            var strain = cellV.map { $0 * dt / n }
            let largest = strain.map(abs).max() ?? 0
            if largest > maxStrainStep { strain = strain.map { $0 * maxStrainStep / largest } }
            let rows = structure.lattice.matrix.rows.map { r in
                Vector3((0..<3).map { b in r[b] + r.x * strain[b] + r.y * strain[3 + b] + r.z * strain[6 + b] })
            }
            copy.lattice = Lattice(matrix: Matrix3(rows: rows))
            cellVelocity = cellV
        }
        return copy
    }
}

/// A text file written by appending (OSZICAR, OUTCAR), so a killed run keeps what it wrote.
final class AppendingFile {
    private let handle: FileHandle?

    init(path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)
    }

    deinit { try? handle?.close() }

    func append(_ text: String) { handle?.write(Data(text.utf8)) }
}
