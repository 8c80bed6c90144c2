// vasp-standin: NOT VASP. A stand-in for machines without VASP; see docs/vasp-standin.md.
print("vasp-standin: not implemented yet")
