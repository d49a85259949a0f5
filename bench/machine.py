"""A description of the machine a benchmark ran on, stored next to its figures."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version
from pathlib import Path

MEMINFO = Path("/proc/meminfo")


def total_memory_mb() -> int | None:
    """Physical memory in MiB from /proc/meminfo (None where there is no procfs)."""
    try:
        for line in MEMINFO.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def describe_machine() -> dict[str, object]:
    """CPU count, memory, OS, Python and Temporal SDK versions."""
    return {
        "nproc": os.cpu_count(),
        "memory_mb": total_memory_mb(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "temporalio": version("temporalio"),
    }
