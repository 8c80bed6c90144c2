"""Anchor for `adhere-bench match`: pymatgen's Zur-McGill search (SubstrateAnalyzer, which runs
ZSLGenerator on SlabGenerator's oriented cells) for one film/substrate pair.

Usage: python zsl_pymatgen.py FILM SUBSTRATE --film-a A --max-area A2 --max-length-tol F
       --max-angle-tol F --max-area-ratio-tol F --repeat N

Prints one JSON object: pymatgen version, the time per search in seconds (best of N, structures
already read: `seconds` for the whole SubstrateAnalyzer run including SlabGenerator,
`searchSeconds` for ZSLGenerator alone on the surface vectors), and every match with its
transformations, areas, lengths and von Mises strain.
"""

import argparse
import json
import time
import warnings

import numpy as np
import pymatgen.core
from pymatgen.analysis.interfaces.substrate_analyzer import SubstrateAnalyzer
from pymatgen.analysis.interfaces.zsl import ZSLGenerator
from pymatgen.core import Structure

warnings.filterwarnings("ignore")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("film")
    p.add_argument("substrate")
    p.add_argument("--film-a", type=float, default=None, help="rescale the (cubic) film to this lattice constant")
    p.add_argument("--max-area", type=float, default=400)
    p.add_argument("--max-length-tol", type=float, default=0.05)
    p.add_argument("--max-angle-tol", type=float, default=0.01)
    p.add_argument("--max-area-ratio-tol", type=float, default=0.09)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()

    film = Structure.from_file(a.film)
    if a.film_a:
        film.scale_lattice(film.volume * (a.film_a / film.lattice.a) ** 3)
    substrate = Structure.from_file(a.substrate)

    limits = dict(
        max_area=a.max_area,
        max_length_tol=a.max_length_tol,
        max_angle_tol=a.max_angle_tol,
        max_area_ratio_tol=a.max_area_ratio_tol,
    )

    def search():
        analyzer = SubstrateAnalyzer(**limits)
        return list(analyzer.calculate(film, substrate, film_millers=[(0, 0, 1)], substrate_millers=[(0, 0, 1)]))

    vectors = SubstrateAnalyzer(**limits).generate_surface_vectors(film, substrate, [(0, 0, 1)], [(0, 0, 1)])[0]
    search_best = float("inf")
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        list(ZSLGenerator(**limits)(vectors[0], vectors[1]))
        search_best = min(search_best, time.perf_counter() - t0)

    best = float("inf")
    matches = []
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        matches = search()
        best = min(best, time.perf_counter() - t0)

    def lengths(vs):
        return [float(np.linalg.norm(v)) for v in vs]

    out = {
        "pymatgen": pymatgen.core.__version__,
        "seconds": best,
        "searchSeconds": search_best,
        "matches": [
            {
                "filmTransformation": np.asarray(m.film_transformation).astype(int).tolist(),
                "substrateTransformation": np.asarray(m.substrate_transformation).astype(int).tolist(),
                "filmAreaA2": float(m.match_area),
                "substrateAreaA2": float(np.linalg.norm(np.cross(*m.substrate_sl_vectors))),
                "filmLengthsA": lengths(m.film_sl_vectors),
                "substrateLengthsA": lengths(m.substrate_sl_vectors),
                "vonMisesStrain": float(m.von_mises_strain),
            }
            for m in matches
        ],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
