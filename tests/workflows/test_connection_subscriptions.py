"""BILL webhook subscription activities against the BILL emulator and a real store: one subscription per BILL
organization shared by its connections, keys stored encrypted and usable by the gateway, a retried create never
duplicates, the 11th is never attempted, and disconnect repoints or deletes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import delete
from sqlmodel import col
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.connection_models import ConnectionRef, SubscriptionRemoval
from activities.connections import ConnectionClients
from activities.subscriptions import BILL_EVENTS, SubscriptionActivities, idempotency_key
from clients.bill.models.webhooks import BillEventType, BillSubscriptionCreate
from common.errors import PayloadRejected
from emulators.clock import EmulatorClock
from emulators.faults import Fault, FaultKind
from persistence.db import make_engine, session_scope
from persistence.tables import Connection
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.workflows.test_connection_tokens import BILL, GATEWAY, World, build_world
from webhook_gateway.signatures import BILL_SIGNATURE_HEADER, bill_signature_valid


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async for built in build_world(tmp_path, EmulatorClock().now()):
        yield built


@pytest.fixture
def subscriptions(world: World) -> SubscriptionActivities:
    clients = ConnectionClients(settings=world.settings, store=world.store, http=world.http)
    return SubscriptionActivities(settings=world.settings, clients=clients, store=world.store, registry=world.registry)


def ref(world: World, index: int) -> ConnectionRef:
    return ConnectionRef(connection_id=world.connections[index].id)


def url_of(world: World, index: int) -> str:
    return f"{GATEWAY}/webhooks/bill/{world.connections[index].id}"


async def delivered(world: World) -> list[httpx.Request]:
    """Let BILL deliver its queued notifications; the requests it sent."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as gateway:
        await world.bill.flush_webhooks(gateway)
    return seen


def stored_keys(world: World) -> list[SecretStr]:
    keys = []
    for subscription_id in world.registry.ids_for_org(world.bill_org_id):
        key = world.store.credentials.get(OwnerKind.SUBSCRIPTION, subscription_id, CredentialKind.BILL_SECURITY_KEY)
        assert key is not None
        keys.append(key)
    return keys


async def test_creates_one_subscription_whose_stored_key_verifies_deliveries(
    world: World, subscriptions: SubscriptionActivities
) -> None:
    result = await ActivityEnvironment().run(subscriptions.ensure_bill_subscriptions, ref(world, 0))

    [subscription] = world.bill.subscriptions(world.bill_org_id)
    assert (result.created, result.reused, result.subscription_ids) == (1, 0, (subscription["id"],))
    assert subscription["notificationUrl"] == url_of(world, 0)
    assert {event["type"] for event in subscription["events"]} == set(BILL_EVENTS)
    world.bill.add_vendor(world.bill_org_id, "Acme Supplies Ltd")
    [request] = await delivered(world)
    assert bill_signature_valid(request.content, request.headers[BILL_SIGNATURE_HEADER], stored_keys(world))


async def test_connections_of_one_bill_org_share_the_subscription(
    world: World, subscriptions: SubscriptionActivities
) -> None:
    await ActivityEnvironment().run(subscriptions.ensure_bill_subscriptions, ref(world, 0))

    second = await ActivityEnvironment().run(subscriptions.ensure_bill_subscriptions, ref(world, 1))

    assert (second.created, second.reused) == (0, 1)
    assert len(world.bill.subscriptions(world.bill_org_id)) == 1
    assert len(stored_keys(world)) == 1


async def test_a_create_retried_after_bill_committed_leaves_one_subscription_with_a_usable_key(
    world: World, subscriptions: SubscriptionActivities
) -> None:
    world.bill.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, path="/subscriptions$", method="POST"))
    env = ActivityEnvironment()  # one activity execution: every attempt derives the same idempotency key

    with pytest.raises(ApplicationError):
        await env.run(subscriptions.ensure_bill_subscriptions, ref(world, 0))
    retried = await env.run(subscriptions.ensure_bill_subscriptions, ref(world, 0))

    assert len(world.bill.subscriptions(world.bill_org_id)) == 1
    assert retried.subscription_ids == (world.bill.subscriptions(world.bill_org_id)[0]["id"],)
    world.bill.add_vendor(world.bill_org_id, "Acme Supplies Ltd")
    [request] = await delivered(world)
    assert bill_signature_valid(request.content, request.headers[BILL_SIGNATURE_HEADER], stored_keys(world))


