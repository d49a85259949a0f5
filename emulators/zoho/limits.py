"""Per-organization API budgets on the emulator clock: 100/min, a daily cap by plan, and concurrency.

Admission order: daily cap (429, code 45), minute window (429, code 44; a sliding 60 s window of admitted
calls), then in-flight calls (429, code 1070). Rejected calls do not consume budget. The day rolls over at
midnight in the organization's time zone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from emulators.clock import EmulatorClock
from emulators.zoho.errors import concurrency_limit, daily_limit, minute_limit
from emulators.zoho.state import Organization
from emulators.zoho.stats import ZohoStats
from emulators.zoho.timefmt import local_date

MINUTE_LIMIT = 100
MINUTE = timedelta(minutes=1)


@dataclass
class _Budget:
    window: deque[datetime] = field(default_factory=deque)
    day: date | None = None
    day_count: int = 0
    in_flight: int = 0


class OrgLimiter:
    """Admits or rejects Books calls per organization."""

    def __init__(self, clock: EmulatorClock, stats: ZohoStats) -> None:
        self._clock, self._stats = clock, stats
        self._budgets: dict[str, _Budget] = {}

    @asynccontextmanager
    async def admit(self, org: Organization) -> AsyncIterator[None]:
        """Hold one in-flight slot for the duration of the call, or raise the 429 error."""
        budget = self._budgets.setdefault(org.organization_id, _Budget())
        now = self._clock.now()
        today = local_date(now, org.time_zone)
        if budget.day != today:
            budget.day, budget.day_count = today, 0
        while budget.window and budget.window[0] <= now - MINUTE:
            budget.window.popleft()
        if budget.day_count >= org.daily_limit:
            self._reject(45)
            raise daily_limit(org.daily_limit)
        if len(budget.window) >= MINUTE_LIMIT:
            self._reject(44)
            raise minute_limit()
        if budget.in_flight >= org.concurrency_limit:
            self._reject(1070)
            raise concurrency_limit()
        budget.window.append(now)
        budget.day_count += 1
        budget.in_flight += 1
        self._stats.api_calls[org.organization_id] += 1
        peak = self._stats.peak_in_flight
        peak[org.organization_id] = max(peak[org.organization_id], budget.in_flight)
        try:
            yield
        finally:
            budget.in_flight -= 1

    def _reject(self, code: int) -> None:
        self._stats.limited[code] += 1
