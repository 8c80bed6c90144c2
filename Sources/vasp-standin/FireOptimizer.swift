import Crystal
import Foundation

/// The FIRE minimiser (Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97, 170201 (2006)) with
/// unit masses, the published parameters (N_min 5, f_inc 1.1, f_dec 0.5, α_start 0.1, f_α 0.99),
/// Δt₀ = 0.1 and Δt_max = 1 (Å, eV units), and every displacement capped at 0.1 Å.
struct FireOptimizer {
    var velocities: [Vector3]
    var dt = 0.1
    var alpha = 0.1
    var positiveSteps = 0
    let dtMax = 1.0, nMin = 5, fInc = 1.1, fDec = 0.5, alphaStart = 0.1, fAlpha = 0.99, maxStepA = 0.1

    init(atoms: Int) { velocities = Array(repeating: Vector3(0, 0, 0), count: atoms) }

    /// One FIRE step from `structure` with its forces; only free components move.
    mutating func step(_ structure: Structure, forces input: [Vector3], free: [[Bool]]) -> Structure {
        let forces = zip(input, free).map { f, m in Vector3(m[0] ? f.x : 0, m[1] ? f.y : 0, m[2] ? f.z : 0) }
        let power = zip(forces, velocities).reduce(0.0) { $0 + dot($1.0, $1.1) }
        if power > 0 {
            let vNorm = velocities.reduce(0.0) { $0 + dot($1, $1) }.squareRoot()
            let fNorm = forces.reduce(0.0) { $0 + dot($1, $1) }.squareRoot()
            if fNorm > 0 {
                for i in velocities.indices { velocities[i] = velocities[i] * (1 - alpha) + forces[i] * (alpha * vNorm / fNorm) }
            }
            positiveSteps += 1
            if positiveSteps > nMin {
                dt = min(dt * fInc, dtMax)
                alpha *= fAlpha
            }
        } else {
            for i in velocities.indices { velocities[i] = Vector3(0, 0, 0) }
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
