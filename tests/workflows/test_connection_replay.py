"""The committed `ConnectionWorkflow` history replays against today's code (a failure = a non-deterministic
change that needs `workflow.patched`).

Record (only for a new scenario or a patched change): `python -m tests.workflows.test_connection_replay`
writes `connection_lifecycle_schedules.json` (today's code); `connection_lifecycle.json` was recorded before the
`connection-owns-schedules` patch and must keep replaying. The scenario covers every handler: cycles, a pause
and resume, a settings update, a revoked token (`needs_reauth`), `reauth_complete` and `disconnect`.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, Worker

from activities.connection_models import ConnectionSettings, ConnectionWorkflowInput
from common.errors import AuthRejected
from tests.temporal_env import start_time_skipping
from tests.workflows.test_connection_workflow import StandIns
from worker.converter import DATA_CONVERTER
from workflows.connection import REFRESH_INTERVAL, ConnectionWorkflow, connection_workflow_id

HISTORIES = Path(__file__).parent / "histories"
BEFORE_SCHEDULES = HISTORIES / "connection_lifecycle.json"
HISTORY = HISTORIES / "connection_lifecycle_schedules.json"


@pytest.mark.parametrize("path", [BEFORE_SCHEDULES, HISTORY], ids=lambda path: path.stem)
async def test_connection_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    await Replayer(workflows=[ConnectionWorkflow], data_converter=DATA_CONVERTER).replay_workflow(history)


@pytest.mark.parametrize("handler", ["pause", "resume", "reauth_complete", "update_settings", "disconnect"])
@pytest.mark.parametrize("path", [BEFORE_SCHEDULES, HISTORY], ids=lambda path: path.stem)
def test_the_recorded_scenario_uses_every_handler(path: Path, handler: str) -> None:
    assert handler in path.read_text()


def test_the_new_history_manages_schedules() -> None:
    text = HISTORY.read_text()
    assert "ensure_connection_schedules" in text
    assert "ensure_connection_schedules" not in BEFORE_SCHEDULES.read_text()


async def record() -> None:
    """Run the lifecycle scenario on a fresh test server and write its history."""
    env = await start_time_skipping()
    stand_ins = StandIns()
    try:
        async with Worker(
            env.client, task_queue="connection", workflows=[ConnectionWorkflow], activities=stand_ins.all()
        ):
            handle = await env.client.start_workflow(
                ConnectionWorkflow.run,
                ConnectionWorkflowInput(connection_id="conn-1"),
                id=connection_workflow_id("conn-1"),
                task_queue="connection",
            )
            await env.sleep(REFRESH_INTERVAL + timedelta(minutes=1))
            await handle.execute_update(ConnectionWorkflow.pause)
            await env.sleep(REFRESH_INTERVAL)
            await handle.execute_update(ConnectionWorkflow.resume)
            await handle.execute_update(
                ConnectionWorkflow.update_settings, ConnectionSettings(sweep_interval_minutes=30)
            )
            stand_ins.errors["refresh_zoho_token"] = [AuthRejected("token request failed: invalid_code")]
            await env.sleep(REFRESH_INTERVAL + timedelta(minutes=1))
            await handle.execute_update(ConnectionWorkflow.reauth_complete)
            await env.sleep(timedelta(minutes=1))
            await handle.signal(ConnectionWorkflow.disconnect)
            await handle.result()
            HISTORY.write_text((await handle.fetch_history()).to_json())
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(record())
