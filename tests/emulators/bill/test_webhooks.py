"""Webhook API: idempotent create, 10-subscription cap, duplicates, HTTPS, signed delivery, rotation, retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from emulators.bill import BillEmulator
from emulators.bill.outbox import MAX_ATTEMPTS
from emulators.clock import EmulatorClock
from tests.emulators.bill.conftest import API, DEV_KEY, EVENTS, ROOT, Org, bill_body, error_code, login, seed_org

HOOK_URL = "https://hooks.example.test/bill"


def _subscription(url: str = HOOK_URL, events: tuple[str, ...] = ("bill.created", "bill.updated")) -> dict[str, Any]:
    return {
        "name": "Bills",
        "status": {"enabled": True},
        "events": [{"type": e, "version": "1"} for e in events],
        "notificationUrl": url,
    }


async def _subscribe(http: httpx.AsyncClient, org: Org, body: Any, key: str | None = None) -> httpx.Response:
    headers = {**org.headers, "X-Idempotent-Key": key or str(uuid.uuid4())}
    return await http.post(f"{EVENTS}/v3/subscriptions", headers=headers, json=body)


class Receiver:
    """A notification endpoint that records what it gets and answers with a chosen status."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[httpx.Request] = []
        self.client = httpx.AsyncClient(transport=httpx.MockTransport(self._handle))

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status)


@pytest.fixture
async def receiver() -> Any:
    sink = Receiver()
    yield sink
    await sink.client.aclose()


def _valid_signature(key: str, request: httpx.Request) -> bool:
    expected = base64.b64encode(hmac.new(key.encode(), request.content, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, request.headers["x-bill-sha-signature"])


async def test_create_returns_key_once_and_is_idempotent(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    key = str(uuid.uuid4())
    first = await _subscribe(http, org, _subscription(), key)
    assert first.status_code == 200
    assert "securityKey" in first.json()
    again = await _subscribe(http, org, _subscription(), key)
    assert again.json() == first.json()
    assert len(emu.subscriptions(org.id)) == 1
    fetched = await http.get(f"{EVENTS}/v3/subscriptions/{first.json()['id']}", headers=org.headers)
    assert "securityKey" not in fetched.json()
    emu.clock.advance(timedelta(hours=24))
    org.headers = await login(http, org.id)
    after_window = await _subscribe(http, org, _subscription(), key)
    assert error_code(after_window) == "BDC_1501"  # replay expired; the same subscription is now a duplicate


@pytest.mark.parametrize("key", [None, "", "not-a-uuid"])
async def test_idempotency_key_is_required(http: httpx.AsyncClient, org: Org, key: str | None) -> None:
    headers = dict(org.headers) if key is None else {**org.headers, "X-Idempotent-Key": key}
    response = await http.post(f"{EVENTS}/v3/subscriptions", headers=headers, json=_subscription())
    assert (response.status_code, error_code(response)) == (400, "BDC_1501")


async def test_at_most_ten_subscriptions_and_no_duplicates(http: httpx.AsyncClient, org: Org) -> None:
    assert (await _subscribe(http, org, _subscription())).status_code == 200
    duplicate = await _subscribe(http, org, _subscription(events=("bill.updated", "bill.created")))
    assert error_code(duplicate) == "BDC_1501"
    for index in range(9):
        assert (await _subscribe(http, org, _subscription(url=f"{HOOK_URL}/{index}"))).status_code == 200
    eleventh = await _subscribe(http, org, _subscription(url=f"{HOOK_URL}/eleven"))
    assert (eleventh.status_code, error_code(eleventh)) == (400, "BDC_1501")
    listed = (await http.get(f"{EVENTS}/v3/subscriptions", headers=org.headers, params={"max": "4"})).json()
    assert len(listed["results"]) == 4
    assert "nextPage" in listed
    assert "prevPage" not in listed


@pytest.mark.parametrize(
    "body",
    [
        _subscription(url="http://hooks.example.test/bill"),
        _subscription(url="http://127.0.0.1:9000/bill"),
        _subscription(events=("bill.exploded",)),
        {**_subscription(), "events": [{"type": "bill.created", "version": "2"}]},
        {k: v for k, v in _subscription().items() if k != "notificationUrl"},
    ],
)
async def test_invalid_subscriptions(http: httpx.AsyncClient, org: Org, body: Any) -> None:
    assert error_code(await _subscribe(http, org, body)) == "BDC_1001"


async def test_demo_mode_allows_loopback_http() -> None:
    emu = BillEmulator(EmulatorClock(frozen=True), allow_http_notifications=True)
    emu.add_dev_key(DEV_KEY)
    org_id, account_id, vendor_id = seed_org(emu, "Demo")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=emu.app), base_url=ROOT) as http:
        org = Org(org_id, await login(http, org_id), account_id, vendor_id)
        assert (await _subscribe(http, org, _subscription(url="http://127.0.0.1:9000/bill"))).status_code == 200
        assert error_code(await _subscribe(http, org, _subscription(url="http://evil.test/bill"))) == "BDC_1001"


