"""`ml-connector gateway`: the webhook gateway on `MLC_GATEWAY_HOST:MLC_GATEWAY_PORT` until SIGTERM/SIGINT."""

from __future__ import annotations

from temporalio.client import Client

from activities.store import ConnectorStore
from cli.servers import EmbeddedServer
from common.settings import Settings
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps
from worker.main import connect_temporal, stop_on_signals


def gateway_server(settings: Settings, client: Client, store: ConnectorStore) -> EmbeddedServer:
    """The gateway app wired to Temporal and the store, ready to `start()`."""
    deps = GatewayDeps(settings=settings, temporal=client, connections=store.connections, secrets=store.credentials)
    return EmbeddedServer(create_app(deps), host=settings.gateway_host, port=settings.gateway_port, name="gateway")


async def main(settings: Settings) -> None:
    """Serve until a signal arrives."""
    stop = stop_on_signals()
    server = gateway_server(settings, await connect_temporal(settings), ConnectorStore.from_settings(settings))
    await server.start()
    try:
        await stop.wait()
    finally:
        await server.stop()
