"""Webhook subscriptions: events base URL, X-Idempotent-Key, the once-only security key."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from clients.bill import BillEventType, BillSubscriptionCreate, BillSubscriptionStatus, BillSubscriptionUpdate
from tests.clients.bill.fake_bill import SECURITY_KEY, FakeBill, page_json, paged

SUBSCRIPTIONS = "/connect-events/v3/subscriptions"


def _subscription(subscription_id: str = "sub-1") -> dict[str, object]:
    return {
        "id": subscription_id,
        "name": "Bill management",
        "organizationId": "00801ABCDEFGHIJ",
        "status": {"enabled": True},
        "events": [{"type": "bill.updated", "version": "1"}],
        "notificationUrl": "https://hooks.example/bill",
        "createdTime": "2026-11-25T10:00:00.000Z",
        "updatedTime": "2026-11-25T10:00:00.000Z",
    }


NEW_SUBSCRIPTION = BillSubscriptionCreate(
    name="Bill management",
    events=[BillEventType(type="bill.created"), BillEventType(type="bill.updated")],
    notification_url="https://hooks.example/bill",
)


async def test_create_subscription_sends_the_idempotency_key_to_the_events_base(fake: FakeBill) -> None:
    fake.route("POST", SUBSCRIPTIONS, _subscription() | {"securityKey": SECURITY_KEY})
    key = str(uuid.uuid4())
    created = await fake.client().create_subscription(NEW_SUBSCRIPTION, idempotency_key=key)
    (request,) = fake.sent("POST", SUBSCRIPTIONS)
    assert request.url.host == "bill.test"
    assert request.headers["X-Idempotent-Key"] == key
    assert request.headers["sessionId"] == "session-1-9d8c7b"
    assert json.loads(request.content) == {
        "name": "Bill management",
        "status": {"enabled": True},
        "events": [{"type": "bill.created", "version": "1"}, {"type": "bill.updated", "version": "1"}],
        "notificationUrl": "https://hooks.example/bill",
    }
    assert created.security_key.get_secret_value() == SECURITY_KEY
    assert SECURITY_KEY not in repr(created)
    assert SECURITY_KEY not in created.model_dump_json()


@pytest.mark.parametrize("key", ["not-a-uuid", str(uuid.uuid1())])
async def test_idempotency_key_must_be_a_uuid4(fake: FakeBill, key: str) -> None:
    with pytest.raises(ValueError, match="UUID4"):
        await fake.client().create_subscription(NEW_SUBSCRIPTION, idempotency_key=key)
    assert fake.requests == []


async def test_create_security_key_rotates_with_an_idempotency_key(fake: FakeBill) -> None:
    fake.route("POST", f"{SUBSCRIPTIONS}/sub-1/security_key", {"securityKey": "rotated-key-1"})
    key = str(uuid.uuid4())
    secret = await fake.client().create_security_key("sub-1", idempotency_key=key)
    assert secret.get_secret_value() == "rotated-key-1"
    assert fake.sent("POST", f"{SUBSCRIPTIONS}/sub-1/security_key")[0].headers["X-Idempotent-Key"] == key


async def test_list_get_update_delete(fake: FakeBill) -> None:
    pages = {None: page_json([_subscription("sub-1")], "p2"), "p2": page_json([_subscription("sub-2")])}
    fake.route("GET", SUBSCRIPTIONS, paged(pages))
    fake.route("GET", f"{SUBSCRIPTIONS}/sub-1", _subscription())
    fake.route("PATCH", f"{SUBSCRIPTIONS}/sub-1", _subscription() | {"status": {"enabled": False}})
    fake.route("DELETE", f"{SUBSCRIPTIONS}/sub-1", lambda _request: httpx.Response(200))
    client = fake.client()
    assert [s.id for s in await client.list_subscriptions()] == ["sub-1", "sub-2"]
    assert (await client.get_subscription("sub-1")).events[0].type == "bill.updated"
    updated = await client.update_subscription(
        "sub-1", BillSubscriptionUpdate(status=BillSubscriptionStatus(enabled=False))
    )
    assert updated.status is not None
    assert updated.status.enabled is False
    assert json.loads(fake.sent("PATCH", f"{SUBSCRIPTIONS}/sub-1")[0].content) == {"status": {"enabled": False}}
    await client.delete_subscription("sub-1")
    assert len(fake.sent("DELETE", f"{SUBSCRIPTIONS}/sub-1")) == 1
