"""`ConnectionWorkflow` with its real activities against the Zoho and BILL emulators and a real store, for 24
simulated hours on the time-skipping server.

Two connections (UK Ltd and Ireland Ltd, Zoho EU) share one Zoho grant and one BILL organization. The Zoho
emulator's clock is frozen and driven by Temporal's virtual time: activities read "now" from their scheduled
time (catching the emulator up first), and the test catches it up after every skip. So token lifetimes, Zoho's
10-per-10-minutes window and the workflow's 55-minute timer all run on the same clock.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from temporalio import activity
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.connection import ConnectionActivities
from activities.connection_models import ConnectionResult, ConnectionWorkflowInput
from activities.connections import ConnectionClients
from activities.grant_tokens import USE_MARGIN, GrantTokenProvider, SharedGrantTokens
from activities.store import ConnectorStore
from activities.subscriptions import SubscriptionActivities
from cli.demo import DemoApp
from cli.dev import emulator_settings, encryption_key
from clients.zoho import ZohoBooksClient
from common.regions import ZohoDataCenter
from common.settings import Settings
from emulators.bill import BillEmulator
from emulators.clock import EmulatorClock
from emulators.zoho import ZohoEmulator
from emulators.zoho.stats import fingerprint
from persistence.bill_subscriptions import BillSubscriptionRepo
from persistence.db import make_engine
from persistence.tables import Connection, ZohoGrant
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.fault.invariants import with_decoded_payloads
from tests.temporal_env import unique_name
from tests.workflows.test_connection_workflow import StandIns
from workflows.connection import REFRESH_INTERVAL, ConnectionWorkflow, connection_workflow_id

pytestmark = pytest.mark.temporal

ZOHO, BILL, GATEWAY = "http://zoho.test", "http://bill.test", "https://gateway.test"
DC = ZohoDataCenter.EU
TOKEN_PATH = "/oauth/v2/token"


def catch_up(clock: EmulatorClock, moment: datetime) -> None:
    """Move the frozen emulator clock forward to `moment` (never backwards)."""
    if moment > clock.now():
        clock.advance(moment - clock.now())


@dataclass
class World:
    """Emulators, store and connections of one test, plus what the Zoho token endpoint saw and when."""

    settings: Settings
    store: ConnectorStore
    zoho: ZohoEmulator
    bill: BillEmulator
    http: httpx.AsyncClient
    registry: BillSubscriptionRepo
    zoho_user: str
    bill_org_id: str
    grant_id: str
    refresh_token: str
    connections: list[Connection]
    token_requests_at: list[datetime] = field(default_factory=list)

    @property
    def clock(self) -> EmulatorClock:
        return self.zoho.clock

    def virtual_now(self) -> datetime:
        """Inside an activity: Temporal's virtual time of the attempt (the emulator caught up to it)."""
        if activity.in_activity():
            catch_up(self.clock, activity.info().current_attempt_scheduled_time)
        return self.clock.now()

    def activities(self) -> list[Callable[..., Any]]:
        tokens = SharedGrantTokens(settings=self.settings, store=self.store, http=self.http, now=self.virtual_now)
        connection = ConnectionActivities(self.store, tokens)
        clients = ConnectionClients(settings=self.settings, store=self.store, http=self.http)
        subscriptions = SubscriptionActivities(
            settings=self.settings, clients=clients, store=self.store, registry=self.registry
        )
        return [
            connection.refresh_zoho_token,
            connection.record_connection_health,
            StandIns().ensure_connection_schedules,  # the test server has no Schedules
            subscriptions.ensure_bill_subscriptions,
            subscriptions.remove_bill_subscriptions,
        ]

    def books(self, connection: Connection) -> ZohoBooksClient:
        """A Books client using the grant's shared token, as a sync activity would."""
        tokens = SharedGrantTokens(settings=self.settings, store=self.store, http=self.http, now=self.clock.now)
        return ZohoBooksClient(
            self.http, self.settings.zoho_region(DC).api_domain, GrantTokenProvider(tokens, connection)
        )


