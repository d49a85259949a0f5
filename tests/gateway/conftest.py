"""Gateway fixtures: a real store (SQLite in tmp), one connection with a webhook secret, a real Temporal server."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from temporalio.testing import WorkflowEnvironment

from activities.store import ConnectorStore
from common.settings import Settings
from persistence.crypto import CredentialCipher
from persistence.db import create_schema, make_engine
from persistence.tables import Connection, ZohoGrant
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.temporal_env import start_time_skipping, unique_name
from webhook_gateway.app import create_app
from webhook_gateway.deps import GatewayDeps

WEBHOOK_SECRET = "whsec0123456789abcdef"
MAX_BODY = 2048


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

    def sign(self, body: bytes, secret: str = WEBHOOK_SECRET) -> str:
        """The hex HMAC-SHA256 signature Zoho deliveries carry (the connector's documented default)."""
        return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def build_store(tmp_path: Path) -> ConnectorStore:
    """A fresh SQLite store with its schema."""
    engine = make_engine(f"sqlite:///{tmp_path / 'connector.db'}")
    create_schema(engine)
    return ConnectorStore.open(engine, CredentialCipher([CredentialCipher.generate_key()]))


def add_connection(store: ConnectorStore, zoho_org_id: str) -> Connection:
    """A connection for `zoho_org_id` with the test webhook secret stored."""
    grant = store.connections.add_grant(
        ZohoGrant(
            dc="eu", accounts_url="http://zoho.test/eu/accounts", api_domain="http://zoho.test/eu/api", user_label="t"
        )
    )
    connection = store.connections.add(
        Connection(
            name="UK Ltd",
            zoho_grant_id=grant.id,
            zoho_dc="eu",
            zoho_org_id=zoho_org_id,
            zoho_org_name="UK Ltd",
            bill_org_id="00801UKLTD",
            bill_username="ap@example.com",
        )
    )
    store.credentials.put(
        OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET, SecretStr(WEBHOOK_SECRET)
    )
    return connection


@pytest.fixture
async def gateway(tmp_path: Path, temporal_env: WorkflowEnvironment) -> AsyncIterator[GatewayFixture]:
    """The gateway app over ASGI, with a 2 KiB body cap and a fresh task queue."""
    store = build_store(tmp_path)
    connection = add_connection(store, unique_name("org"))
    settings = Settings(webhook_max_body_bytes=MAX_BODY, task_queue=unique_name("gateway"))
    deps = GatewayDeps(
        settings=settings, temporal=temporal_env.client, connections=store.connections, secrets=store.credentials
    )
    transport = httpx.ASGITransport(app=create_app(deps))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as http:
        yield GatewayFixture(http=http, env=temporal_env, settings=settings, connection=connection)
