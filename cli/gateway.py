"""`ml-connector gateway`: the webhook gateway on `MLC_GATEWAY_HOST:MLC_GATEWAY_PORT` until SIGTERM/SIGINT."""

from __future__ import annotations

import httpx
from temporalio.client import Client

from activities.store import ConnectorStore
from cli.servers import EmbeddedServer
from clients.http import build_async_client
from common.settings import Settings
from connections.zoho_onboarding import ZohoOnboarding
from persistence.db import make_engine
from webhook_gateway.app import create_app
from webhook_gateway.deps import BillWebhookDeps, GatewayDeps
from worker.main import connect_temporal, stop_on_signals


def gateway_server(
    settings: Settings, client: Client, store: ConnectorStore, *, http: httpx.AsyncClient | None = None
) -> EmbeddedServer:
    """The gateway app wired to Temporal and the store, ready to `start()`.

    With `http` (for the OAuth code exchange) and `MLC_ADMIN_TOKEN` set, it also serves Zoho onboarding.
    """
    bill = BillWebhookDeps(
        subscriptions=store.subscriptions, mappings=store.mappings, records=store.records, receipts=store.receipts
    )
    deps = GatewayDeps(
        settings=settings, temporal=client, connections=store.connections, secrets=store.credentials, bill=bill
    )
    onboarding = None
    if http is not None and settings.admin_token is not None:
        engine = make_engine(settings.effective_database_url())  # onboarding's state table: the store's database
        onboarding = ZohoOnboarding(settings=settings, store=store, engine=engine, http=http)
    app = create_app(deps, onboarding)
    return EmbeddedServer(app, host=settings.gateway_host, port=settings.gateway_port, name="gateway")


async def main(settings: Settings) -> None:
    """Serve until a signal arrives."""
    stop = stop_on_signals()
    async with build_async_client(timeout=settings.http_timeout_seconds) as http:
        store = ConnectorStore.from_settings(settings)
        server = gateway_server(settings, await connect_temporal(settings), store, http=http)
        await server.start()
        try:
            await stop.wait()
        finally:
            await server.stop()
