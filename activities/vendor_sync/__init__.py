"""Vendor sync: Zoho vendor contacts <-> BILL vendors, both ways (see docs/vendor-sync.md)."""
