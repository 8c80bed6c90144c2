import Crystal
import Foundation

/// One stand-in run in a folder: read inputs, relax, write outputs, maybe fail on purpose.
struct StandinRun {
    let directory: String
    let incar: StandinIncar
    let kpoints: StandinKpoints
    var structure: Structure
    let failure: InjectedFailure?
    /// Seconds to sleep per ionic step (ADHERE_STANDIN_STEP_SECONDS) to make runs visible.
    let stepSeconds: Double
    /// How long a `timeout` failure sleeps at most (ADHERE_STANDIN_TIMEOUT_SECONDS, default 1 day).
    let timeoutSeconds: Double
    var potential = PairPotential()

    init(directory: String, environment: [String: String]) throws {
        self.directory = directory
        let poscar = (directory as NSString).appendingPathComponent("POSCAR")
        guard FileManager.default.fileExists(atPath: poscar) else { throw StandinError.missing(poscar) }
        structure = try POSCAR.read(path: poscar).groupedBySpecies()
        incar = try StandinIncar.read(path: (directory as NSString).appendingPathComponent("INCAR"))
        kpoints = try StandinKpoints.read(path: (directory as NSString).appendingPathComponent("KPOINTS"))
        failure = InjectedFailure.requested(environment: environment, directory: directory)
        stepSeconds = Double(environment["ADHERE_STANDIN_STEP_SECONDS"] ?? "") ?? 0
        timeoutSeconds = Double(environment["ADHERE_STANDIN_TIMEOUT_SECONDS"] ?? "") ?? 86_400
    }

