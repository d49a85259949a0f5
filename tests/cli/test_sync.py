"""`ml-connector sync vendors|accounts` through typer on the emulators and a real Temporal dev server: a dry run
prints the plan and writes nothing on either emulator, a real run writes and prints what it did, repeated runs
attach to the fixed id, and bad input / an unreachable Temporal exit with one clear line."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from common.settings import Settings
from tests.e2e.conftest import Seeded, Stack, local_env, seeded, stack
from workflows.account_sync import account_sync_workflow_id
from workflows.vendor_sync import vendor_sync_workflow_id

__all__ = ["local_env", "seeded", "stack"]

pytestmark = pytest.mark.temporal

UK = "UK Ltd"


async def invoke(monkeypatch: pytest.MonkeyPatch, settings: Settings, *args: str) -> Result:
    """Run the command in a thread (it calls `asyncio.run`) with `settings` as the process settings."""
    monkeypatch.setattr("common.settings.get_settings", lambda: settings)
    return await asyncio.to_thread(CliRunner().invoke, app, ["sync", *args])


def _record_writes(seeded: Seeded) -> list[str]:
    """From now on, every write the connector sends to either emulator (BILL logins and Zoho token requests are
    authentication, not writes)."""
    writes: list[str] = []

    async def record(request: httpx.Request) -> None:
        path = request.url.path
        if request.method != "GET" and not path.endswith("/login") and "/oauth/" not in path:
            writes.append(f"{request.method} {request.url.host}{request.url.path}")

    seeded.http.event_hooks["request"].append(record)
    return writes


def _flat(output: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(output.split())


def _run_id(output: str) -> str:
    return _flat(output).split("(run ")[1].split(")")[0]


def _settings(stack: Stack) -> Settings:
    address = stack.env.client.service_client.config.target_host
    return stack.seeded.settings.model_copy(update={"temporal_address": address})


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["vendors", "No Such Ltd"], 2, "no connection 'No Such Ltd'"),
        (["accounts", "UK Ltd"], 3, "Temporal unreachable"),
    ],
)
async def test_bad_input_and_unreachable_temporal_exit_with_one_clear_line(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch, args: list[str], exit_code: int, message: str
) -> None:
    settings = seeded.settings.model_copy(update={"temporal_address": "127.0.0.1:1"})
    result = await invoke(monkeypatch, settings, *args)
    assert result.exit_code == exit_code
    assert message in result.output
    assert "Traceback" not in result.output


async def test_an_unknown_entity_is_a_usage_error(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    result = await invoke(monkeypatch, seeded.settings, "bills", UK)
    assert result.exit_code == 2


async def test_account_dry_run_plans_and_writes_nothing_then_the_real_run_writes(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = stack.seeded
    demo = seeded.demos[UK]
    seeded.zoho.add_account(demo.zoho_org_id, "Travel", "expense", account_code="6400")
    seeded.bill.add_account(demo.bill_org_id, "Bank Fees", "OTHER_EXPENSE", "6500")
    settings = _settings(stack)
    writes = _record_writes(seeded)

    dry = await invoke(monkeypatch, settings, "accounts", UK, "--dry-run", "--wait")

    assert dry.exit_code == 0, dry.output
    assert writes == []  # nothing written on either side
    assert f"{account_sync_workflow_id(demo.connection_id)}/dry-run" in _flat(dry.output)
    assert "dry run: nothing written" in _flat(dry.output)
    planned_row = next(line for line in dry.output.splitlines() if "create in Zoho" in line)
    assert planned_row.split("│")[2].strip() == "1"  # Bank Fees
    assert planned_row.split("│")[3].strip() == "-"

    real = await invoke(monkeypatch, settings, "accounts", UK, "--wait")

    assert real.exit_code == 0, real.output
    assert f"{account_sync_workflow_id(demo.connection_id)} " in _flat(real.output)
    assert any(w.startswith("POST") for w in writes)
    assert "Bank Fees" in {a["account_name"] for a in seeded.zoho.accounts(demo.zoho_org_id)}
    applied_row = next(line for line in real.output.splitlines() if "create in Zoho" in line)
    assert applied_row.split("│")[3].strip() == "1"


async def test_vendor_dry_run_writes_nothing_and_a_started_sync_is_attached_to(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = stack.seeded
    demo = seeded.demos[UK]
    seeded.bill.add_vendor(demo.bill_org_id, "Brand New Supplies Ltd")
    settings = _settings(stack)
    writes = _record_writes(seeded)

    dry = await invoke(monkeypatch, settings, "vendors", UK, "--dry-run", "--wait")

    assert dry.exit_code == 0, dry.output
    assert writes == []
    create_row = next(line for line in dry.output.splitlines() if "zoho.create" in line)
    assert create_row.split("│")[2].strip() == "1"

    seeded.zoho.latency = 0.5  # the sync takes seconds: the second command finds the first still running
    started = await invoke(monkeypatch, settings, "vendors", UK)
    waited = await invoke(monkeypatch, settings, "vendors", UK, "--wait")
    seeded.zoho.latency = 0.0

    assert (started.exit_code, waited.exit_code) == (0, 0), waited.output
    assert f"{vendor_sync_workflow_id(demo.connection_id)} " in _flat(started.output)
    assert _run_id(started.output) == _run_id(waited.output)  # attached: same id, same run
    assert writes  # the real sync wrote
    assert "Brand New Supplies Ltd" in {c["contact_name"] for c in seeded.zoho.contacts(demo.zoho_org_id)}
    created = [c for c in seeded.zoho.contacts(demo.zoho_org_id) if c["contact_name"] == "Brand New Supplies Ltd"]
    assert len(created) == 1
    create_row = next(line for line in waited.output.splitlines() if "zoho.create" in line)
    assert create_row.split("│")[2].strip() == "1"
