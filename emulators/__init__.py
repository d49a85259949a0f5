"""Strict emulated sandboxes of Zoho Books and BILL v3 (tests and demo; production never imports them)."""
