"""Typed async HTTP clients for Zoho Books and BILL v3 (no Temporal, no persistence)."""
