"""`ml-connector disconnect|pause|resume`: through the connection's workflow (time-skipping server, stand-in
activities) and the store; clear failures for an unknown connection, a refused update and an unreachable
Temporal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr
from rich.console import Console
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker
from typer.testing import CliRunner

from activities.connection_models import ConnectionResult, ConnectionWorkflowInput
from activities.store import ConnectorStore
from cli.connect import resume_workflows
from cli.connections import change_connection, disconnect_connection
from cli.dev import encryption_key
from cli.failures import BAD_INPUT_EXIT, UNREACHABLE_EXIT, CliFailure
from cli.main import app
from common.errors import PayloadRejected
from common.settings import Settings, get_settings
from persistence.db import make_engine
from persistence.tables import Connection
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.persistence.builders import add_connection
from tests.temporal_env import unique_name
from tests.workflows.test_connection_workflow import StandIns
from workflows.connection import ConnectionWorkflow, connection_workflow_id
from workflows.connection_start import start_connection_workflow

pytestmark = pytest.mark.temporal


@dataclass
class Lifecycle:
    settings: Settings
    client: Client
    store: ConnectorStore
    connection: Connection
    stand_ins: StandIns
    console: Console

    async def start(self) -> None:
        handle = await start_connection_workflow(self.client, self.connection.id, task_queue=self.settings.task_queue)
        await handle.query(ConnectionWorkflow.status)

    async def start_needing_reauth(self) -> WorkflowHandle[ConnectionWorkflow, ConnectionResult]:
        """The connection's workflow, started in `needs_reauth` (as after a rejected refresh token)."""
        waiting = ConnectionWorkflowInput(connection_id=self.connection.id, status="needs_reauth")
        handle = await self.client.start_workflow(
            ConnectionWorkflow.run,
            waiting,
            id=connection_workflow_id(self.connection.id),
            task_queue=self.settings.task_queue,
        )
        await handle.query(ConnectionWorkflow.status)
        return handle

    def webhook_secret(self) -> SecretStr | None:
        return self.store.credentials.get(OwnerKind.CONNECTION, self.connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET)

    def status(self) -> str:
        stored = self.store.connections.get(self.connection.id)
        assert stored is not None
        return stored.status


@pytest.fixture
async def lifecycle(tmp_path: Path, temporal_env: WorkflowEnvironment) -> AsyncIterator[Lifecycle]:
    queue, key = unique_name("lifecycle"), encryption_key(tmp_path)
    settings = Settings(data_dir=tmp_path, database_url=None, task_queue=queue, encryption_key=key)
    store = ConnectorStore.from_settings(settings)
    engine = make_engine(settings.effective_database_url())
    connection = add_connection(engine, zoho_org_id=unique_name("org"))
    store.credentials.put(OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET, SecretStr("whsec"))
    stand_ins = StandIns()
    async with Worker(
        temporal_env.client,
        task_queue=settings.task_queue,
        workflows=[ConnectionWorkflow],
        activities=stand_ins.all(),
    ):
        yield Lifecycle(
            settings,
            temporal_env.client,
            store,
            connection,
            stand_ins,
            Console(record=True, width=200),
        )
    engine.dispose()


async def test_pause_then_resume_by_name(lifecycle: Lifecycle) -> None:
    await lifecycle.start()
    name, settings, client = lifecycle.connection.name, lifecycle.settings, lifecycle.client

    assert await change_connection(settings, name, "pause", lifecycle.console, client) == 0
    assert await change_connection(settings, name, "resume", lifecycle.console, client) == 0

    assert [h.status for h in lifecycle.stand_ins.health] == ["paused", "active"]
    assert [r.target for r in lifecycle.stand_ins.schedules] == ["running", "paused", "running"]
    assert "is paused" in lifecycle.console.export_text()


async def test_resuming_an_active_connection_is_refused_clearly(lifecycle: Lifecycle) -> None:
    await lifecycle.start()

    with pytest.raises(CliFailure, match="only a paused connection can resume") as refused:
        await change_connection(lifecycle.settings, lifecycle.connection.id, "resume", Console(), lifecycle.client)

    assert refused.value.exit_code == BAD_INPUT_EXIT


async def test_pausing_without_a_running_workflow_says_how_to_start_it(lifecycle: Lifecycle) -> None:
    with pytest.raises(CliFailure, match="connect start") as refused:
        await change_connection(lifecycle.settings, lifecycle.connection.id, "pause", Console(), lifecycle.client)

    assert refused.value.exit_code == BAD_INPUT_EXIT


