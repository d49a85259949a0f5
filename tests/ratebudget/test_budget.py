"""RateBudget: many tasks share one budget without exceeding it, short waits are slept on the budget clock,
long ones become retryable errors with `retry_after`, and slots come back even when the request fails."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from activities.rate_budget import BudgetRule, ConcurrencyLimit, RateBudget, RateLimit
from common.errors import ConcurrencyLimited, RateLimited
from tests.ratebudget.conftest import ManualClock, RecordingStore, most_in_any_window

TEN_PER_MINUTE = RateLimit("zoho:1:minute", limit=10, period_seconds=60.0, margin_seconds=1.0)
THREE_SLOTS = ConcurrencyLimit("zoho:1:in-flight", slots=3)
RULE = BudgetRule(rates=(TEN_PER_MINUTE,), concurrency=(THREE_SLOTS,))


async def test_many_tasks_share_the_window_and_the_slots(budget_engine: Engine) -> None:
    store = RecordingStore(budget_engine)
    budget = RateBudget(store, clock=ManualClock(), max_wait_seconds=600.0)
    in_flight, peak = 0, 0

    async def call() -> None:
        nonlocal in_flight, peak
        async with budget.slot(RULE):
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0)
            in_flight -= 1

    await asyncio.gather(*(call() for _ in range(35)))

    admitted_at = store.admitted_at
    assert len(admitted_at) == 35
    assert most_in_any_window(admitted_at, TEN_PER_MINUTE.period_seconds) <= TEN_PER_MINUTE.limit
    assert peak <= THREE_SLOTS.slots
    assert max(admitted_at) - min(admitted_at) >= 3 * TEN_PER_MINUTE.window_seconds  # 4 windows were needed


async def test_a_wait_longer_than_the_maximum_is_handed_to_temporal(budget_engine: Engine) -> None:
    clock = ManualClock()
    budget = RateBudget.open(budget_engine, clock=clock, max_wait_seconds=5.0)
    for _ in range(TEN_PER_MINUTE.limit):
        async with budget.slot(RULE):
            pass

    with pytest.raises(RateLimited) as raised:
        async with budget.slot(RULE):
            pytest.fail("admitted over the limit")

    assert raised.value.retryable
    assert raised.value.retry_after == pytest.approx(timedelta(seconds=61.0), abs=timedelta(milliseconds=50))
    assert clock.slept == []  # nothing was slept: the worker slot is free at once


async def test_busy_slots_are_polled_then_handed_to_temporal(budget_engine: Engine) -> None:
    clock = ManualClock()
    budget = RateBudget.open(budget_engine, clock=clock, max_wait_seconds=2.0)
    one_slot = BudgetRule(concurrency=(ConcurrencyLimit("bill:k:org:in-flight", slots=1),))
    other_worker = RateBudget.open(budget_engine, clock=clock)  # another process: its own local gates

    async with other_worker.slot(one_slot):
        with pytest.raises(ConcurrencyLimited) as raised:
            async with budget.slot(one_slot):
                pytest.fail("admitted into a busy slot")

    assert raised.value.retry_after == timedelta(seconds=1)
    assert 1.0 < sum(clock.slept) <= 2.0
    async with budget.slot(one_slot):  # released by the other worker
        pass


async def test_a_failed_request_gives_its_slot_back(budget_engine: Engine) -> None:
    budget = RateBudget.open(budget_engine, clock=ManualClock(), max_wait_seconds=0.0)
    one_slot = BudgetRule(concurrency=(ConcurrencyLimit("zoho:2:in-flight", slots=1),))

    with pytest.raises(ConnectionError):
        async with budget.slot(one_slot):
            raise ConnectionError("transport failed")

    async with budget.slot(one_slot):
        pass


async def test_a_pause_holds_back_the_key(budget_engine: Engine) -> None:
    clock = ManualClock()
    budget = RateBudget.open(budget_engine, clock=clock, max_wait_seconds=30.0)

    await budget.pause([TEN_PER_MINUTE.key], 20.0)
    started = clock.now()
    async with budget.slot(RULE):
        waited = clock.now() - started

    assert 20.0 <= waited < 20.1
