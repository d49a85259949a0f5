"""`ml-connector backfill` through typer: clear exits on bad input and an unreachable Temporal, and a repeated
command attaches to the running backfill instead of starting a second one."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from common.settings import Settings
from tests.backfill.conftest import BackfillStack
from tests.e2e.conftest import Seeded
from workflows.backfill import BackfillWorkflow

pytestmark = pytest.mark.temporal


async def invoke(monkeypatch: pytest.MonkeyPatch, settings: Settings, *args: str) -> Result:
    """Run the command in a thread (it calls `asyncio.run`) with `settings` as the process settings."""
    monkeypatch.setattr("common.settings.get_settings", lambda: settings)
    return await asyncio.to_thread(CliRunner().invoke, app, ["backfill", *args])


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["No Such Ltd", "--since", "2026-01-01"], 2, "no connection 'No Such Ltd'"),
        (["UK Ltd", "--since", "01/02/2026"], 2, "bad date for --since"),
        (["UK Ltd", "--since", "2026-01-01", "--entities", "bills,invoices"], 2, "unknown entities"),
        (["UK Ltd", "--since", "2026-01-01"], 3, "Temporal unreachable"),
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


async def test_repeating_the_command_attaches_to_the_running_backfill(
    backfill_stack: BackfillStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = backfill_stack
    stack.seeded.zoho.latency = 0.1  # 200 reads take seconds: the second command finds the first still running
    stack.add_bills(200)
    address = stack.env.client.service_client.config.target_host
    settings = stack.seeded.settings.model_copy(update={"temporal_address": address})
    args = ["UK Ltd", "--since", stack.since().isoformat(), "--no-wait"]
    first, second = [await invoke(monkeypatch, settings, *args) for _ in range(2)]
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.output == second.output, "same workflow id, same run"
    workflow_id = first.output.split()[1]
    result = await stack.env.client.get_workflow_handle_for(BackfillWorkflow.run, workflow_id).result()
    assert result.counts["bills"].created == 200
    assert len(stack.bill_bills()) == 200
