#!/usr/bin/env python3
"""Adhere's runner for the ASE-driven engines (mlip, gpaw). Runs inside a Slurm job only.

Contract (docs/engines.md, "The result contract"):
  in:  engine.json (written by Adhere, format adhere-engine-input/1) and the POSCAR it names
       (selective dynamics: atoms with all three flags F are held fixed).
  out: the JSON-lines result file it names (format adhere-engine-result/1):
         {"record": "start", ...provenance...}
         {"record": "step", ...}            one per ionic step (the first is the start geometry)
         {"record": "second_model", ...}    optional: another model's energy of the last geometry
         {"record": "final", ...}           written last, only when the run ended normally
         {"record": "error", ...}           instead of "final" when the engine failed
       and CONTCAR (the last geometry, VASP format with selective dynamics, renamed into place).
Each record is one line written with a single write() and flushed to disk, so a killed job
leaves whole lines and at most one partial last line, which Adhere's reader drops.

Exit status: 0 when the run ended normally (the final record says whether the relaxation
converged; Adhere's collect continues an unconverged one from CONTCAR, as VASP's NSW limit does),
1 engine error, 2 bad input.
"""
import hashlib
import json
import math
import os
import signal
import sys
import time

FORMAT = "adhere-engine-result/1"
INPUT_FORMAT = "adhere-engine-input/1"
STOP_REQUESTED = False
# GPAW's SCF criterion: energy change over the last iterations, eV per valence electron
# (~1e-3 eV in total for a 50-atom interface: far below what W_ad resolves).
GPAW_SCF_ENERGY_EV_PER_ELECTRON = 1e-5


class StopRun(Exception):
    """Raised from the step observer when Slurm warned of the time limit (SIGUSR1)."""


def request_stop(signum, frame):
    global STOP_REQUESTED
    STOP_REQUESTED = True


class ResultFile:
    """Appends one JSON object per line; every line is a single write followed by fsync."""

    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

    def write(self, record):
        line = json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n"
        data = line.encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(self.fd, data[written:])
        os.fsync(self.fd)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        module = __import__(name)
        return getattr(module, "__version__", "unknown")


def set_threads(count):
    """One OpenMP/BLAS/torch thread per CPU Slurm gave the job. The job script exports the
    OpenMP variables; they are set here too (before torch is imported) for a runner started by
    hand, and torch's own pools are set explicitly: oversubscribed threads on a shared node cost
    more than they give."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, str(count))
    try:
        import torch
        torch.set_num_threads(count)
        torch.set_num_interop_threads(1)
    except Exception:
        pass


def optimizer_to_run(name, relax_cell):
    """The optimiser that runs: engine.json's "optimizer" (BFGS when absent). PreconLBFGS judges
    a cell by its own stress criterion, not by the cell filter's forces every other optimiser
    stops on, so cell relaxations run BFGS instead (the start record names what ran)."""
    name = name or "bfgs"
    if relax_cell and name == "precon-lbfgs":
        return "bfgs"
    return name


def make_optimizer(name, atoms, relax_cell):
    """ASE's optimiser `name` (see optimizer_to_run) on the atoms, or on the atoms and the cell.
    Returns (optimizer, the object whose forces decide convergence)."""
    target = atoms
    if relax_cell:
        try:
            from ase.filters import FrechetCellFilter as CellFilter
        except ImportError:
            from ase.constraints import ExpCellFilter as CellFilter
        target = CellFilter(atoms)
    import ase.optimize as optimize
    if name == "bfgs":
        return optimize.BFGS(target, logfile="optimizer.log"), target
    if name == "lbfgs":
        return optimize.LBFGS(target, logfile="optimizer.log"), target
    if name == "fire":
        return optimize.FIRE(target, logfile="optimizer.log"), target
    if name == "bfgs-linesearch":
        return optimize.BFGSLineSearch(target, logfile="optimizer.log"), target
    if name == "precon-lbfgs":
        from ase.optimize.precon import PreconLBFGS
        return PreconLBFGS(target, precon="Exp", use_armijo=True, logfile="optimizer.log"), target
    raise ValueError("unknown optimizer '%s'; expected bfgs, lbfgs, fire, bfgs-linesearch or precon-lbfgs" % name)


def mlip_calculator(spec, provenance):
    model = spec.get("model", "sevennet-0")
    if model == "sevennet-0":
        from sevenn.calculator import SevenNetCalculator
        import sevenn.util
        weights = sevenn.util.pretrained_name_to_path("7net-0")
        calc = SevenNetCalculator(model=weights, device="cpu")
        provenance.update(engine_package="sevenn", engine_version=package_version("sevenn"))
    elif model == "chgnet":
        from chgnet.model import CHGNet
        from chgnet.model.dynamics import CHGNetCalculator
        import chgnet
        chgnet_model = CHGNet.load(model_name="0.3.0", use_device="cpu", verbose=False)
        calc = CHGNetCalculator(model=chgnet_model, use_device="cpu")
        folder = os.path.join(os.path.dirname(chgnet.__file__), "pretrained", "0.3.0")
        weights = [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".pth.tar")][0]
        provenance.update(engine_package="chgnet", engine_version=package_version("chgnet"))
    else:
        raise ValueError("unknown model '%s'; expected sevennet-0 or chgnet" % model)
    provenance.update(model=model, model_file=os.path.basename(weights), model_sha256=sha256_of(weights))
    return calc


def gpaw_calculator(spec, provenance, atoms):
    settings = spec["gpaw"]
    if settings.get("setups_path"):
        os.environ["GPAW_SETUP_PATH"] = settings["setups_path"]
    import gpaw
    from gpaw import GPAW, PW, FermiDirac
    kwargs = dict(
        mode=PW(settings["plane_wave_cutoff_eV"]),
        xc=settings.get("xc", "PBE"),
        kpts={"size": spec["kpoints"], "gamma": True},
        occupations=FermiDirac(settings.get("smearing_eV", 0.1)),
        convergence={"energy": GPAW_SCF_ENERGY_EV_PER_ELECTRON},
        txt="gpaw.txt",
    )
    axis = spec.get("dipole_axis")
    if axis is not None:
        if axis != 2:
            raise ValueError("gpaw's dipole correction needs the vacuum along c (axis 2), got axis %d" % axis)
        kwargs["poissonsolver"] = {"dipolelayer": "xy"}
        # GPAW's dipole layer needs the cell open along the vacuum (zero boundary conditions).
        atoms.pbc = (True, True, False)
    provenance.update(engine_package="gpaw", engine_version=gpaw.__version__, model="PBE-PAW",
                      model_file="setups:" + (settings.get("setups_path") or "default"),
                      model_sha256=None, plane_wave_cutoff_eV=settings["plane_wave_cutoff_eV"],
                      smearing_eV=settings.get("smearing_eV", 0.1),
                      scf_energy_eV_per_electron=GPAW_SCF_ENERGY_EV_PER_ELECTRON)
    return GPAW(**kwargs)


def dispersion_calculator(variant, provenance):
    """dftd3's ASE calculator (s-dftd3). Under Debian's Python (gpaw) the venv's copy is found
    through ADHERE_DFTD3_SITE, appended after the system paths so Debian's numpy stays in use."""
    extra = os.environ.get("ADHERE_DFTD3_SITE")
    if extra and extra not in sys.path:
        sys.path.append(extra)
    from dftd3.ase import DFTD3
    damping = {"d3bj": "d3bj", "d3zero": "d3zero"}[variant]
    provenance.update(dispersion=variant, dispersion_package="dftd3", dispersion_version=package_version("dftd3"))
    return DFTD3(method="PBE", damping=damping)


