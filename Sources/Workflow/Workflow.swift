// The Workflow module. See docs/architecture.md.