class ListedTogether(httpx.AsyncBaseTransport):
    """BILL for one worker: its first subscription listing returns only once the other worker listed too, so
    both decide to create (the race, made certain instead of left to scheduling)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, barrier: asyncio.Barrier) -> None:
        self._inner = inner
        self._barrier = barrier
        self._listed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if not self._listed and request.method == "GET" and request.url.path.endswith("/subscriptions"):
            self._listed = True
            await response.aread()
            await self._barrier.wait()
        return response


async def test_two_workers_racing_for_two_connections_leave_one_subscription(world: World) -> None:
    barrier = asyncio.Barrier(2)

    def worker(http: httpx.AsyncClient) -> SubscriptionActivities:  # own locks and clients, shared store and BILL
        clients = ConnectionClients(settings=world.settings, store=world.store, http=http)
        return SubscriptionActivities(
            settings=world.settings, clients=clients, store=world.store, registry=world.registry
        )

    def bill_http() -> httpx.AsyncClient:
        return httpx.AsyncClient(mounts={BILL: ListedTogether(httpx.ASGITransport(app=world.bill.app), barrier)})

    async with bill_http() as http_a, bill_http() as http_b:
        first, second = await asyncio.gather(
            ActivityEnvironment().run(worker(http_a).ensure_bill_subscriptions, ref(world, 0)),
            ActivityEnvironment().run(worker(http_b).ensure_bill_subscriptions, ref(world, 1)),
        )

    writes = [r.method for r in world.bill.request_log if "subscriptions" in r.path and r.method != "GET"]
    assert writes == ["POST", "POST", "DELETE"], "both workers created; the later one removed its own"
    [subscription] = world.bill.subscriptions(world.bill_org_id)
    assert first.subscription_ids == second.subscription_ids == (subscription["id"],)
    assert world.registry.ids_for_org(world.bill_org_id) == [subscription["id"]]
    world.bill.add_vendor(world.bill_org_id, "Acme Supplies Ltd")
    [request] = await delivered(world)
    assert bill_signature_valid(request.content, request.headers[BILL_SIGNATURE_HEADER], stored_keys(world))


def test_idempotency_key_is_a_stable_uuid4() -> None:
    key = idempotency_key("org", "url", "attempt")
    assert uuid.UUID(key).version == 4
    assert key == idempotency_key("org", "url", "attempt") != idempotency_key("org", "url", "other attempt")


async def test_the_eleventh_subscription_is_never_attempted(
    world: World, subscriptions: SubscriptionActivities
) -> None:
    bill = await ConnectionClients(settings=world.settings, store=world.store, http=world.http).bill(
        world.connections[0]
    )
    for n in range(10):
        request = BillSubscriptionCreate(
            name=f"other {n}",
            events=[BillEventType(type="payment.updated")],
            notification_url=f"https://elsewhere.example/{n}",
        )
        await bill.create_subscription(request, idempotency_key=str(uuid.uuid4()))
    posts_before = sum(1 for r in world.bill.request_log if r.method == "POST" and r.path.endswith("/subscriptions"))

    with pytest.raises(ApplicationError) as refused:
        await ActivityEnvironment().run(subscriptions.ensure_bill_subscriptions, ref(world, 0))

    assert (refused.value.type, refused.value.non_retryable) == (PayloadRejected.__name__, True)
    posts_after = sum(1 for r in world.bill.request_log if r.method == "POST" and r.path.endswith("/subscriptions"))
    assert posts_after == posts_before
    assert len(world.bill.subscriptions(world.bill_org_id)) == 10


async def test_disconnect_repoints_to_the_remaining_connection_then_deletes_with_the_last(
    world: World, subscriptions: SubscriptionActivities
) -> None:
    env = ActivityEnvironment()
    await env.run(subscriptions.ensure_bill_subscriptions, ref(world, 0))
    await env.run(subscriptions.ensure_bill_subscriptions, ref(world, 1))

    first = await env.run(subscriptions.remove_bill_subscriptions, ref(world, 0))

    assert first == SubscriptionRemoval(deleted=0, repointed_to=world.connections[1].id)
    [subscription] = world.bill.subscriptions(world.bill_org_id)
    assert subscription["notificationUrl"] == url_of(world, 1)

    forget_connection(world, 0)  # what disconnecting does once the connection's workflow has ended
    last = await env.run(subscriptions.remove_bill_subscriptions, ref(world, 1))

    assert last == SubscriptionRemoval(deleted=1)
    assert world.bill.subscriptions(world.bill_org_id) == []
    assert world.registry.ids_for_org(world.bill_org_id) == []
    keys = [world.store.credentials.get(OwnerKind.SUBSCRIPTION, subscription["id"], CredentialKind.BILL_SECURITY_KEY)]
    assert keys == [None]


def forget_connection(world: World, index: int) -> None:
    engine = make_engine(world.settings.effective_database_url())
    with session_scope(engine) as session:
        session.exec(delete(Connection).where(col(Connection.id) == world.connections[index].id))
