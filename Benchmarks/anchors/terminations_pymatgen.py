"""Anchor for Adhere's termination table: pymatgen's SlabGenerator slabs of one bulk file,
with the formal-charge dipole per area of each (e*A/A^2, pymatgen's Slab.dipole / surface_area).

Charges are put on the sites the way Adhere's FormalCharges does it, so that the comparison
checks the cuts and the dipole arithmetic: monatomic ions take their formal oxidation state
(Li +1, La +3, Zr +4, O -2, F -1); atoms bonded into a molecular ion (C-O, S-O, C-S, C-F within
1.25 x the sum of covalent radii) share the ion's charge evenly (CO3 -2, CF3SO3 -1).

Usage: python terminations_pymatgen.py BULK.cif --miller 0 0 1 --min-slab A [--in-unit-planes]
Prints one JSON object: pymatgen version and, per slab, shift, formula, atoms, dipole per area,
net charge, symmetric, stoichiometric.
"""

import argparse
import json
import warnings

import numpy as np
import pymatgen.core
from pymatgen.core import Structure
from pymatgen.core.surface import SlabGenerator

warnings.filterwarnings("ignore")

FORMAL = {"Li": 1, "La": 3, "Zr": 4, "O": -2, "F": -1, "H": 1, "Na": 1}
COVALENT = {"C": 0.73, "O": 0.66, "S": 1.05, "F": 0.57, "N": 0.71, "P": 1.07, "H": 0.31}


def charges(s):
    n = len(s)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i in range(n):
        ei = s[i].specie.symbol
        if ei not in COVALENT:
            continue
        for nb in s.get_neighbors(s[i], 2.2):
            ej = nb.specie.symbol
            if ej in COVALENT and nb.nn_distance < 1.25 * (COVALENT[ei] + COVALENT[ej]):
                parent[find(i)] = find(nb.index)
    mol = [find(i) for i in range(n)]
    size = {m: mol.count(m) for m in set(mol)}
    q = [0.0] * n
    ionic = 0.0
    molecular = []
    for i in range(n):
        if size[mol[i]] > 1:
            molecular.append(i)
        else:
            q[i] = FORMAL[s[i].specie.symbol]
            ionic += q[i]
    ions = len({mol[i] for i in molecular})
    for i in molecular:
        q[i] = -ionic / ions / size[mol[i]]
    return q


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bulk")
    p.add_argument("--miller", type=int, nargs=3, default=[0, 0, 1])
    p.add_argument("--min-slab", type=float, default=10)
    p.add_argument("--in-unit-planes", action="store_true")
    a = p.parse_args()
    bulk = Structure.from_file(a.bulk)
    bulk.add_oxidation_state_by_site(charges(bulk))
    gen = SlabGenerator(bulk, a.miller, a.min_slab, 15, center_slab=True, in_unit_planes=a.in_unit_planes, primitive=True)
    bonds = {("C", "O"): 1.6, ("S", "O"): 1.7, ("C", "S"): 2.0, ("C", "F"): 1.6}
    out = []
    for slab in gen.get_slabs(bonds=bonds, max_broken_bonds=0, symmetrize=False):
        q = [sum(sp.oxi_state * amt for sp, amt in site.species.items()) for site in slab]
        out.append(
            {
                "shift": round(float(slab.shift), 5),
                "formula": slab.composition.formula.replace(" ", ""),
                "atoms": len(slab),
                "dipolePerAreaEPerA": float(np.dot(slab.dipole, slab.normal) / slab.surface_area),
                "netCharge": float(sum(q)),
                "symmetric": bool(slab.is_symmetric()),
                "thicknessA": float(np.ptp([np.dot(c, slab.normal) for c in slab.cart_coords])),
            }
        )
    print(json.dumps({"pymatgen": pymatgen.core.__version__, "bulk": a.bulk, "slabs": out}, indent=1))


if __name__ == "__main__":
    main()
