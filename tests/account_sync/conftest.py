"""Emulators, store and the time-skipping Temporal server for the account, expense and purchase-order tests.

The demo companies come from `tests.e2e.conftest.seeded` (fresh emulators over ASGI, a fresh SQLite store);
the workflows run on the session's time-skipping server with the registry's worker (`worker.registry`), so the
tests exercise exactly what the worker process registers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from temporalio.testing import WorkflowEnvironment

from tests.e2e.conftest import Seeded, seeded
from tests.temporal_env import unique_name
from tests.workflows.conftest import time_skipping_env
from worker.registry import ActivityDeps, build_worker

__all__ = ["connector_worker", "seeded", "time_skipping_env"]


@asynccontextmanager
async def connector_worker(env: WorkflowEnvironment, seeded: Seeded) -> AsyncIterator[str]:
    """The registry's worker on a fresh task queue; yields the task queue."""
    task_queue = unique_name("ledger")
    deps = ActivityDeps(settings=seeded.settings, store=seeded.store, http=seeded.http)
    async with build_worker(env.client, deps, task_queue=task_queue):
        yield task_queue