async def test_disconnect_ends_the_workflow_and_marks_the_connection(lifecycle: Lifecycle) -> None:
    await lifecycle.start()
    settings, key, client = lifecycle.settings, lifecycle.connection.id, lifecycle.client

    assert await disconnect_connection(settings, key, lifecycle.console, client) == 0

    assert lifecycle.status() == "disconnected"
    assert lifecycle.webhook_secret() is None, "the gateway refuses a disconnected connection's webhooks"
    assert lifecycle.stand_ins.count("remove_bill_subscriptions") == 1
    assert [r.target for r in lifecycle.stand_ins.schedules][-1] == "deleted"
    assert await disconnect_connection(settings, key, lifecycle.console, client) == 0
    assert lifecycle.stand_ins.count("remove_bill_subscriptions") == 1, "a second disconnect does nothing"
    assert "already disconnected" in lifecycle.console.export_text()
    with pytest.raises(CliFailure, match="disconnected"):
        await change_connection(settings, key, "pause", Console(), client)


async def test_disconnect_without_a_running_workflow_cleans_up_without_a_token_request(lifecycle: Lifecycle) -> None:
    assert (
        await disconnect_connection(lifecycle.settings, lifecycle.connection.id, lifecycle.console, lifecycle.client)
        == 0
    )

    assert lifecycle.status() == "disconnected"
    assert lifecycle.stand_ins.calls == ["ensure_connection_schedules", "remove_bill_subscriptions"]
    assert [r.target for r in lifecycle.stand_ins.schedules] == ["deleted"]


async def test_an_unknown_connection_is_bad_input(lifecycle: Lifecycle) -> None:
    with pytest.raises(CliFailure, match="no connection 'nope'") as unknown:
        await disconnect_connection(lifecycle.settings, "nope", Console(), lifecycle.client)

    assert unknown.value.exit_code == BAD_INPUT_EXIT
    assert lifecycle.stand_ins.calls == []


async def test_an_unreachable_temporal_is_reported_and_nothing_changes(lifecycle: Lifecycle) -> None:
    unreachable = lifecycle.settings.model_copy(update={"temporal_address": "127.0.0.1:1"})

    for command in (
        disconnect_connection(unreachable, lifecycle.connection.id, Console()),
        change_connection(unreachable, lifecycle.connection.id, "pause", Console()),
    ):
        with pytest.raises(CliFailure, match="Temporal unreachable") as failed:
            await command
        assert failed.value.exit_code == UNREACHABLE_EXIT

    assert lifecycle.status() == "active"
    assert lifecycle.webhook_secret() is not None


@pytest.mark.parametrize("command", [["disconnect", "nope"], ["pause", "nope"], ["resume", "nope"]])
def test_the_commands_exit_2_with_one_line_for_an_unknown_connection(
    lifecycle: Lifecycle, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("MLC_DATA_DIR", str(lifecycle.settings.data_dir))
    key = lifecycle.settings.encryption_key
    assert key is not None
    monkeypatch.setenv("MLC_ENCRYPTION_KEY", key.get_secret_value())
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, command)
    finally:
        get_settings.cache_clear()

    assert result.exit_code == BAD_INPUT_EXIT
    assert "error: no connection 'nope'" in result.output


async def test_stored_credentials_resume_the_waiting_workflows(lifecycle: Lifecycle) -> None:
    handle = await lifecycle.start_needing_reauth()

    ids = [lifecycle.connection.id, "not-running"]
    resumed = await resume_workflows(lifecycle.settings, ids, lifecycle.console, lifecycle.client)

    assert resumed == [lifecycle.connection.id]
    assert (await handle.query(ConnectionWorkflow.status)).status == "active"
    assert [h.status for h in lifecycle.stand_ins.health] == ["active"]
    assert "connection not-running: workflow not resumed" in lifecycle.console.export_text()


async def test_resuming_a_connection_that_needs_reauthorization_completes_it(lifecycle: Lifecycle) -> None:
    handle = await lifecycle.start_needing_reauth()

    await change_connection(lifecycle.settings, lifecycle.connection.id, "resume", lifecycle.console, lifecycle.client)

    assert (await handle.query(ConnectionWorkflow.status)).status == "active"
    assert [h.status for h in lifecycle.stand_ins.health] == ["active"]


async def test_a_failed_disconnect_is_reported_and_leaves_the_connection_as_it_was(lifecycle: Lifecycle) -> None:
    await lifecycle.start()
    # the first refusal may meet the start's ensure instead (then logged, retried later): the deletion meets one
    lifecycle.stand_ins.errors["ensure_connection_schedules"] = [PayloadRejected("refused", service="Temporal")] * 2

    with pytest.raises(CliFailure, match="disconnecting failed") as failed:
        await disconnect_connection(lifecycle.settings, lifecycle.connection.id, Console(), lifecycle.client)

    assert failed.value.exit_code == UNREACHABLE_EXIT
    assert lifecycle.status() == "active"
    assert lifecycle.webhook_secret() is not None
