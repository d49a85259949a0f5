"""Temporal workflows: pure and deterministic; no I/O, no wall clock."""
