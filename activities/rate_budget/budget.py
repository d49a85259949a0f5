"""`RateBudget`: wait for a slot without blocking the event loop, or hand the wait to Temporal.

Short waits are slept here. A wait longer than `max_wait_seconds` (a full minute window, a paused key)
raises `RateLimited` with `retry_after`, which activities turn into the next retry delay, so a worker slot
is not held for minutes. A per-process gate in front of each concurrency key keeps at most `slots` local
tasks asking the database at a time.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta

from sqlalchemy import Engine

from activities.rate_budget.clock import BudgetClock, SystemClock
from activities.rate_budget.limits import BudgetRule
from activities.rate_budget.schema import create_budget_schema
from activities.rate_budget.store import Admitted, BudgetStore, Deferred, WaitReason
from common.errors import ConcurrencyLimited, RateLimited
from common.telemetry.metrics import budget_admitted, budget_deferred

SERVICE = "rate budget"
DEFAULT_MAX_WAIT_SECONDS = 10.0
FIRST_POLL_SECONDS = 0.02
MAX_POLL_SECONDS = 0.5
IN_FLIGHT_RETRY_SECONDS = 1.0


class RateBudget:
    """Admission to the vendors' APIs against the budgets shared through the database."""

    def __init__(
        self,
        store: BudgetStore,
        *,
        clock: BudgetClock | None = None,
        max_wait_seconds: float = DEFAULT_MAX_WAIT_SECONDS,
    ) -> None:
        self._store = store
        self._clock = clock or SystemClock()
        self._max_wait = max_wait_seconds
        self._gates: dict[str, asyncio.Semaphore] = {}

    @classmethod
    def open(
        cls, engine: Engine, *, clock: BudgetClock | None = None, max_wait_seconds: float = DEFAULT_MAX_WAIT_SECONDS
    ) -> RateBudget:
        """A budget over `engine` (its tables created if missing)."""
        create_budget_schema(engine)
        return cls(BudgetStore(engine), clock=clock, max_wait_seconds=max_wait_seconds)

    @property
    def clock(self) -> BudgetClock:
        """The budget's time."""
        return self._clock

    @asynccontextmanager
    async def slot(self, rule: BudgetRule) -> AsyncIterator[None]:
        """Hold an admission for `rule` while the body runs; `RateLimited`/`ConcurrencyLimited` (retryable,
        with `retry_after`) when the wait would exceed `max_wait_seconds`."""
        async with AsyncExitStack() as gates:
            for limit in rule.concurrency:
                await gates.enter_async_context(self._gate(limit.key, limit.slots))
            lease_id = await self._admit(rule)
            try:
                yield
            finally:
                await asyncio.shield(asyncio.to_thread(self._store.release, lease_id))

    async def pause(self, keys: list[str], seconds: float) -> None:
        """Admit nothing on `keys` for `seconds` (a vendor said the window is spent)."""
        until = self._clock.now() + seconds
        await asyncio.to_thread(self._store.pause, keys, until)

    async def _admit(self, rule: BudgetRule) -> str:
        waited, poll = 0.0, FIRST_POLL_SECONDS
        while True:
            decision = await asyncio.to_thread(self._store.try_acquire, rule, self._clock.now)
            if isinstance(decision, Admitted):
                budget_admitted(rule.all_keys(), waited)
                return decision.lease_id
            delay = self._delay(decision, poll)
            if waited + delay > self._max_wait:
                budget_deferred(decision.key, str(decision.reason))
                raise _too_long(decision)
            await self._clock.sleep(delay)
            waited += delay
            if decision.reason is WaitReason.IN_FLIGHT:
                poll = min(poll * 2, MAX_POLL_SECONDS)

    @staticmethod
    def _delay(decision: Deferred, poll: float) -> float:
        """Rate and pause waits are exact (plus jitter so waiters spread); a slot is polled for."""
        if decision.reason is WaitReason.IN_FLIGHT:
            return min(decision.wait_seconds, poll * (1 + random.random()))
        return decision.wait_seconds + random.uniform(0, FIRST_POLL_SECONDS)

    @asynccontextmanager
    async def _gate(self, key: str, slots: int) -> AsyncIterator[None]:
        gate = self._gates.setdefault(key, asyncio.Semaphore(slots))
        async with gate:
            yield


def _too_long(decision: Deferred) -> RateLimited | ConcurrencyLimited:
    """The retryable error for a wait too long to sleep here. Busy slots usually free within a request's
    time, not at the oldest lease's expiry, so that retry comes back soon."""
    if decision.reason is WaitReason.IN_FLIGHT:
        retry_after = min(decision.wait_seconds, IN_FLIGHT_RETRY_SECONDS)
        message = f"budget {decision.key}: every slot is in use"
        return ConcurrencyLimited(message, service=SERVICE, retry_after=timedelta(seconds=retry_after))
    message = f"budget {decision.key} is {decision.reason}; retry in {decision.wait_seconds:.1f}s"
    return RateLimited(message, service=SERVICE, retry_after=timedelta(seconds=decision.wait_seconds))