async def test_bill_changes_are_delivered_signed(
    emu: BillEmulator, http: httpx.AsyncClient, org: Org, receiver: Receiver
) -> None:
    key = (await _subscribe(http, org, _subscription())).json()["securityKey"]
    bill = await http.post(f"{API}/v3/bills", headers=org.headers, json=bill_body(org.vendor_id, org.account_id))
    await http.patch(f"{API}/v3/bills/{bill.json()['id']}", headers=org.headers, json={"description": "x"})
    await http.post(f"{API}/v3/bills/{bill.json()['id']}/archive", headers=org.headers)  # not subscribed
    assert await emu.flush_webhooks(receiver.client) == [200, 200]
    assert [str(r.url) for r in receiver.requests] == [HOOK_URL, HOOK_URL]
    assert all(_valid_signature(key, r) for r in receiver.requests)
    payloads = [json.loads(r.content) for r in receiver.requests]
    assert [p["metadata"]["eventType"] for p in payloads] == ["bill.created", "bill.updated"]
    assert payloads[0]["metadata"]["organizationId"] == org.id
    assert payloads[0]["metadata"]["version"] == "1"
    assert payloads[1]["bill"]["description"] == "x"
    assert len({p["metadata"]["eventId"] for p in payloads}) == 2
    assert await emu.flush_webhooks(receiver.client) == []


async def test_rotated_key_signs_later_notifications(
    emu: BillEmulator, http: httpx.AsyncClient, org: Org, receiver: Receiver
) -> None:
    created = (await _subscribe(http, org, _subscription(events=("vendor.created",)))).json()
    rotate_headers = {**org.headers, "X-Idempotent-Key": str(uuid.uuid4())}
    url = f"{EVENTS}/v3/subscriptions/{created['id']}/security_key"
    new_key = (await http.post(url, headers=rotate_headers)).json()["securityKey"]
    assert new_key != created["securityKey"]
    assert (await http.post(url, headers=rotate_headers)).json()["securityKey"] == new_key  # idempotent replay
    emu.add_vendor(org.id, "Fresh Vendor")
    await emu.flush_webhooks(receiver.client)
    assert _valid_signature(new_key, receiver.requests[0])
    assert not _valid_signature(created["securityKey"], receiver.requests[0])


async def test_failed_deliveries_retry_then_disable(
    emu: BillEmulator, http: httpx.AsyncClient, org: Org, receiver: Receiver
) -> None:
    created = (await _subscribe(http, org, _subscription(events=("vendor.created",)))).json()
    receiver.status = 500
    emu.add_vendor(org.id, "Fresh Vendor")
    for _ in range(MAX_ATTEMPTS):
        assert await emu.flush_webhooks(receiver.client) == [500]
    assert await emu.flush_webhooks(receiver.client) == []
    details = await http.get(f"{EVENTS}/v3/subscriptions/{created['id']}", headers=org.headers)
    assert details.json()["status"]["enabled"] is False


async def test_manage_and_test_subscription(
    emu: BillEmulator, http: httpx.AsyncClient, org: Org, receiver: Receiver
) -> None:
    created = (await _subscribe(http, org, _subscription())).json()
    one = f"{EVENTS}/v3/subscriptions/{created['id']}"
    renamed = await http.patch(one, headers=org.headers, json={"name": "Manage bills"})
    assert renamed.json()["name"] == "Manage bills"
    replaced = await http.put(one, headers=org.headers, json=_subscription(events=("bill.archived",)))
    assert replaced.json()["events"] == [{"type": "bill.archived", "version": "1"}]
    assert error_code(await http.put(one, headers=org.headers, json={"name": "only"})) == "BDC_1001"
    test_body = {"eventType": "bill.created", "version": "1", "bill": {"id": "test-bill-id", "amount": 100}}
    sent = await http.post(f"{one}/test", headers=org.headers, json=test_body)
    assert json.loads(sent.json()["payload"])["bill"] == test_body["bill"]
    assert await emu.flush_webhooks(receiver.client) == [200]
    catalog = (await http.get(f"{EVENTS}/v3/events/catalog", headers=org.headers)).json()
    assert {"type": "bill.created", "versions": ["1"]} in catalog
    assert (await http.delete(one, headers=org.headers)).status_code == 200
    assert (await http.get(one, headers=org.headers)).status_code == 404


async def test_subscriptions_are_per_organization(emu: BillEmulator, http: httpx.AsyncClient, org: Org) -> None:
    created = (await _subscribe(http, org, _subscription())).json()
    other_id, _, _ = seed_org(emu, "Globex")
    other = await login(http, other_id)
    assert (await http.get(f"{EVENTS}/v3/subscriptions/{created['id']}", headers=other)).status_code == 404
    assert (await http.get(f"{EVENTS}/v3/subscriptions", headers=other)).json()["results"] == []
