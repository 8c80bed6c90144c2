/// Convergence verdicts of a vasprun.xml, with the rules spelled out (docs/vasprun.md).
///
/// **Electronic**: the last complete ionic step ran fewer SCF iterations than NELM (VASP stops
/// the loop at NELM whether or not EDIFF was reached). Linear-response steps of LEPSILON/LCALCEPS
/// runs, which carry only the three total energies, are not counted. GW and response-function
/// runs (ALGO = CHI, GW0, EVGW, ...) that run NELM iterations by design are counted as converged.
///
/// **Ionic**: a damaged file (`Vasprun.damage`) or one that does not end with `</modeling>` is
/// never ionically converged. Otherwise:
/// - relaxations (IBRION 1, 2, 3 with NSW > 0): converged when VASP stopped before NSW steps, or
///   when EDIFFG < 0 and the last step's largest free force is below |EDIFFG|;
/// - molecular dynamics (IBRION 0, NSW > 1): converged when all NSW steps were run (a run cut
///   short by a wall-time limit or STOPCAR is not);
/// - static runs (NSW ≤ 1 or IBRION = −1) and finite-difference or perturbation runs
///   (IBRION 5–8, 44): there is no ionic goal; a complete file counts as converged.
public struct Convergence: Sendable, Equatable {
    /// The electronic verdict.
    public var electronic: Bool
    /// The ionic verdict.
    public var ionic: Bool
    /// What the ionic verdict rests on, in words (for `adhere parse` and logs).
    public var ionicReason: String

    /// Applies the rules to a parsed file.
    public init(_ run: Vasprun) {
        let p = run.parameters
        let nelm = p["NELM"]?.intValue ?? run.incar["NELM"]?.intValue ?? 60
        let algo = (run.incar["ALGO"]?.stringValue ?? p["ALGO"]?.stringValue ?? "").lowercased()
        let responseAlgos: Set<String> = ["chi", "gw0", "gw", "evgw", "evgw0", "g0w0", "scgw", "scgw0", "qpgw", "qpgw0", "bse", "tdhf"]
        let step = run.lastStep
        let lepsilon = (p["LEPSILON"]?.boolValue ?? false) || (p["LCALCEPS"]?.boolValue ?? false)
        let scf = lepsilon && step.groundStateSCFStepCount > 0 ? step.groundStateSCFStepCount : step.scfStepCount
        electronic = responseAlgos.contains(algo) ? true : scf < nelm

        let ibrion = p["IBRION"]?.intValue ?? run.incar["IBRION"]?.intValue ?? -1
        let nsw = p["NSW"]?.intValue ?? run.incar["NSW"]?.intValue ?? 0
        let ediffg = p["EDIFFG"]?.doubleValue ?? run.incar["EDIFFG"]?.doubleValue ?? 0
        if let damage = run.damage {
            ionic = false
            ionicReason = "damaged at ionic step \(damage.step) (\(damage.detail)); step \(damage.step - 1) is the last valid one"
            return
        }
        guard run.complete else {
            ionic = false
            ionicReason = "the file does not end with </modeling> (job killed or still running)"
            return
        }
        if ibrion == 0, nsw > 1 {
            ionic = run.ionicStepCount >= nsw
            ionicReason = "molecular dynamics: \(run.ionicStepCount) of NSW=\(nsw) steps run"
            return
        }
        if nsw <= 1 || !(1...3).contains(ibrion) {
            ionic = true
            ionicReason = "no relaxation (NSW=\(nsw), IBRION=\(ibrion)): the run finished"
            return
        }
        if run.ionicStepCount < nsw {
            ionic = true
            ionicReason = "relaxation stopped after \(run.ionicStepCount) of NSW=\(nsw) steps"
        } else if ediffg < 0, let f = step.maxForceEVPerA, f < -ediffg {
            ionic = true
            ionicReason = "largest free force \(f) eV/Å is below |EDIFFG|=\(-ediffg)"
        } else {
            ionic = false
            ionicReason = "relaxation used all NSW=\(nsw) steps without meeting EDIFFG=\(ediffg)"
        }
    }
}
