"""CPU accounting includes child processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.cpu import child_pids, cpu_seconds, process_cpu_seconds

BURN = (
    "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass\nimport sys; sys.stdin.read()"
)


def test_cpu_of_a_child_process_is_counted() -> None:
    before, own_before = cpu_seconds(), time.process_time()
    child = subprocess.Popen([sys.executable, "-c", BURN], stdin=subprocess.PIPE)
    try:
        while process_cpu_seconds(child.pid) < 0.3:
            time.sleep(0.01)
        assert child.pid in child_pids(os.getpid())
        own = time.process_time() - own_before
        assert own < 0.3
        assert cpu_seconds() - before >= 0.3 + own
        assert cpu_seconds(excluding={child.pid}) - before < 0.3, "an excluded child's CPU is left out"
    finally:
        child.communicate(b"")
    assert process_cpu_seconds(child.pid) == 0.0, "an exited process counts for nothing"
