// The Slurm module. See docs/architecture.md.
