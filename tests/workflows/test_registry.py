"""The worker registry: real workflows pass sandbox validation, and the stand-ins mirror the real activities."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from temporalio import activity
from temporalio.testing import WorkflowEnvironment

from clients.http import build_async_client
from common.settings import Settings
from tests.gateway.conftest import build_store
from tests.temporal_env import unique_name
from tests.workflows.stand_ins import StandInActivities
from worker.registry import WORKFLOWS, ActivityDeps, build_activities, build_worker
from workflows.bill_poll_sweep import BillPollSweepWorkflow
from workflows.bill_sync import BillSyncWorkflow

pytestmark = pytest.mark.temporal


def activity_names(functions: list[Callable[..., Any]]) -> set[str]:
    names = set()
    for function in functions:
        definition = activity._Definition.from_callable(function)  # the name Temporal registers
        assert definition is not None
        assert definition.name is not None
        names.add(definition.name)
    return names


async def test_worker_builds_and_stand_ins_cover_every_activity(
    tmp_path: Path, time_skipping_env: WorkflowEnvironment
) -> None:
    async with build_async_client() as http:
        _, store = build_store(tmp_path)
        deps = ActivityDeps(settings=Settings(), store=store, http=http)
        real = activity_names(list(build_activities(deps)))
        worker = build_worker(time_skipping_env.client, deps, task_queue=unique_name("registry"))
        async with worker:  # constructing and starting validates every workflow in the sandbox
            pass
    assert activity_names(list(StandInActivities().all())) <= real, "every bill-sync stand-in mirrors a real activity"
    assert {"load_sweep_cursor", "sweep_bill_page", "advance_sweep_cursor"} <= real
    assert {BillSyncWorkflow, BillPollSweepWorkflow} <= set(WORKFLOWS)
