"""CPU profile of every Python thread of this process with the stdlib's cProfile (which on its own sees one
thread only, while the worker's database work runs in a thread pool).

Each thread started after `profile_threads()` is entered, and the calling thread, gets its own
`cProfile.Profile` timed by that thread's CPU clock (`time.thread_time`), so blocking waits (SQLite commits,
sockets, pipes) cost nothing; the profiles are merged on exit. Usage:
`python -m bench.profiling throughput --bills 120` prints the functions with the most CPU after the run.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


@contextmanager
def profile_threads() -> Iterator[list[cProfile.Profile]]:
    """Profile this thread and every thread started inside the block; yields the profiles (filled on exit)."""
    profiles: list[cProfile.Profile] = []
    guard = threading.Lock()

    def start_in_thread(_frame: FrameType, _event: str, _arg: Any) -> None:
        profile = cProfile.Profile(timer=time.thread_time)
        with guard:
            profiles.append(profile)
        profile.enable()  # replaces this hook in the new thread

    main = cProfile.Profile(timer=time.thread_time)
    profiles.append(main)
    threading.setprofile(start_in_thread)
    main.enable()
    try:
        yield profiles
    finally:
        main.disable()
        threading.setprofile(None)


def report(profiles: list[cProfile.Profile], top: int = 40) -> str:
    """The functions with the most CPU, by own time and by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(profiles[0], stream=out)
    for profile in profiles[1:]:
        stats.add(profile)
    stats.strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """Run `python -m bench` with these arguments under the profiler and print its report."""
    from bench.__main__ import main as bench_main

    with profile_threads() as profiles:
        bench_main(argv)
    print(report(profiles))


if __name__ == "__main__":
    main(sys.argv[1:])
