"""Committed histories of the account, expense and purchase-order workflows replay against today's code (a
failure means a non-deterministic change: put it behind `workflow.patched`). Recorded from runs on the
emulators like the ones in these test folders (`(await handle.fetch_history()).to_json()`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from worker.converter import DATA_CONVERTER
from worker.registry import WORKFLOWS

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


def test_every_workflow_has_a_history() -> None:
    starts = [WorkflowHistory.from_json(p.stem, p.read_text()).events[0] for p in HISTORIES]
    names = {event.workflow_execution_started_event_attributes.workflow_type.name for event in starts}
    wanted = {"AccountSyncWorkflow", "ExpenseSyncWorkflow", "ExpenseSweepWorkflow", "PurchaseOrderAuditWorkflow"}
    assert names == wanted


@pytest.mark.parametrize("path", HISTORIES, ids=lambda p: p.stem)
async def test_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    await Replayer(workflows=list(WORKFLOWS), data_converter=DATA_CONVERTER).replay_workflow(history)
