"""Shared, dependency-light pieces: settings, the region table, errors and Temporal-safe models."""
