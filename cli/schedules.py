"""`ml-connector schedules`: make the Temporal namespace ready for the bill pipeline (idempotent).

Registers the custom Search Attributes and creates every missing per-connection Schedule (`worker.schedules`)
of each connection that is active (running) or needs re-authorization (paused), with the default
`ConnectionSettings`. Existing Schedules are left as they are: the connection's workflow owns them (their
intervals follow its settings). A paused connection's Schedules are not touched, a disconnected one has none.
Safe to run on every deploy.
"""

from __future__ import annotations

from rich.console import Console
from temporalio.client import Client

from activities.connection_models import ConnectionSettings
from cli.failures import temporal_client
from common.settings import Settings
from persistence.db import make_engine
from persistence.repositories import ConnectionRepo
from persistence.vocabulary import ConnectionStatus
from worker.schedules import ensure_connection_schedules
from worker.search_attributes import register_search_attributes


async def ensure_pipeline_schedules(client: Client, connections: ConnectionRepo, *, task_queue: str) -> list[str]:
    """Register the Search Attributes, then create the missing Schedules of every active or needs-reauth
    connection; the ids of their Schedules."""
    await register_search_attributes(client)
    ids: list[str] = []
    for connection in connections.list():
        if connection.status in (ConnectionStatus.ACTIVE, ConnectionStatus.NEEDS_REAUTH):
            ids += await ensure_connection_schedules(
                client,
                connection.id,
                task_queue=task_queue,
                settings=ConnectionSettings(),
                paused=connection.status == ConnectionStatus.NEEDS_REAUTH,
                replace=False,
            )
    return ids


async def run_schedules(settings: Settings, console: Console) -> int:
    """`ml-connector schedules`: print each Schedule id ensured."""
    client = await temporal_client(settings)
    engine = make_engine(settings.effective_database_url())
    try:
        ids = await ensure_pipeline_schedules(client, ConnectionRepo(engine), task_queue=settings.task_queue)
    finally:
        engine.dispose()
    for schedule_id in ids:
        console.print(f"ensured {schedule_id}")
    return 0
