"""Gateway fixtures: a real store (SQLite in tmp) with one connection, its Zoho webhook secret and its BILL
organization's subscription key, and a real Temporal test server behind a recording client."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, func
from sqlmodel import SQLModel, select
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.store import ConnectorStore
from common.settings import Settings
from persistence.bill_subscriptions import BillSubscriptionRepo
from persistence.crypto import CredentialCipher
from persistence.db import create_schema, make_engine, session_scope
from persistence.receipts import WebhookReceiptRepo
from persistence.tables import Connection, ZohoGrant
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.gateway.temporal_recorder import TemporalRecorder
from tests.temporal_env import start_time_skipping, unique_name
from webhook_gateway.app import create_app
from webhook_gateway.deps import BillWebhookDeps, GatewayDeps

WEBHOOK_SECRET = "whsec0123456789abcdef"
SECURITY_KEY = "bill-security-key-0001"
SUBSCRIPTION_ID = "sub-0001"
MAX_BODY = 2048
JSON_HEADERS = {"content-type": "application/json"}


@pytest.fixture(scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    """A test server; no worker runs, so started workflows stay visible as running."""
    env = await start_time_skipping()
    yield env
    await env.shutdown()


@dataclass(frozen=True)
class GatewayFixture:
    """A gateway app under test and what it was wired with."""

    http: httpx.AsyncClient
    env: WorkflowEnvironment
    settings: Settings
    connection: Connection
    engine: Engine
    store: ConnectorStore
    subscriptions: BillSubscriptionRepo
    receipts: WebhookReceiptRepo
    temporal_calls: list[tuple[str, str]]
    deps: GatewayDeps

    def sign(self, body: bytes, secret: str = WEBHOOK_SECRET) -> str:
        """The hex HMAC-SHA256 signature Zoho deliveries carry (the connector's documented default)."""
        return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()

    def sign_bill(self, body: bytes, key: str = SECURITY_KEY) -> str:
        """BILL's `x-bill-sha-signature`: base64 HMAC-SHA256 under a subscription's security key."""
        return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()

    def row_counts(self) -> dict[str, int]:
        """Rows per table: a refused delivery must leave every count unchanged."""
        with session_scope(self.engine) as session:
            return {
                table.name: session.exec(select(func.count()).select_from(table)).one()
                for table in SQLModel.metadata.sorted_tables
            }


def build_store(tmp_path: Path) -> tuple[Engine, ConnectorStore]:
    """A fresh SQLite store with its schema."""
    engine = make_engine(f"sqlite:///{tmp_path / 'connector.db'}")
    create_schema(engine)
    return engine, ConnectorStore.open(engine, CredentialCipher([CredentialCipher.generate_key()]))


def add_connection(store: ConnectorStore, zoho_org_id: str, *, bill_org_id: str = "00801UKLTD") -> Connection:
    """A connection for `zoho_org_id` with the test webhook secret stored."""
    grant = store.connections.add_grant(
        ZohoGrant(
            dc="eu", accounts_url="http://zoho.test/eu/accounts", api_domain="http://zoho.test/eu/api", user_label="t"
        )
    )
    connection = store.connections.add(
        Connection(
            name=f"Company {zoho_org_id}",
            zoho_grant_id=grant.id,
            zoho_dc="eu",
            zoho_org_id=zoho_org_id,
            zoho_org_name=f"Company {zoho_org_id}",
            bill_org_id=bill_org_id,
            bill_username="ap@example.com",
        )
    )
    store.credentials.put(
        OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET, SecretStr(WEBHOOK_SECRET)
    )
    return connection


def add_subscription(
    store: ConnectorStore, subscriptions: BillSubscriptionRepo, bill_org_id: str, subscription_id: str, key: str
) -> None:
    """Register a BILL subscription of `bill_org_id` and store its security key."""
    subscriptions.register(subscription_id, bill_org_id)
    store.credentials.put(OwnerKind.SUBSCRIPTION, subscription_id, CredentialKind.BILL_SECURITY_KEY, SecretStr(key))


def gateway_deps(settings: Settings, temporal: Client, engine: Engine, store: ConnectorStore) -> GatewayDeps:
    """Every route wired to the store, as `ml-connector gateway` wires it."""
    bill = BillWebhookDeps(
        subscriptions=BillSubscriptionRepo(engine),
        mappings=store.mappings,
        records=store.records,
        receipts=WebhookReceiptRepo(engine),
    )
    return GatewayDeps(
        settings=settings, temporal=temporal, connections=store.connections, secrets=store.credentials, bill=bill
    )


@pytest.fixture
async def gateway(tmp_path: Path, temporal_env: WorkflowEnvironment) -> AsyncIterator[GatewayFixture]:
    """The gateway app over ASGI, with a 2 KiB body cap, a fresh task queue and a recording Temporal client."""
    engine, store = build_store(tmp_path)
    connection = add_connection(store, unique_name("org"))
    subscriptions = BillSubscriptionRepo(engine)
    add_subscription(store, subscriptions, connection.bill_org_id, SUBSCRIPTION_ID, SECURITY_KEY)
    settings = Settings(webhook_max_body_bytes=MAX_BODY, task_queue=unique_name("gateway"))
    recorder = TemporalRecorder()
    config = temporal_env.client.config()
    config["interceptors"] = [recorder]
    temporal = Client(**config)
    deps = gateway_deps(settings, temporal, engine, store)
    transport = httpx.ASGITransport(app=create_app(deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as http:
        yield GatewayFixture(
            http=http,
            env=temporal_env,
            settings=settings,
            connection=connection,
            engine=engine,
            store=store,
            subscriptions=subscriptions,
            receipts=WebhookReceiptRepo(engine),
            temporal_calls=recorder.calls,
            deps=deps,
        )
    engine.dispose()