def second_model_energy(spec, atoms):
    """Another model's single point on the final geometry, with the same dispersion correction:
    the study compares the two W_ad (docs/engines.md, "Two models"). Energy only: CHGNet's
    calculator also differentiates for forces and stress, which took 4.9 GB and 24 s on a
    175-atom Li|LiF interface against 1.7 GB and 6 s for the energy (same energy within 3e-5 eV)."""
    record = {"record": "second_model", "model": spec["second_model"]}
    started = time.time()
    try:
        provenance = {}
        calc = mlip_calculator(dict(spec, model=spec["second_model"]), provenance)
        probe = atoms.copy()
        del probe.constraints
        if spec["second_model"] == "chgnet":
            from pymatgen.io.ase import AseAtomsAdaptor
            prediction = calc.model.predict_structure(AseAtomsAdaptor.get_structure(probe), task="e")
            energy = float(prediction["e"]) * len(probe)   # eV per atom → eV
        else:
            probe.calc = calc
            energy = float(probe.get_potential_energy())
        dispersion = 0.0
        if spec.get("dispersion", "none") != "none":
            probe.calc = dispersion_calculator(spec["dispersion"], {})
            dispersion = float(probe.get_potential_energy())
        if not (math.isfinite(energy) and math.isfinite(dispersion)):
            raise FloatingPointError("non-finite energy")
        record.update(energy_eV=energy + dispersion, dispersion_energy_eV=dispersion,
                      model_sha256=provenance.get("model_sha256"), engine_version=provenance.get("engine_version"))
    except Exception as error:
        record["message"] = "%s: %s" % (type(error).__name__, error)
    record["wall_seconds"] = round(time.time() - started, 3)
    return record


def free_atom_mask(atoms):
    from ase.constraints import FixAtoms
    fixed = set()
    for c in atoms.constraints:
        if isinstance(c, FixAtoms):
            fixed.update(int(i) for i in c.get_indices())
    return [i not in fixed for i in range(len(atoms))]


def finite(values):
    return all(math.isfinite(float(v)) for v in values)


