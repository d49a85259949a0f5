"""Budget bookkeeping in the database, shared by every worker process that uses the same database.

One short transaction per decision. It locks the `budget_key` rows of the request's keys in sorted order
(PostgreSQL: ``SELECT … FOR UPDATE``, so different organizations never contend; SQLite: ``BEGIN IMMEDIATE``,
one writer at a time), prunes what has aged out, and either records the admission and the leases or says how
long to wait. Methods are synchronous; call them from a worker thread (`RateBudget` does).

On SQLite (WAL mode) the budget's transactions commit with ``synchronous=NORMAL``: no fsync per commit, so
the single writer is held for the statements only (a fsync held it for ~10 ms a commit, which capped a
process at ~100 budget decisions/s, under a backfill's needs on a loaded disk). The database stays
consistent; a power loss may forget the last commits, i.e. admissions and leases of requests in flight,
which the vendors' own windows and the leases' expiry absorb. The connection's previous mode is restored
before it goes back to the pool, so other users of the engine keep their durability.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from enum import StrEnum
from uuid import uuid4

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from activities.rate_budget.limits import BudgetRule, ConcurrencyLimit, RateLimit
from activities.rate_budget.schema import budget_admission, budget_key, budget_lease


@dataclass(frozen=True)
class Admitted:
    """The request may be sent; release `lease_id` when it is done."""

    lease_id: str


class WaitReason(StrEnum):
    """Why a request has to wait."""

    PAUSED = "paused"
    """A vendor answered 429 and the key is paused until its window resets."""
    RATE = "rate"
    """The sliding window is full; `wait_seconds` is exact."""
    IN_FLIGHT = "in-flight"
    """Every concurrency slot is leased; `wait_seconds` is the latest a slot frees (the oldest lease expiring)."""


@dataclass(frozen=True)
class Deferred:
    """The request may not be sent yet."""

    wait_seconds: float
    reason: WaitReason
    key: str


Decision = Admitted | Deferred


class BudgetStore:
    """Rate windows, concurrency leases and pauses in SQLite or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._writer = nullcontext() if self._postgres else _sqlite_writer(engine)

    def try_acquire(self, rule: BudgetRule, clock: Callable[[], float]) -> Decision:
        """Admit the request (recording it against every limit of `rule`) or say how long to wait.

        The time is read from `clock` once the keys are locked, so admissions on a key are recorded in
        time order even when callers race.
        """
        with self._locked(rule.all_keys()) as (conn, paused):
            now = clock()
            deferrals = [Deferred(until - now, WaitReason.PAUSED, key) for key, until in paused.items() if until > now]
            deferrals += [d for rate in rule.rates if (d := self._rate_deferral(conn, rate, now))]
            deferrals += [d for slots in rule.concurrency if (d := self._slot_deferral(conn, slots, now))]
            if deferrals:
                return max(deferrals, key=lambda d: d.wait_seconds)
            lease_id = uuid4().hex
            if rule.rates:
                conn.execute(budget_admission.insert(), [{"key": rate.key, "at": now} for rate in rule.rates])
            if rule.concurrency:
                leases = [
                    {"lease_id": lease_id, "key": slots.key, "expires_at": now + slots.lease_seconds}
                    for slots in rule.concurrency
                ]
                conn.execute(budget_lease.insert(), leases)
            return Admitted(lease_id)

    def release(self, lease_id: str) -> None:
        """Give back the concurrency slots of an admitted request (idempotent)."""
        with self._locked([]) as (conn, _paused):
            conn.execute(delete(budget_lease).where(budget_lease.c.lease_id == lease_id))

    def pause(self, keys: list[str], until: float) -> None:
        """Admit nothing on `keys` before `until` (a later pause already set is kept)."""
        with self._locked(sorted(set(keys))) as (conn, paused):
            for key in keys:
                if paused.get(key, 0.0) < until:
                    conn.execute(update(budget_key).where(budget_key.c.key == key).values(paused_until=until))

    def in_window(self, rate: RateLimit, now: float) -> int:
        """Admissions recorded in the rate limit's current window (for reports)."""
        with self._engine.connect() as conn:
            query = select(func.count()).where(
                budget_admission.c.key == rate.key, budget_admission.c.at > now - rate.window_seconds
            )
            return int(conn.execute(query).scalar_one())

    def leased(self, slots: ConcurrencyLimit, now: float) -> int:
        """Unexpired leases on a concurrency key (for reports)."""
        with self._engine.connect() as conn:
            query = select(func.count()).where(budget_lease.c.key == slots.key, budget_lease.c.expires_at > now)
            return int(conn.execute(query).scalar_one())

    @contextmanager
    def _locked(self, keys: list[str]) -> Iterator[tuple[Connection, dict[str, float]]]:
        """A transaction holding the rows of `keys` (created if missing); yields their pauses."""
        with self._writer, self._engine.connect() as conn, self._lazy_commits(conn):
            if not self._postgres:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                paused: dict[str, float] = {}
                if keys:
                    conn.execute(self._insert_missing(), [{"key": key} for key in keys])
                    query = select(budget_key.c.key, budget_key.c.paused_until).where(budget_key.c.key.in_(keys))
                    if self._postgres:
                        query = query.order_by(budget_key.c.key).with_for_update()
                    paused = {key: until for key, until in conn.execute(query) if until is not None}
                yield conn, paused
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    @contextmanager
    def _lazy_commits(self, conn: Connection) -> Iterator[None]:
        """SQLite: commit without fsync inside the block, then restore the connection's mode (see above)."""
        if self._postgres:
            yield
            return
        previous = int(conn.exec_driver_sql("PRAGMA synchronous").scalar_one())
        conn.commit()  # the PRAGMA read opened no database transaction; end SQLAlchemy's before BEGIN
        conn.exec_driver_sql(f"PRAGMA synchronous={SQLITE_NORMAL}")
        conn.commit()
        try:
            yield
        finally:
            conn.rollback()
            conn.exec_driver_sql(f"PRAGMA synchronous={previous}")
            conn.commit()

    def _insert_missing(self) -> postgresql.Insert | sqlite.Insert:
        if self._postgres:
            return postgresql.insert(budget_key).on_conflict_do_nothing(index_elements=["key"])
        return sqlite.insert(budget_key).on_conflict_do_nothing(index_elements=["key"])

    @staticmethod
    def _rate_deferral(conn: Connection, rate: RateLimit, now: float) -> Deferred | None:
        """Prune the window; when it is full, the wait until enough of its oldest admissions age out."""
        window = rate.window_seconds
        conn.execute(
            delete(budget_admission).where(budget_admission.c.key == rate.key, budget_admission.c.at <= now - window)
        )
        admitted = conn.execute(select(func.count()).where(budget_admission.c.key == rate.key)).scalar_one()
        if admitted < rate.limit:
            return None
        freeing = (
            select(budget_admission.c.at)
            .where(budget_admission.c.key == rate.key)
            .order_by(budget_admission.c.at)
            .offset(admitted - rate.limit)
            .limit(1)
        )
        oldest_needed = conn.execute(freeing).scalar_one()
        return Deferred(max(oldest_needed + window - now, 0.001), WaitReason.RATE, rate.key)

    @staticmethod
    def _slot_deferral(conn: Connection, slots: ConcurrencyLimit, now: float) -> Deferred | None:
        """Drop expired leases; when every slot is leased, the wait until the oldest lease expires."""
        conn.execute(delete(budget_lease).where(budget_lease.c.key == slots.key, budget_lease.c.expires_at <= now))
        query = select(func.count(), func.min(budget_lease.c.expires_at)).where(budget_lease.c.key == slots.key)
        leased, first_expiry = conn.execute(query).one()
        if leased < slots.slots:
            return None
        return Deferred(max(first_expiry - now, 0.001), WaitReason.IN_FLIGHT, slots.key)


SQLITE_NORMAL = 1
"""`PRAGMA synchronous` value NORMAL: in WAL mode, commits are not synced to disk (checkpoints are)."""

_SQLITE_WRITERS: dict[str, threading.Lock] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()


def _sqlite_writer(engine: Engine) -> threading.Lock:
    """One lock per SQLite database per process: threads of one worker queue here instead of in SQLite's
    busy handler, which sleeps in steps of up to 100 ms (other processes still meet the busy handler)."""
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(engine.url.render_as_string(), threading.Lock())
