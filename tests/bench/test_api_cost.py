"""api_cost at a tiny size: the full path runs, the emulators' counts land in the table and the JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import api_cost
from tests.bench.published import published

pytestmark = pytest.mark.temporal


async def test_api_cost_counts_calls_of_cold_and_steady_bills(tmp_path: Path) -> None:
    report = await api_cost.run(4, tmp_path / "work")
    out = published(report, tmp_path / "results")

    assert out.data["params"] == {"cold_bills": 2, "steady_bills": 2, "orgs": 2}
    assert out.value("bills not synced") == 0
    assert out.value("steady: Zoho calls per bill") >= 1.0, "each bill is read from Zoho at least once"
    assert out.value("steady: BILL calls per bill") == 1.0, "a steady bill costs its create and nothing else"
    assert out.value("cold: BILL logins") == 2, "one BILL session per organization"
    assert out.value("steady: BILL logins") == 0, "sessions are reused"
    assert out.value("cold: BILL calls per bill") > out.value("steady: BILL calls per bill")
    assert {"nproc", "memory_mb", "python", "temporalio"} <= out.data["machine"].keys()
    assert "API calls per synced bill" in out.text
    assert "steady: BILL calls per bill" in out.text
    notes = out.data["notes"]
    assert "steady BILL: POST /connect/v3/bills 1.00 per bill" in notes, "exactly one create per bill"
    assert not [n for n in notes if n.startswith("steady BILL: GET")], "a mapped vendor is not read from BILL"
    assert any(note.startswith("cold Zoho: POST") and "/oauth/v2/token" in note for note in notes)
