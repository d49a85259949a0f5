"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def reference_path() -> Path:
    """`../shared/reference` beside the project (CI lays shared/ next to the clone)."""
    return Path(os.environ.get("MLC_REFERENCE_DIR", PROJECT_ROOT.parent / "shared" / "reference"))


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The vendors' reference documents; contract tests fail loudly if they are missing."""
    path = reference_path()
    assert (path / "zoho-openapi" / "bills.yml").is_file(), f"reference documents not found at {path}"
    assert (path / "bill-postman" / "billdotcom_v3.json").is_file(), f"BILL collection not found at {path}"
    return path
