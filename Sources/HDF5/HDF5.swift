// The HDF5 module. See docs/architecture.md.