def main(argv):
    if len(argv) != 2:
        print("usage: adhere_engine_runner.py engine.json", file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        spec = json.load(f)
    if spec.get("format") != INPUT_FORMAT:
        print("%s: expected format %s" % (argv[1], INPUT_FORMAT), file=sys.stderr)
        return 2
    signal.signal(signal.SIGUSR1, request_stop)
    threads = int(os.environ.get("SLURM_CPUS_PER_TASK", "1"))
    set_threads(threads)

    import numpy as np
    import ase
    from ase.io import read, write

    out = ResultFile(spec.get("result", "adhere-result.jsonl"))
    started = time.time()
    atoms = read(spec.get("structure", "POSCAR"), format="vasp")
    provenance = {"record": "start", "format": FORMAT, "engine": spec["engine"], "ase_version": ase.__version__,
                  "python_version": sys.version.split()[0], "calculation": spec["calculation"],
                  "relax_cell": bool(spec.get("relax_cell", False)),
                  "force_threshold_eV_per_A": spec.get("force_threshold_eV_per_A", 0.03),
                  "max_steps": spec.get("max_steps", 300), "optimizer": optimizer_to_run(spec.get("optimizer"), bool(spec.get("relax_cell", False))),
                  "kpoints": spec.get("kpoints"),
                  "dipole_axis": spec.get("dipole_axis"), "dispersion": "none", "threads": threads,
                  "atoms": len(atoms), "symbols": atoms.get_chemical_symbols()}
    d3 = None
    try:
        if spec["engine"] == "mlip":
            base = mlip_calculator(spec, provenance)
        elif spec["engine"] == "gpaw":
            base = gpaw_calculator(spec, provenance, atoms)
        else:
            raise ValueError("engine '%s' is not run by this script" % spec["engine"])
        variant = spec.get("dispersion", "none")
        if variant != "none":
            from ase.calculators.mixing import SumCalculator
            d3 = dispersion_calculator(variant, provenance)
            atoms.calc = SumCalculator([base, d3])
        else:
            atoms.calc = base
    except Exception as error:
        out.write(provenance)
        out.write({"record": "error", "stage": "setup", "message": "%s: %s" % (type(error).__name__, error)})
        print("adhere runner: %s: %s" % (type(error).__name__, error), file=sys.stderr)
        return 1
    out.write(provenance)

    free = free_atom_mask(atoms)
    relax_cell = bool(spec.get("relax_cell", False))
    want_stress = relax_cell
    fmax = float(spec.get("force_threshold_eV_per_A", 0.03))
    state = {"steps": 0, "last": None}

    def record_step():
        energy = float(atoms.get_potential_energy())
        forces = atoms.get_forces(apply_constraint=False)
        free_forces = forces[np.array(free)] if any(free) else np.zeros((0, 3))
        max_force = float(np.sqrt((free_forces ** 2).sum(axis=1)).max()) if len(free_forces) else 0.0
        step = {"record": "step", "index": state["steps"], "energy_eV": energy,
                "dispersion_energy_eV": float(d3.results["energy"]) if d3 is not None else 0.0,
                "max_force_eV_per_A": max_force, "forces_eV_per_A": forces.tolist(),
                "lattice_A": atoms.cell.array.tolist(), "positions_A": atoms.positions.tolist(),
                "stress_eV_per_A3": atoms.get_stress(voigt=False).tolist() if want_stress else None}
        try:
            step["free_energy_eV"] = float(atoms.get_potential_energy(force_consistent=True))
        except Exception:
            pass
        if not (finite([energy, max_force]) and finite(forces.ravel())):
            raise FloatingPointError("non-finite energy or forces at step %d" % state["steps"])
        out.write(step)
        state["steps"] += 1
        state["last"] = step
        if STOP_REQUESTED:
            raise StopRun()

    converged = False
    stopped_by = None
    try:
        if spec["calculation"] == "static":
            record_step()
            converged = True
        else:
            optimizer, target = make_optimizer(optimizer_to_run(spec.get("optimizer"), relax_cell), atoms, relax_cell)
            optimizer.attach(record_step, interval=1)
            optimizer.run(fmax=fmax, steps=int(spec.get("max_steps", 300)))
            g = target.get_forces()
            converged = bool(np.sqrt((g ** 2).sum(axis=1)).max() <= fmax)
            if not converged:
                stopped_by = "step limit"
    except StopRun:
        stopped_by = "time limit"
    except Exception as error:
        scf = "Convergence" not in type(error).__name__
        out.write({"record": "error", "stage": "step %d" % state["steps"], "scf_converged": scf,
                   "message": "%s: %s" % (type(error).__name__, error)})
        print("adhere runner: %s: %s" % (type(error).__name__, error), file=sys.stderr)
        return 1

    # CONTCAR first: a job killed during the second model (memory) still leaves its geometry.
    write("CONTCAR.tmp", atoms, format="vasp", direct=True, sort=False)
    os.replace("CONTCAR.tmp", "CONTCAR")
    if spec.get("second_model"):
        # The first model is done: free it before the second one loads (peak memory of the job).
        import gc
        atoms.calc = None
        base = None
        gc.collect()
        out.write(second_model_energy(spec, atoms))
    last = state["last"]
    out.write({"record": "final", "converged": converged, "stopped_by": stopped_by, "steps": state["steps"],
               "energy_eV": last["energy_eV"], "dispersion_energy_eV": last["dispersion_energy_eV"],
               "max_force_eV_per_A": last["max_force_eV_per_A"], "wall_seconds": round(time.time() - started, 3),
               "cpu_seconds": round(time.process_time(), 3)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
