"""The worker process: connect to Temporal and the store, run the worker until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from temporalio.client import Client

from activities.store import ConnectorStore
from clients.http import build_async_client
from common.settings import Settings
from common.telemetry.temporal import temporal_interceptors, temporal_runtime
from worker.converter import converter_for
from worker.registry import ActivityDeps, build_worker
from worker.search_attributes import register_search_attributes_on_start

log = logging.getLogger(__name__)


async def connect_temporal(settings: Settings) -> Client:
    """A Temporal client for the configured frontend and namespace, with the connector's data converter and
    interceptors (tracing when on, log context; its workers inherit them) and, with OTLP, Temporal's metrics."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=converter_for(settings),
        interceptors=temporal_interceptors(),
        runtime=temporal_runtime(),
    )


@asynccontextmanager
async def activity_deps(settings: Settings, store: ConnectorStore) -> AsyncIterator[ActivityDeps]:
    """Activity dependencies with one shared HTTP client, closed on exit."""
    async with build_async_client(timeout=settings.http_timeout_seconds) as http:
        yield ActivityDeps(settings=settings, store=store, http=http)


async def run_worker(settings: Settings, client: Client, store: ConnectorStore, stop: asyncio.Event) -> None:
    """Poll the task queue until `stop` is set, then drain in-flight tasks."""
    async with activity_deps(settings, store) as deps, build_worker(client, deps):
        log.info("worker polling %s on %s", settings.task_queue, settings.temporal_address)
        await stop.wait()


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT (call from the running event loop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def main(settings: Settings) -> None:
    """`ml-connector worker`: registers the Search Attributes (idempotent), then polls until stopped."""
    stop = stop_on_signals()
    client = await connect_temporal(settings)
    await register_search_attributes_on_start(client)
    await run_worker(settings, client, ConnectorStore.from_settings(settings), stop)
