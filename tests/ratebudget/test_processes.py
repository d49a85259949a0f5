"""Two worker processes sharing one database admit exactly the window's limit between them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine

from activities.rate_budget import BudgetStore
from tests.ratebudget.racer import SLOTS, WINDOW

REPO = Path(__file__).resolve().parents[2]


def test_two_processes_share_one_window(budget_url: str, budget_engine: Engine) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.ratebudget.racer", budget_url, "50"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    admitted = [int(racer.communicate(timeout=120)[0]) for racer in racers]

    assert sum(admitted) == WINDOW.limit
    assert all(count > 0 for count in admitted), admitted  # both really took part
    store = BudgetStore(budget_engine)
    assert store.in_window(WINDOW, time.time()) == WINDOW.limit
    assert store.leased(SLOTS, time.time()) == WINDOW.limit
