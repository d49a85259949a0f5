"""Budget databases on both backends (as URLs, so a test can open several engines on one database) and a
budget clock that tests move by hand."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from activities.rate_budget import Admitted, BudgetRule, BudgetStore
from activities.rate_budget.schema import create_budget_schema
from activities.rate_budget.store import Decision
from persistence.db import make_engine
from tests.persistence.conftest import fresh_postgres_schema


class ManualClock:
    """Budget time that moves only when a waiter sleeps (the sleep advances it), starting at `start`."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.time = start
        self.slept: list[float] = []

    def now(self) -> float:
        """Current budget time."""
        return self.time

    async def sleep(self, seconds: float) -> None:
        """Advance the clock by `seconds` and let other tasks run."""
        self.slept.append(seconds)
        self.time += seconds
        await asyncio.sleep(0)


class RecordingStore(BudgetStore):
    """A store that remembers the budget time of every admission it granted."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.admitted_at: list[float] = []

    def try_acquire(self, rule: BudgetRule, clock: Callable[[], float]) -> Decision:
        """`BudgetStore.try_acquire`, recording the time it read when it admitted."""
        read: list[float] = []

        def reading() -> float:
            read.append(clock())
            return read[-1]

        decision = super().try_acquire(rule, reading)
        if isinstance(decision, Admitted):
            self.admitted_at.extend(read)
        return decision


def most_in_any_window(times: list[float], window: float) -> int:
    """The largest number of `times` inside one half-open window of `window` seconds."""
    ordered = sorted(times)
    return max(sum(1 for t in ordered if start <= t < start + window) for start in ordered)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def budget_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL with the budget tables: a SQLite file, or a fresh PostgreSQL schema (dropped after)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'budget.db'}"
        _create(url)
        yield url
        return
    with fresh_postgres_schema("mlc_budget") as url:
        _create(url)
        yield url


@pytest.fixture
def budget_engine(budget_url: str) -> Iterator[Engine]:
    """An engine on the budget database."""
    engine = make_engine(budget_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(budget_engine: Engine) -> BudgetStore:
    """Budget bookkeeping on the test database."""
    return BudgetStore(budget_engine)


def _create(url: str) -> None:
    engine = make_engine(url)
    create_budget_schema(engine)
    engine.dispose()
