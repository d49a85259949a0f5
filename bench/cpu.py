"""CPU time of this process and its child processes (the Temporal dev server), from /proc.

Wall-clock rates on a shared machine move with other people's load; CPU seconds per unit of work do much
less, so the throughput bench reports both.
"""

from __future__ import annotations

import os
import time
from collections.abc import Collection
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    """Live direct children of `pid` (all its threads')."""
    children: list[int] = []
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        children += [int(child) for child in path.read_text().split()]
    return children


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (0 if it has exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()  # fields 3.. of proc(5); utime and stime are 14 and 15
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds(excluding: Collection[int] = ()) -> float:
    """CPU seconds used so far by this process (every thread) and its live children, except `excluding`."""
    children = [child for child in child_pids(os.getpid()) if child not in excluding]
    return time.process_time() + sum(process_cpu_seconds(child) for child in children)
