"""BILL's rate limits, counted on the emulator clock (API-FACTS §2.6).

- 3 concurrent requests per devKey per organization → BDC_1322 while three are in flight.
- 20,000 requests per devKey per clock hour → BDC_1144 until the next clock hour.
- 200 logins per devKey per clock hour → BDC_1144.
- Spend & Expense: 60 calls per token per clock minute → BDC_1144.

Rejected calls do not consume budget. `BillLimits` makes the numbers configurable so tests and benches can
reach them quickly; the defaults are BILL's.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from emulators.bill.errors import CONCURRENCY_LIMITED, RATE_LIMITED, BillApiError

LIMIT_STATUS = 429  # undocumented by BILL; see errors.py


@dataclass(frozen=True)
class BillLimits:
    """The numbers the emulator enforces."""

    concurrent_per_org: int = 3
    requests_per_hour: int = 20_000
    logins_per_hour: int = 200
    spend_per_minute: int = 60


@dataclass
class RateLimiter:
    """Counters for one emulator; thread-safe (uvicorn may serve from several threads)."""

    limits: BillLimits = field(default_factory=BillLimits)
    _in_flight: Counter[tuple[str, str]] = field(default_factory=Counter, repr=False)
    _windows: Counter[tuple[str, str, str]] = field(default_factory=Counter, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _count(self, kind: str, key: str, window: str, limit: int, message: str) -> None:
        with self._lock:
            if self._windows[(kind, key, window)] >= limit:
                raise BillApiError(LIMIT_STATUS, RATE_LIMITED, message)
            self._windows[(kind, key, window)] += 1

    def count_request(self, dev_key: str, now: datetime) -> None:
        """One request against the devKey's hourly budget."""
        hour = now.strftime("%Y-%m-%dT%H")
        message = f"Maximum of {self.limits.requests_per_hour} API requests per hour exceeded. Try again next hour."
        self._count("requests", dev_key, hour, self.limits.requests_per_hour, message)

    def count_login(self, dev_key: str, now: datetime) -> None:
        """One login against the devKey's hourly login budget."""
        hour = now.strftime("%Y-%m-%dT%H")
        message = f"Maximum of {self.limits.logins_per_hour} logins per hour exceeded. Try again next hour."
        self._count("logins", dev_key, hour, self.limits.logins_per_hour, message)

    def count_spend(self, org_id: str, now: datetime) -> None:
        """One Spend & Expense call against the org token's per-minute budget."""
        minute = now.strftime("%Y-%m-%dT%H:%M")
        message = f"Maximum of {self.limits.spend_per_minute} API requests per minute exceeded."
        self._count("spend", org_id, minute, self.limits.spend_per_minute, message)

    @contextmanager
    def in_flight(self, dev_key: str, org_id: str) -> Iterator[None]:
        """Hold one of the devKey's concurrent slots in the organization for the request's duration."""
        slot = (dev_key, org_id)
        with self._lock:
            if self._in_flight[slot] >= self.limits.concurrent_per_org:
                raise BillApiError(
                    LIMIT_STATUS,
                    CONCURRENCY_LIMITED,
                    f"Maximum of {self.limits.concurrent_per_org} concurrent API requests per organization exceeded.",
                )
            self._in_flight[slot] += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight[slot] -= 1
