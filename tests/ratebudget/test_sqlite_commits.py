"""On SQLite the budget's transactions commit without fsync (synchronous=NORMAL, WAL), and the connection goes
back to the pool in the mode it had, so the connector's own writes on a shared engine stay durable."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event

from activities.rate_budget import Admitted, BudgetRule, BudgetStore, ConcurrencyLimit, RateLimit
from activities.rate_budget.schema import create_budget_schema
from persistence.db import make_engine

RULE = BudgetRule(
    rates=(RateLimit("zoho:1:minute", limit=5, period_seconds=60.0),),
    concurrency=(ConcurrencyLimit("zoho:1:in-flight", slots=2),),
)
FULL = 2


def test_budget_commits_are_lazy_and_the_mode_is_restored(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'connector.db'}")
    create_budget_schema(engine)
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def record(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    store = BudgetStore(engine)
    decision = store.try_acquire(RULE, lambda: 1_800_000_000.0)
    assert isinstance(decision, Admitted)
    store.release(decision.lease_id)

    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == FULL
    begins = [i for i, s in enumerate(statements) if s == "BEGIN IMMEDIATE"]
    assert len(begins) == 2, "one transaction to admit, one to release"
    for begin in begins:
        assert statements[begin - 1] == "PRAGMA synchronous=1"
    assert statements.count(f"PRAGMA synchronous={FULL}") == 2, "restored after each transaction"
    engine.dispose()
