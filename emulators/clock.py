"""A controllable clock shared by an emulator's state: real time by default, frozen or accelerated for tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class EmulatorClock:
    """Monotonic-ish emulator time: `now()` = anchor + (elapsed real time * speed) + manual offset.

    `advance()` jumps forward (expire tokens and sessions in a test); `freeze()` stops real time from counting;
    `speed` > 1 accelerates rate-limit windows for benchmarks.
    """

    def __init__(self, *, start: datetime | None = None, speed: float = 1.0, frozen: bool = False) -> None:
        self._anchor = start or datetime.now(UTC)
        self._real_anchor = time.monotonic()
        self._offset = timedelta(0)
        self.speed = speed
        self._frozen = frozen

    def now(self) -> datetime:
        """Current emulator time (timezone-aware UTC)."""
        elapsed = 0.0 if self._frozen else (time.monotonic() - self._real_anchor) * self.speed
        return self._anchor + timedelta(seconds=elapsed) + self._offset

    def timestamp(self) -> float:
        """Current emulator time as POSIX seconds."""
        return self.now().timestamp()

    def advance(self, delta: timedelta | float) -> None:
        """Jump forward by `delta` (a timedelta or seconds)."""
        self._offset += delta if isinstance(delta, timedelta) else timedelta(seconds=delta)

    def freeze(self) -> None:
        """Stop real time from moving the clock (only `advance` does)."""
        if not self._frozen:
            self._anchor = self.now() - self._offset
            self._frozen = True

    def unfreeze(self) -> None:
        """Let real time move the clock again, from the current emulator time."""
        if self._frozen:
            self._anchor = self.now() - self._offset
            self._real_anchor = time.monotonic()
            self._frozen = False
