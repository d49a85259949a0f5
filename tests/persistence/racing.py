"""Run one call from many threads at once, as racing workers would."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

WORKERS = 8


def race(call: Callable[[int], T], workers: int = WORKERS) -> list[T]:
    """Results of `call(i)` for i in range(workers), all released together by a barrier."""
    barrier = threading.Barrier(workers)

    def run(index: int) -> T:
        barrier.wait()
        return call(index)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(workers)))
