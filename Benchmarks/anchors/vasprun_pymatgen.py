#!/usr/bin/env python3
"""Independent reference values for Adhere's vasprun parser, from pymatgen.

Usage: vasprun_pymatgen.py FILE...            (prints one JSON object per file)
       vasprun_pymatgen.py --time FILE        (parse once as the benchmark does, print nothing)

Values are pymatgen's own (Vasprun(parse_dos=False, parse_eigen=False)); the largest free force
is computed here with numpy from pymatgen's forces and the initial structure's
selective_dynamics flags. Run once by a developer; the numbers are pasted into
Tests/VASPTests/PymatgenAnchors.swift with the pymatgen version.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")


def reference(path):
    import numpy as np
    from pymatgen.io.vasp.outputs import Vasprun

    out = {"file": path.rsplit("/", 1)[-1]}
    try:
        try:
            v = Vasprun(path, parse_dos=False, parse_eigen=False, parse_potcar_file=False)
            out["strict"] = True
        except Exception as strict_error:  # noqa: BLE001
            out["strictError"] = f"{type(strict_error).__name__}: {strict_error}"[:200]
            v = Vasprun(path, parse_dos=False, parse_eigen=False, parse_potcar_file=False,
                        exception_on_bad_xml=False)
            out["strict"] = False
    except Exception as e:  # noqa: BLE001
        out["error"] = f"{type(e).__name__}: {e}"[:300]
        out.update(ase_reference(path))
        return out
    steps = v.ionic_steps
    out["ionicSteps"] = len(steps)
    out["natoms"] = len(v.atomic_symbols)
    out["species"] = v.atomic_symbols
    out["kpointCount"] = len(v.actual_kpoints)
    out["program"] = v.generator.get("program")
    out["version"] = v.generator.get("version")
    out["NELM"] = v.parameters.get("NELM")
    out["NSW"] = v.parameters.get("NSW")
    out["IBRION"] = v.parameters.get("IBRION")
    out["EDIFFG"] = v.parameters.get("EDIFFG")
    try:  # efermi needs the <dos> block: a second, DOS-reading parse
        out["efermi"] = Vasprun(path, parse_dos=True, parse_eigen=False, parse_potcar_file=False,
                                exception_on_bad_xml=False).efermi
    except Exception:  # noqa: BLE001
        out["efermi"] = None
    if not steps:
        return out
    last = steps[-1]
    out["e_fr_energy"] = last.get("e_fr_energy")
    out["e_wo_entrp"] = last.get("e_wo_entrp")
    out["e_0_energy_raw"] = last.get("e_0_energy")
    out["scsteps"] = len(last["electronic_steps"])
    if last["electronic_steps"]:
        out["last_scstep_e_fr_energy"] = last["electronic_steps"][-1].get("e_fr_energy")
    for key in ("final_energy", "converged_electronic", "converged_ionic"):
        try:
            value = getattr(v, key)
            out[key] = float(value) if key == "final_energy" else bool(value)
        except Exception as e:  # noqa: BLE001
            out[key + "Error"] = f"{type(e).__name__}: {e}"[:200]
    out["finalLattice"] = v.final_structure.lattice.matrix.tolist()
    forces = last.get("forces")
    if forces is not None and len(forces):
        f = np.array(forces, dtype=float)
        sd = v.initial_structure.site_properties.get("selective_dynamics")
        if sd is not None:
            f = f * np.array(sd, dtype=float)
        out["maxForceFree"] = float(np.max(np.linalg.norm(f, axis=1)))
        out["maxForceAll"] = float(np.max(np.linalg.norm(np.array(forces, dtype=float), axis=1)))
    return out


def ase_reference(path):
    """Where pymatgen fails: ASE's vasprun reader (last step)."""
    import numpy as np
    try:
        import ase
        from ase.io import read
        frames = read(path, index=":", format="vasp-xml")
        atoms = frames[-1]
        f = atoms.get_forces()
        mask = np.ones_like(f)
        for c in atoms.constraints:  # FixScaled / FixAtoms from selective dynamics
            if hasattr(c, "mask"):
                for i, m in zip(np.atleast_1d(c.index), np.atleast_2d(c.mask)):
                    mask[i] = 1 - np.array(m, dtype=float)
            elif hasattr(c, "index"):
                mask[np.atleast_1d(c.index)] = 0
        return {"ase": ase.__version__, "aseSteps": len(frames), "aseFreeEnergy": atoms.get_potential_energy(force_consistent=True),
                "aseEnergySigma0": atoms.get_potential_energy(), "aseMaxForceFree": float(np.max(np.linalg.norm(f * mask, axis=1))),
                "aseNatoms": len(atoms)}
    except Exception as e:  # noqa: BLE001
        return {"aseError": f"{type(e).__name__}: {e}"[:200]}


def main(argv):
    if argv and argv[0] == "--time":
        from pymatgen.io.vasp.outputs import Vasprun
        # Exactly the call the benchmark compares with (other arguments at their defaults).
        Vasprun(argv[1], parse_dos=False, parse_eigen=False)
        return 0
    for path in argv:
        print(json.dumps(reference(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
