"""A stdlib sampling profiler over every Python thread of this process (cProfile sees one thread only, and
the worker's database work runs in a thread pool).

A daemon thread reads `sys._current_frames()` every `interval` seconds and counts, per function, the
samples in which it is on a busy thread's stack (cumulative) and on top of it (self). A thread parked in an
idle wait (event-loop select, an empty pool queue, a lock or condition wait) is not busy. Usage:
`python -m bench.sampler throughput --bills 200` prints the hottest functions after the benchmark.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from types import FrameType, TracebackType

IDLE = frozenset({"select", "wait", "_worker", "get", "acquire", "_wait_for_tstate_lock", "sleep", "poll"})
"""Top-of-stack function names of a parked thread."""


def _where(frame: FrameType) -> str:
    code = frame.f_code
    return f"{code.co_filename.split('site-packages/')[-1]}:{code.co_firstlineno} {code.co_name}"


@dataclass
class Sampler:
    """Counts busy stacks of every other thread until stopped."""

    interval: float = 0.005
    samples: int = 0
    own: Counter[str] = field(default_factory=Counter)
    cumulative: Counter[str] = field(default_factory=Counter)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.wait(self.interval):
            for ident, frame in sys._current_frames().items():
                if ident != me and frame.f_code.co_name not in IDLE:
                    self._count(frame)

    def _count(self, top: FrameType) -> None:
        self.samples += 1
        self.own[_where(top)] += 1
        seen: set[str] = set()
        frame: FrameType | None = top
        while frame is not None:
            name = _where(frame)
            if name not in seen:
                seen.add(name)
                self.cumulative[name] += 1
            frame = frame.f_back

    def report(self, top: int = 40) -> str:
        """The hottest functions by self and by cumulative samples, as shares of busy samples."""
        lines = [f"{self.samples} busy samples"]
        for title, counts in (("self", self.own), ("cumulative", self.cumulative)):
            lines.append(f"-- {title}")
            total = max(self.samples, 1)
            lines += [f"{100 * n / total:5.1f}%  {name}" for name, n in counts.most_common(top)]
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run `python -m bench` arguments under the sampler and print its report."""
    from bench.__main__ import main as bench_main

    with Sampler() as sampler:
        bench_main(argv)
    print(sampler.report())


if __name__ == "__main__":
    main()
