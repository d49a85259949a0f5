"""Outbound webhooks: one signed delivery per matching registration, retried until acknowledged."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
import pytest

from emulators.zoho import SIGNATURE_HEADER
from tests.emulators.zoho.conftest import World

SECRET = "whsecret1234567890"


def receiver(statuses: list[int], seen: list[httpx.Request]) -> httpx.AsyncClient:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(statuses.pop(0) if statuses else 200)

    return httpx.AsyncClient(transport=httpx.MockTransport(handle))


async def test_bill_created_via_api_is_delivered_signed(books: httpx.AsyncClient, world: World) -> None:
    world.emu.register_webhook(world.org_id, url="https://hooks.test/zoho", secret=SECRET)
    body = {"vendor_id": world.vendor_id, "bill_number": "W-1", "date": "2026-11-20", "due_date": "2026-12-20"}
    created = (await books.post("/bills", json=body)).json()["bill"]
    seen: list[httpx.Request] = []
    async with receiver([], seen) as http:
        assert await world.emu.flush_webhooks(http) == [200]
    [request] = seen
    raw = request.content
    expected = hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers[SIGNATURE_HEADER], expected)
    payload = json.loads(raw)
    assert payload["event"] == "bill.created"
    assert payload["organization_id"] == world.org_id
    assert payload["bill"] == (await books.get(f"/bills/{created['bill_id']}")).json()["bill"]
    assert world.emu.outbox == []


async def test_seeded_updates_fire_and_failures_stay_pending(world: World) -> None:
    world.emu.register_webhook(world.org_id, url="https://hooks.test/a", secret=SECRET, events=("updated",))
    bill_id = world.emu.add_bill(
        world.org_id,
        vendor_id=world.vendor_id,
        bill_number="W-2",
        date="2026-11-01",
        due_date="2026-12-01",
        line_items=[],
    )
    assert world.emu.outbox == []  # only "updated" is subscribed
    world.emu.update_bill(world.org_id, bill_id, status="void")
    [delivery] = world.emu.outbox
    assert delivery.event == "bill.updated"
    assert delivery.payload()["bill"]["status"] == "void"
    seen: list[httpx.Request] = []
    async with receiver([503], seen) as http:
        assert await world.emu.flush_webhooks(http) == [503]
        assert world.emu.outbox == [delivery]
        assert await world.emu.flush_webhooks(http) == [200]
    assert delivery.attempts == 2
    assert world.emu.outbox == []


async def test_other_entities_and_orgs_do_not_fire(world: World) -> None:
    other = world.emu.add_organization("us", "Other")
    world.emu.register_webhook(other, url="https://hooks.test/other", secret=SECRET)
    world.emu.register_webhook(world.org_id, url="https://hooks.test/contacts", secret=SECRET, entity="contact")
    world.emu.add_bill(
        world.org_id,
        vendor_id=world.vendor_id,
        bill_number="W-3",
        date="2026-11-01",
        due_date="2026-12-01",
        line_items=[],
    )
    assert world.emu.outbox == []
    world.emu.add_contact(world.org_id, "Fresh Vendor")
    assert [d.event for d in world.emu.outbox] == ["contact.created"]


def test_webhook_secret_follows_zohos_rule(world: World) -> None:
    with pytest.raises(ValueError, match="12 to 50"):
        world.emu.register_webhook(world.org_id, url="https://hooks.test/x", secret="short")
    with pytest.raises(ValueError, match="12 to 50"):
        world.emu.register_webhook(world.org_id, url="https://hooks.test/x", secret="has-dashes-1234")
