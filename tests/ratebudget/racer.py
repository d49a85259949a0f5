"""`python -m tests.ratebudget.racer <database url> <attempts>`: one process racing for the shared window
used by `test_processes.py`; prints how many of its attempts were admitted."""

from __future__ import annotations

import sys
import time

from activities.rate_budget import Admitted, BudgetRule, BudgetStore, ConcurrencyLimit, RateLimit
from persistence.db import make_engine

WINDOW = RateLimit("bill:shared:hour", limit=60, period_seconds=3600.0)
SLOTS = ConcurrencyLimit("bill:shared:org:in-flight", slots=1000, lease_seconds=3600.0)
RULE = BudgetRule(rates=(WINDOW,), concurrency=(SLOTS,))


def main(url: str, attempts: int) -> int:
    """Attempt `attempts` admissions as fast as possible; the number admitted."""
    engine = make_engine(url)
    try:
        store = BudgetStore(engine)
        return sum(isinstance(store.try_acquire(RULE, time.time), Admitted) for _ in range(attempts))
    finally:
        engine.dispose()


if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2])))
