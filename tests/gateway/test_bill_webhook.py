"""`POST /webhooks/bill/{connection_id}`: verified notifications are recorded once, synced bills audited, and
nothing is ever started or signalled."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from persistence.receipts import BILL_CHANGE_AUDIT_KIND, NewReceipt, ReceiptSource
from tests.gateway.bill_helpers import bill_event, post_bill, synced_bill
from tests.gateway.conftest import SECURITY_KEY, GatewayFixture, add_connection, add_subscription
from webhook_gateway.bill_webhook import BillWebhookEndpoint
from webhook_gateway.deps import BillWebhookDeps, GatewayDeps

pytestmark = pytest.mark.temporal


async def test_a_change_to_a_synced_bill_is_audited_on_its_record(gateway: GatewayFixture) -> None:
    record_id = synced_bill(gateway, "4600001", "00n01BILL1")
    body = bill_event(gateway.connection.bill_org_id)
    response = await post_bill(gateway, body, signature=gateway.sign_bill(body))

    assert (response.status_code, response.json()) == (
        200,
        {"status": "accepted", "event_id": "evt-0001", "outcome": "audited"},
    )
    [audit] = gateway.store.audit.events(record_id)
    assert (audit.kind, audit.detail) == (
        BILL_CHANGE_AUDIT_KIND,
        {"source": "bill", "event_id": "evt-0001", "event_type": "bill.updated", "object_id": "00n01BILL1"},
    )
    receipt = gateway.receipts.get(ReceiptSource.BILL, "evt-0001")
    assert receipt is not None
    assert (receipt.connection_id, receipt.sync_record_id) == (gateway.connection.id, record_id)
    assert gateway.temporal_calls == []


async def test_a_redelivery_answers_200_and_changes_nothing(gateway: GatewayFixture) -> None:
    record_id = synced_bill(gateway, "4600001", "00n01BILL1")
    body = bill_event(gateway.connection.bill_org_id)
    first = await post_bill(gateway, body, signature=gateway.sign_bill(body))
    counts = gateway.row_counts()
    again = await post_bill(gateway, body, signature=gateway.sign_bill(body))

    assert (first.json()["status"], again.status_code, again.json()) == (
        "accepted",
        200,
        {"status": "duplicate", "event_id": "evt-0001"},
    )
    assert gateway.row_counts() == counts
    assert len(gateway.store.audit.events(record_id)) == 1
    assert gateway.temporal_calls == []


async def test_the_string_wrapped_form_is_understood(gateway: GatewayFixture) -> None:
    synced_bill(gateway, "4600001", "00n01BILL1")
    wrapped = json.dumps(bill_event(gateway.connection.bill_org_id).decode()).encode()
    assert wrapped.startswith(b'"{\\"metadata\\"')
    response = await post_bill(gateway, wrapped, signature=gateway.sign_bill(wrapped))
    assert response.json()["outcome"] == "audited"


@pytest.mark.parametrize(
    ("event_type", "object_id", "outcome"),
    [
        ("bill.created", "00n01OTHER", "unmapped"),
        ("bill.archived", "00n01OTHER", "unmapped"),
        ("vendor.created", "00901VEND", "recorded"),
        ("vendor.updated", "00901VEND", "recorded"),
        ("payment.updated", "0pm01", "ignored"),
        ("spend.transaction.updated", None, "ignored"),
    ],
)
async def test_outcome_per_event_type(
    gateway: GatewayFixture, event_type: str, object_id: str | None, outcome: str
) -> None:
    body = bill_event(gateway.connection.bill_org_id, event_type=event_type, object_id=object_id)
    response = await post_bill(gateway, body, signature=gateway.sign_bill(body))
    assert (response.status_code, response.json()["outcome"]) == (200, outcome)
    receipt = gateway.receipts.get(ReceiptSource.BILL, "evt-0001")
    assert receipt is not None
    assert (receipt.event_type, receipt.object_id, receipt.outcome) == (event_type, object_id, outcome)
    vendor_sync = [("start", f"vendor-sync/{gateway.connection.id}")]  # signal-with-start of the vendor sync
    assert gateway.temporal_calls == (vendor_sync if event_type.startswith("vendor.") else [])


async def test_a_bill_synced_by_another_connection_of_the_same_bill_org_is_found(gateway: GatewayFixture) -> None:
    sibling = add_connection(gateway.store, "sibling-org", bill_org_id=gateway.connection.bill_org_id)
    record_id = synced_bill(gateway, "7700001", "00n01SHARED", connection=sibling)
    body = bill_event(gateway.connection.bill_org_id, object_id="00n01SHARED")
    response = await post_bill(gateway, body, signature=gateway.sign_bill(body))  # on the first connection's URL
    assert response.json()["outcome"] == "audited"
    assert [e.kind for e in gateway.store.audit.events(record_id)] == [BILL_CHANGE_AUDIT_KIND]


async def test_any_current_key_of_the_org_verifies_and_a_rotated_key_stops(gateway: GatewayFixture) -> None:
    org = gateway.connection.bill_org_id
    add_subscription(gateway.store, gateway.subscriptions, org, "sub-0002", "vendor-subscription-key")
    add_subscription(gateway.store, gateway.subscriptions, "00801OTHER", "sub-0003", "someone-elses-key")
    first, second, third, fourth = (bill_event(org, event_id=f"evt-{n}") for n in range(1, 5))

    assert (await post_bill(gateway, first, signature=gateway.sign_bill(first))).status_code == 200
    assert (
        await post_bill(gateway, second, signature=gateway.sign_bill(second, "vendor-subscription-key"))
    ).status_code == 200
    assert (await post_bill(gateway, third, signature=gateway.sign_bill(third, "someone-elses-key"))).status_code == 401

    add_subscription(gateway.store, gateway.subscriptions, org, "sub-0001", "rotated-key-0001")  # rotation
    assert (await post_bill(gateway, fourth, signature=gateway.sign_bill(fourth, SECURITY_KEY))).status_code == 401
    assert (
        await post_bill(gateway, fourth, signature=gateway.sign_bill(fourth, "rotated-key-0001"))
    ).status_code == 200


async def test_an_org_without_subscriptions_accepts_nothing(gateway: GatewayFixture) -> None:
    gateway.subscriptions.forget("sub-0001")
    body = bill_event(gateway.connection.bill_org_id)
    assert (await post_bill(gateway, body, signature=gateway.sign_bill(body))).status_code == 401


def _wrapped(value: object) -> bytes:
    return json.dumps(json.dumps(value)).encode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "body is not valid JSON"),
        (b"[1, 2]", "body is not a JSON object"),
        (_wrapped([1, 2]), "body is not a JSON object"),
        (b'"not json inside"', "body is not valid JSON"),
        (b'{"bill": {"id": "00n1"}}', "no metadata object in the event"),
        (b'{"metadata": {"eventType": "bill.updated"}}', "no metadata.eventId in the event"),
        (b'{"metadata": {"eventId": true, "eventType": "bill.updated"}}', "no metadata.eventId in the event"),
        (b'{"metadata": {"eventId": "e\\u0000", "eventType": "bill.updated"}}', "no metadata.eventId in the event"),
        (b'{"metadata": {"eventId": "' + b"e" * 129 + b'", "eventType": "x"}}', "no metadata.eventId in the event"),
        (b'{"metadata": {"eventId": "e1"}}', "no metadata.eventType in the event"),
        (b'{"metadata": {"eventId": "e1", "eventType": 7}}', "no metadata.eventType in the event"),
        (b'{"metadata": {"eventId": "e1", "eventType": "bill.updated"}}', "no bill.id in the event"),
        (b'{"metadata": {"eventId": "e1", "eventType": "vendor.created"}, "vendor": {}}', "no vendor.id in the event"),
        (
            b'{"metadata": {"eventId": "e1", "eventType": "bill.updated", "organizationId": "00801X"}, '
            b'"bill": {"id": "1"}}',
            "metadata.organizationId does not match the connection",
        ),
    ],
)
async def test_unusable_events_are_400(gateway: GatewayFixture, body: bytes, message: str) -> None:
    counts = gateway.row_counts()
    response = await post_bill(gateway, body, signature=gateway.sign_bill(body))
    assert (response.status_code, response.json()) == (400, {"error": message})
    assert gateway.row_counts() == counts


class _StuckReceipts:
    """A store that does not answer until released."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def record(self, receipt: NewReceipt) -> bool:
        self.release.wait(timeout=10)
        return True


async def test_a_store_that_does_not_answer_gives_503_so_bill_retries(gateway: GatewayFixture) -> None:
    stuck = _StuckReceipts()
    bill = BillWebhookDeps(
        subscriptions=gateway.subscriptions,
        mappings=gateway.store.mappings,
        records=gateway.store.records,
        receipts=stuck,
    )
    deps = GatewayDeps(
        settings=gateway.settings,
        temporal=gateway.env.client,
        connections=gateway.store.connections,
        secrets=gateway.store.credentials,
        bill=bill,
    )
    endpoint = BillWebhookEndpoint(deps, bill, record_timeout=timedelta(milliseconds=200))
    app = Starlette(routes=[Route("/webhooks/bill/{connection_id}", endpoint.handle, methods=["POST"])])
    body = bill_event(gateway.connection.bill_org_id)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test") as http:
            response = await http.post(
                f"/webhooks/bill/{gateway.connection.id}",
                content=body,
                headers={"content-type": "application/json", "x-bill-sha-signature": gateway.sign_bill(body)},
            )
    finally:
        stuck.release.set()
    assert (response.status_code, response.json()) == (503, {"error": "temporarily unavailable"})