async def build_world(tmp_path: Path, start: datetime) -> AsyncIterator[World]:
    """Two Zoho orgs of one user (one grant) connected to one BILL organization."""
    app = DemoApp.generate()
    zoho = ZohoEmulator(
        clock=EmulatorClock(start=start, frozen=True),
        client_id=app.zoho_client_id,
        client_secret=app.zoho_client_secret.get_secret_value(),
    )
    bill = BillEmulator()
    bill.add_dev_key(app.bill_dev_key.get_secret_value())
    settings = emulator_settings(
        app=app,
        zoho_base=ZOHO,
        bill_base=BILL,
        gateway_url=GATEWAY,
        data_dir=tmp_path,
        temporal_address="unused:7233",
        key=encryption_key(tmp_path),
    )
    store = ConnectorStore.from_settings(settings)
    registry = BillSubscriptionRepo(make_engine(settings.effective_database_url()))

    user = zoho.add_user("ap@group.example", DC.value)
    refresh_token = zoho.issue_refresh_token(user)
    region = settings.zoho_region(DC)
    grant = store.connections.add_grant(
        ZohoGrant(dc=DC.value, accounts_url=region.accounts_url, api_domain=region.api_domain, user_label="ap")
    )
    bill_password = secrets.token_urlsafe(16)
    bill_org_id = bill.add_organization("Group AP (BILL)")
    bill.add_user(bill_org_id, "ap@group.example", bill_password)
    credentials = store.credentials
    credentials.put(OwnerKind.ZOHO_GRANT, grant.id, CredentialKind.ZOHO_REFRESH_TOKEN, SecretStr(refresh_token))
    credentials.put(OwnerKind.BILL_ORG, bill_org_id, CredentialKind.BILL_DEV_KEY, app.bill_dev_key)
    credentials.put(OwnerKind.BILL_ORG, bill_org_id, CredentialKind.BILL_PASSWORD, SecretStr(bill_password))
    connections = []
    for name in ("UK Ltd", "Ireland Ltd"):
        org_id = zoho.add_organization(DC.value, name, currency_code="GBP")
        zoho.grant_access(user, org_id)
        connections.append(
            store.connections.add(
                Connection(
                    name=name,
                    zoho_grant_id=grant.id,
                    zoho_dc=DC.value,
                    zoho_org_id=org_id,
                    zoho_org_name=name,
                    bill_org_id=bill_org_id,
                    bill_username="ap@group.example",
                )
            )
        )

    requested_at: list[datetime] = []

    async def record(request: httpx.Request) -> None:
        if request.url.path.endswith(TOKEN_PATH):
            requested_at.append(zoho.clock.now())

    apis = {ZOHO: httpx.ASGITransport(app=zoho.app), BILL: httpx.ASGITransport(app=bill.app)}
    async with httpx.AsyncClient(mounts=apis, event_hooks={"request": [record]}) as http:
        yield World(
            settings,
            store,
            zoho,
            bill,
            http,
            registry,
            user,
            bill_org_id,
            grant.id,
            refresh_token,
            connections,
            requested_at,
        )


@pytest.fixture
async def world(tmp_path: Path, time_skipping_env: WorkflowEnvironment) -> AsyncIterator[World]:
    async for built in build_world(tmp_path, await time_skipping_env.get_current_time()):
        yield built


@dataclass
class Running:
    env: WorkflowEnvironment
    world: World
    handles: list[WorkflowHandle[ConnectionWorkflow, ConnectionResult]]

    async def skip(self, delta: timedelta) -> None:
        """Skip Temporal time and bring the emulator clock along."""
        await self.env.sleep(delta)
        catch_up(self.world.clock, await self.env.get_current_time())

    async def settled(self) -> None:
        """Wait (real time, bounded) until every workflow handled the timers the skip fired: each holds a token
        with at least `USE_MARGIN` left. Skipping returns as soon as virtual time moved, which on a loaded
        machine can be before the workflow task that refreshes has run."""
        async with asyncio.timeout(30):
            for handle in self.handles:
                while True:
                    expires = (await handle.query(ConnectionWorkflow.status)).token_expires_at
                    if expires is not None and expires - self.world.clock.now() >= USE_MARGIN:
                        break
                    await asyncio.sleep(0.05)

    async def statuses(self) -> list[str]:
        return [(await handle.query(ConnectionWorkflow.status)).status for handle in self.handles]


@pytest.fixture
async def running(world: World, time_skipping_env: WorkflowEnvironment) -> AsyncIterator[Running]:
    env, task_queue = time_skipping_env, unique_name("connection-emulated")
    async with Worker(env.client, task_queue=task_queue, workflows=[ConnectionWorkflow], activities=world.activities()):
        handles = [
            await env.client.start_workflow(
                ConnectionWorkflow.run,
                ConnectionWorkflowInput(connection_id=connection.id),
                id=unique_name(connection_workflow_id(connection.id)),
                task_queue=task_queue,
            )
            for connection in world.connections
        ]
        await env.sleep(timedelta(seconds=1))
        yield Running(env, world, handles)
        for handle in handles:
            await env.client.get_workflow_handle(handle.id).terminate("test over")


