// The Archive module. See docs/architecture.md.