    /// ISIF ≥ 3: the cell counts as relaxed when every stress component is below this (kBar),
    /// besides the forces' EDIFFG. (VASP itself stops on forces alone.)
    static let stressToleranceKBar = 0.05

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Runs; returns the exit status.
    mutating func run() -> Int32 {
        installStopSignalHandler()
        let started = Date()
        say(" vasp-standin 0.1.0 (NOT VASP: a pair-potential stand-in; its numbers are not physics)\n")
        say(" running on    1 total cores\n")
        say(" POSCAR found : \(String(format: "%2d", structure.speciesInOrder.count)) types and \(String(format: "%7d", structure.count)) ions\n")
        let relaxesCell = incar.isif >= 3 && incar.ibrion != -1 && incar.nsw > 0
        if relaxesCell {
            say(" vasp-standin: ISIF=\(incar.isif): cell shape and volume relax too, until every stress component is below \(Self.stressToleranceKBar) kB\n")
        }
        if let failure { say(" vasp-standin: injected failure '\(failure.rawValue)' (ADHERE_STANDIN_FAIL)\n") }

        let vasprun: VasprunWriter
        do { vasprun = try VasprunWriter(path: path("vasprun.xml")) } catch {
            FileHandle.standardError.write(Data("vasp-standin: error: cannot write \(path("vasprun.xml"))\n".utf8))
            return 1
        }
        vasprun.writeHead(incar: incar, kpoints: kpoints, structure: structure, date: started)
        let oszicar = AppendingFile(path: path("OSZICAR"))
        let outcar = AppendingFile(path: path("OUTCAR"))
        outcar.append(" vasp-standin 0.1.0 — NOT VASP. Pair-potential stand-in; numbers are not physics.\n"
            + " POSCAR = \(structure.comment)\n   NIONS = \(structure.count)\n   NSW = \(incar.nsw)  IBRION = \(incar.ibrion)  ISIF = \(incar.isif)  EDIFFG = \(incar.ediffg)\n"
            + "   NKPTS = \(kpoints.count)\n\n")

        let maxSteps = incar.ibrion == -1 ? 1 : max(1, incar.nsw)
        let free = structure.sites.map { $0.selectiveDynamics ?? [true, true, true] }
        var fire = FireOptimizer(atoms: structure.count, relaxesCell: relaxesCell)
        let restFractional = structure.sites.map(\.fractional)
        if relaxesCell { potential.restLattice = structure.lattice }
        var previousEnergy: Double? = nil
        var converged = false
        var stoppedEarly = false
        potential.restPositions = structure.cartesianPositionsA
        var current = potential.evaluate(structure)

        for step in 1...maxSteps {
            if stepSeconds > 0 { Thread.sleep(forTimeInterval: stepSeconds) }
            let e = current.energyEV
            let dE = e - (previousEnergy ?? 0)
            let header = "       N       E                     dE             d eps       ncg     rms          rms(c)\n"
            var lines = header
            lines += "DAV:   1    \(Fortran.e0(e + 0.5, digits: 12))   \(Fortran.e0(e + 0.5, digits: 5))   \(Fortran.e0(-0.1, digits: 5))   \(structure.count * 8)   \(Fortran.e0(0.1, digits: 3))\n"
            lines += "RMM:   2    \(Fortran.e0(e + 0.004, digits: 12))   \(Fortran.e0(-0.496, digits: 5))   \(Fortran.e0(-0.001, digits: 5))   \(structure.count * 8)   \(Fortran.e0(0.01, digits: 3))    \(Fortran.e0(0.01, digits: 3))\n"
            if failure == .brmix && step == 1 {
                say(lines + failure!.vaspText)
                oszicar.append(lines)
                return 1
            }
            lines += "RMM:   3    \(Fortran.e0(e, digits: 12))   \(Fortran.e0(-0.004, digits: 5))   \(Fortran.e0(-0.00001, digits: 5))   \(structure.count * 8)   \(Fortran.e0(0.001, digits: 3))\n"
            lines += String(format: "%4d", step) + " F= \(Fortran.e(e, digits: 8)) E0= \(Fortran.e(e, digits: 8))  d E =\(Fortran.e(dE, digits: 6))\n"
            say(lines)
            oszicar.append(lines)

            if failure == .dieMidWrite && step == 2 {
                vasprun.write(" <calculation>\n  <scstep>\n   <time name=\"total\">    0.01    0.01</time>\n   <energy>\n    <i name=\"e_fr_")
                FileHandle.standardError.write(Data("vasp-standin: injected failure: killed while writing vasprun.xml\n".utf8))
                kill(getpid(), SIGKILL)
            }
            vasprun.writeCalculation(structure: structure, result: current, step: step)
            outcar.append(outcarStep(step: step, result: current))
            try? POSCAR.write(structure, to: path("CONTCAR"), comment: structure.comment)

            // Convergence (only free components count, as in VASP).
            let maxForce = zip(current.forcesEVPerA, free).map { f, m in
                length(Vector3(m[0] ? f.x : 0, m[1] ? f.y : 0, m[2] ? f.z : 0))
            }.max() ?? 0
            if incar.ibrion == -1 || incar.nsw == 0 { converged = true; break }
            let maxStressKBar = relaxesCell ? current.stressKBar.flatMap { $0 }.map(abs).max() ?? 0 : 0
            if maxStressKBar < Self.stressToleranceKBar,
               incar.ediffg < 0 ? maxForce < -incar.ediffg : (step > 1 && abs(dE) < incar.ediffg) {
                converged = true
                break
            }
            if failure == .zbrent && step == 2 {
                say(failure!.vaspText)
                return 1
            }
            if failure == .timeout && step == 1 {
                say(" vasp-standin: injected failure 'timeout': sleeping up to \(Int(timeoutSeconds)) s (SIGUSR1 or STOPCAR LSTOP stops cleanly)\n")
                let deadline = Date().addingTimeInterval(timeoutSeconds)
                while Date() < deadline && !stopRequested(directory: directory) { Thread.sleep(forTimeInterval: 0.2) }
            }
            if stopRequested(directory: directory) {
                say(" vasp-standin: stop requested (STOPCAR or SIGUSR1): ending after ionic step \(step)\n")
                stoppedEarly = true
                break
            }
            if step == maxSteps { break }

            // FIRE (Bitzek et al., PRL 97, 170201 (2006)) on the free coordinates, unit masses,
            // each displacement capped at 0.1 Å.
            previousEnergy = e
            let volumeA3 = structure.lattice.volumeA3
            let virialEV = relaxesCell ? current.stressKBar.map { $0.map { $0 / PairPotential.evPerA3InKBar * volumeA3 } } : nil
            structure = fire.step(structure, forces: current.forcesEVPerA, free: free, virialEV: virialEV)
            if relaxesCell { potential.restPositions = restFractional.map(structure.lattice.cartesian(fromFractional:)) }
            current = potential.evaluate(structure)
        }

        vasprun.writeTail(structure: structure)
        try? POSCAR.write(structure, to: path("CONTCAR"), comment: structure.comment)
        if converged && incar.nsw > 0 && incar.ibrion != -1 {
            say(" reached required accuracy - stopping structural energy minimisation\n")
            outcar.append(" reached required accuracy - stopping structural energy minimisation\n")
        }
        let seconds = Date().timeIntervalSince(started)
        outcar.append("\n General timing and accounting informations for this job:\n ========================================================\n\n"
            + "                  Total CPU time used (sec):\(Fortran.f(seconds, width: 16, decimals: 3))\n"
            + "                            Elapsed time (sec):\(Fortran.f(seconds, width: 16, decimals: 3))\n")
        if !converged && !stoppedEarly && incar.nsw > 0 {
            say(" vasp-standin: NSW=\(incar.nsw) ionic steps done without reaching EDIFFG=\(incar.ediffg)\n")
        }
        return 0
    }

    private func outcarStep(step: Int, result: PairPotential.Result) -> String {
        var x = "--------------------------------------- Ionic step \(String(format: "%4d", step))  -------------------------------------\n\n"
        x += " POSITION                                       TOTAL-FORCE (eV/Angst)\n"
        x += " -----------------------------------------------------------------------------------\n"
        for (site, f) in zip(structure.sites, result.forcesEVPerA) {
            let r = structure.lattice.cartesian(fromFractional: site.fractional)
            x += String(format: " %12.5f %12.5f %12.5f %13.6f %13.6f %13.6f\n", r.x, r.y, r.z, f.x, f.y, f.z)
        }
        x += " -----------------------------------------------------------------------------------\n\n"
        x += "  FREE ENERGIE OF THE ION-ELECTRON SYSTEM (eV)\n  ---------------------------------------------------\n"
        x += "  free  energy   TOTEN  = \(Fortran.f(result.energyEV, width: 18)) eV\n\n"
        x += "  energy  without entropy= \(Fortran.f(result.energyEV, width: 18))  energy(sigma->0) = \(Fortran.f(result.energyEV, width: 18))\n\n"
        return x
    }

}