async def test_a_day_of_refreshes_never_meets_an_expired_token(running: Running) -> None:
    world = running.world
    books = [(world.books(connection), connection.zoho_org_id) for connection in world.connections]

    for _ in range(24 * 4):
        await running.skip(timedelta(minutes=15))
        await running.settled()
        for client, org_id in books:
            await client.list_bills(org_id)

    stats = world.zoho.stats
    assert stats.statuses[401] == 0, "a Books call met an expired token"
    assert sum(stats.api_calls.values()) == 2 * 24 * 4
    assert set(stats.token_requests) == {fingerprint(world.refresh_token)}, "only the grant's refresh token is used"
    assert stats.token_requests_for(world.refresh_token) == len(world.token_requests_at)
    gaps = [b - a for a, b in zip(world.token_requests_at, world.token_requests_at[1:], strict=False)]
    assert min(gaps) >= REFRESH_INTERVAL - timedelta(minutes=10), "the grant was refreshed twice in one window"
    assert 24 <= len(world.token_requests_at) <= 24 * 60 // 55 + 1
    views = [await handle.query(ConnectionWorkflow.status) for handle in running.handles]
    assert sum(view.token_refreshes for view in views) == len(world.token_requests_at)
    assert all(view.status == "active" and view.subscribed for view in views)
    assert len(world.bill.subscriptions(world.bill_org_id)) == 1


async def test_revoked_grant_needs_reauth_within_one_cycle_then_resumes(running: Running) -> None:
    world = running.world
    await running.skip(timedelta(hours=2))
    world.zoho.revoke_refresh_token(world.refresh_token)
    requests_before = len(world.token_requests_at)

    await running.skip(REFRESH_INTERVAL + timedelta(minutes=1))

    assert await running.statuses() == ["needs_reauth", "needs_reauth"]
    stored = [world.store.connections.get(c.id) for c in world.connections]
    assert [(c.status if c else None) for c in stored] == ["needs_reauth", "needs_reauth"]
    requests_when_detected = len(world.token_requests_at)
    assert requests_when_detected == requests_before + 1, "the sibling connection asked Zoho again"
    await running.skip(timedelta(hours=5))
    assert len(world.token_requests_at) == requests_when_detected, "token requests continued after revocation"

    renewed = world.zoho.issue_refresh_token(world.zoho_user)
    world.store.credentials.put(
        OwnerKind.ZOHO_GRANT, world.grant_id, CredentialKind.ZOHO_REFRESH_TOKEN, SecretStr(renewed)
    )
    for handle in running.handles:
        await handle.execute_update(ConnectionWorkflow.reauth_complete)
    await running.skip(timedelta(minutes=1))

    assert await running.statuses() == ["active", "active"]
    assert world.zoho.stats.token_requests_for(renewed) == 1
    connection = world.connections[0]
    await world.books(connection).list_bills(connection.zoho_org_id)
    assert world.zoho.stats.statuses[401] == 0


async def test_no_secret_reaches_a_connection_history_or_a_log_line(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    world = running.world
    caplog.set_level(logging.DEBUG)
    await running.skip(REFRESH_INTERVAL * 2 + timedelta(minutes=1))
    world.zoho.revoke_refresh_token(world.refresh_token)
    await running.skip(REFRESH_INTERVAL)
    assert await running.statuses() == ["needs_reauth", "needs_reauth"]

    credentials = world.store.credentials
    subscriptions = world.bill.subscriptions(world.bill_org_id)
    stored = [
        credentials.get(OwnerKind.BILL_ORG, world.bill_org_id, CredentialKind.BILL_PASSWORD),
        credentials.get(OwnerKind.BILL_ORG, world.bill_org_id, CredentialKind.BILL_DEV_KEY),
        *(credentials.get(OwnerKind.SUBSCRIPTION, s["id"], CredentialKind.BILL_SECURITY_KEY) for s in subscriptions),
        world.settings.zoho_client_secret,
    ]
    secrets_ = [world.refresh_token, *world.zoho.issued_access_tokens(), *world.bill.issued_session_ids()]
    secrets_ += [secret.get_secret_value() for secret in stored if secret is not None]
    assert len(secrets_) >= 8, "tokens, sessions, password, devKey, security key and client secret are all scanned"
    histories = [
        with_decoded_payloads((await running.env.client.get_workflow_handle(handle.id).fetch_history()).to_json())
        for handle in running.handles
    ]
    text = "\n".join([*histories, caplog.text])
    assert '"connection_id"' in text, "payloads were decoded for the scan"
    leaked = [secret[:4] + "…" for secret in secrets_ if secret in text]
    assert not leaked, f"secrets in connection histories or logs (prefixes): {leaked}"
