"""`ml-connector gateway`: the webhook gateway on `MLC_GATEWAY_HOST:MLC_GATEWAY_PORT` until SIGTERM/SIGINT."""

from __future__ import annotations

from temporalio.client import Client

from activities.store import ConnectorStore
from cli.servers import EmbeddedServer
from common.settings import Settings
from persistence.bill_subscriptions import BillSubscriptionRepo
from persistence.db import make_engine
from persistence.receipts import WebhookReceiptRepo
from webhook_gateway.app import create_app
from webhook_gateway.deps import BillWebhookDeps, GatewayDeps
from worker.main import connect_temporal, stop_on_signals


def gateway_server(settings: Settings, client: Client, store: ConnectorStore) -> EmbeddedServer:
    """The gateway app wired to Temporal and the store, ready to `start()`."""
    engine = make_engine(settings.effective_database_url())  # the store's database (its repositories hide theirs)
    bill = BillWebhookDeps(
        subscriptions=BillSubscriptionRepo(engine),
        mappings=store.mappings,
        records=store.records,
        receipts=WebhookReceiptRepo(engine),
    )
    deps = GatewayDeps(
        settings=settings, temporal=client, connections=store.connections, secrets=store.credentials, bill=bill
    )
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
