"""BudgetStore on SQLite and PostgreSQL: sliding windows, concurrency leases (released and expired), pauses,
and exact admission counts when many threads on two engines race for one window."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from activities.rate_budget import (
    Admitted,
    BudgetRule,
    BudgetStore,
    ConcurrencyLimit,
    Deferred,
    RateLimit,
    WaitReason,
)
from persistence.db import make_engine

T0 = 1_800_000_000.0
FIVE_PER_MINUTE = RateLimit("zoho:1:minute", limit=5, period_seconds=60.0, margin_seconds=2.0)
TWO_SLOTS = ConcurrencyLimit("zoho:1:in-flight", slots=2, lease_seconds=30.0)


def admit(store: BudgetStore, rule: BudgetRule, now: float) -> Admitted:
    decision = store.try_acquire(rule, lambda: now)
    assert isinstance(decision, Admitted), decision
    return decision


def defer(store: BudgetStore, rule: BudgetRule, now: float) -> Deferred:
    decision = store.try_acquire(rule, lambda: now)
    assert isinstance(decision, Deferred), decision
    return decision


def test_a_full_window_defers_until_its_oldest_admission_ages_out(store: BudgetStore) -> None:
    rule = BudgetRule(rates=(FIVE_PER_MINUTE,))
    for second in range(5):
        admit(store, rule, T0 + second)

    deferred = defer(store, rule, T0 + 10)

    assert deferred.reason is WaitReason.RATE
    assert deferred.key == FIVE_PER_MINUTE.key
    assert deferred.wait_seconds == pytest.approx(52.0)  # T0 + 62 s (window + margin) - (T0 + 10)
    admit(store, rule, T0 + 62.001)
    assert defer(store, rule, T0 + 62.5).wait_seconds == pytest.approx(0.5)
    assert store.in_window(FIVE_PER_MINUTE, T0 + 62.5) == 5


def test_keys_are_independent(store: BudgetStore) -> None:
    other = RateLimit("zoho:2:minute", limit=1, period_seconds=60.0)
    admit(store, BudgetRule(rates=(other,)), T0)
    for _ in range(5):
        admit(store, BudgetRule(rates=(FIVE_PER_MINUTE,)), T0)
    assert defer(store, BudgetRule(rates=(other,)), T0).key == other.key


def test_a_rule_is_admitted_only_when_every_limit_has_room(store: BudgetStore) -> None:
    login = RateLimit("bill:k:logins", limit=1, period_seconds=3600.0)
    admit(store, BudgetRule(rates=(FIVE_PER_MINUTE, login)), T0)

    deferred = defer(store, BudgetRule(rates=(FIVE_PER_MINUTE, login)), T0 + 1)

    assert deferred.key == login.key
    assert store.in_window(FIVE_PER_MINUTE, T0 + 1) == 1  # the refused request consumed nothing


def test_slots_are_freed_by_release(store: BudgetStore) -> None:
    rule = BudgetRule(concurrency=(TWO_SLOTS,))
    first = admit(store, rule, T0)
    admit(store, rule, T0)

    deferred = defer(store, rule, T0 + 1)
    assert deferred.reason is WaitReason.IN_FLIGHT
    assert deferred.wait_seconds == pytest.approx(29.0)

    store.release(first.lease_id)
    store.release(first.lease_id)  # idempotent
    admit(store, rule, T0 + 1)
    assert store.leased(TWO_SLOTS, T0 + 1) == 2


def test_a_lease_of_a_crashed_worker_expires(store: BudgetStore) -> None:
    rule = BudgetRule(concurrency=(TWO_SLOTS,))
    admit(store, rule, T0)
    admit(store, rule, T0)
    defer(store, rule, T0 + 29.9)

    admit(store, rule, T0 + 30.0)

    assert store.leased(TWO_SLOTS, T0 + 30.0) == 1


def test_a_pause_defers_every_rule_on_the_key_until_it_ends(store: BudgetStore) -> None:
    rule = BudgetRule(rates=(FIVE_PER_MINUTE,), concurrency=(TWO_SLOTS,))
    store.pause([FIVE_PER_MINUTE.key], T0 + 60)
    store.pause([FIVE_PER_MINUTE.key], T0 + 30)  # an earlier end does not shorten the pause

    deferred = defer(store, rule, T0 + 10)

    assert deferred.reason is WaitReason.PAUSED
    assert deferred.wait_seconds == pytest.approx(50.0)
    admit(store, rule, T0 + 60.0)


def test_racing_threads_on_two_engines_admit_exactly_the_limit(budget_url: str, budget_engine: Engine) -> None:
    second_engine = make_engine(budget_url)
    stores = [BudgetStore(budget_engine), BudgetStore(second_engine)]
    hourly = RateLimit("bill:k:hour", limit=40, period_seconds=3600.0)
    slots = ConcurrencyLimit("bill:k:org:in-flight", slots=1000)
    rule = BudgetRule(rates=(hourly,), concurrency=(slots,))
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            decisions = list(pool.map(lambda i: stores[i % 2].try_acquire(rule, lambda: T0 + i / 1000), range(120)))
    finally:
        second_engine.dispose()

    admitted = [d for d in decisions if isinstance(d, Admitted)]
    assert len(admitted) == hourly.limit
    assert len({d.lease_id for d in admitted}) == hourly.limit
    assert stores[0].leased(slots, T0 + 1) == hourly.limit
