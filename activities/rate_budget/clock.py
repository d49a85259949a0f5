"""The budget's notion of time: POSIX seconds shared by every worker, and a way to wait on them."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class BudgetClock(Protocol):
    """Reads budget time and sleeps in it (an accelerated clock sleeps less real time)."""

    def now(self) -> float:
        """Current budget time, POSIX seconds."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of budget time without blocking the event loop."""
        ...


class SystemClock:
    """Wall-clock time; worker hosts are expected to run NTP (skew eats into the rate limits' margin)."""

    def now(self) -> float:
        """`time.time()`."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """`asyncio.sleep`."""
        await asyncio.sleep(seconds)
