// The VASP module. See docs/architecture.md.
