"""Building and posting BILL notifications in gateway tests."""

from __future__ import annotations

import json

import httpx

from persistence.tables import Connection
from tests.gateway.conftest import GatewayFixture


def bill_event(
    org_id: str, event_type: str = "bill.updated", object_id: str | None = "00n01BILL1", event_id: str = "evt-0001"
) -> bytes:
    """A notification body as BILL sends it (minified JSON)."""
    metadata = {
        "eventId": event_id,
        "subscriptionId": "sub-0001",
        "organizationId": org_id,
        "eventType": event_type,
        "version": "1",
    }
    entity = event_type.rsplit(".", 1)[0]
    return json.dumps(
        {"metadata": metadata, entity: {"id": object_id, "archived": False}}, separators=(",", ":")
    ).encode()


async def post_bill(
    gw: GatewayFixture,
    body: bytes,
    *,
    signature: str | None,
    connection_id: str | None = None,
    content_type: str = "application/json",
) -> httpx.Response:
    """POST a notification to the connection's BILL route."""
    headers = {"content-type": content_type}
    if signature is not None:
        headers["x-bill-sha-signature"] = signature
    return await gw.http.post(f"/webhooks/bill/{connection_id or gw.connection.id}", content=body, headers=headers)


def synced_bill(gw: GatewayFixture, zoho_bill_id: str, bill_bill_id: str, connection: Connection | None = None) -> str:
    """Store a bill the connector synced (sync record + mapping), as the pipeline leaves it; its record id."""
    owner = connection or gw.connection
    records = gw.store.records
    record = records.ensure(owner.id, owner.zoho_org_id, "bill", zoho_bill_id, workflow_id=None, run_id=None)
    gw.store.mappings.link(owner.id, "bill", zoho_bill_id, bill_bill_id)
    records.mark_synced(record.id, bill_bill_id, content_hash=None)
    return record.id
