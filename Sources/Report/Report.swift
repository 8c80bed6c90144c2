// The Report module. See docs/architecture.md.
