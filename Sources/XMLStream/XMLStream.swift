// The XMLStream module. See docs/architecture.md.
