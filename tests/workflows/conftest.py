"""A session-wide time-skipping Temporal test server for workflow tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.temporal_env import start_time_skipping


@pytest.fixture(scope="session")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """One test server for the session; tests isolate themselves with fresh task queues and ids."""
    env = await start_time_skipping()
    yield env
    await env.shutdown()
