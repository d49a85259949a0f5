"""Pydantic models of BILL v3 resources, one module per resource."""
