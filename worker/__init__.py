"""Temporal worker process and local runtime helpers."""
