// The Adhesion module. See docs/architecture.md.
