"""BILL notifications as the BILL emulator (an independent oracle) signs and delivers them: verified, recorded,
audited on the synced record, and — after a key rotation — refused until the new key is stored, then redelivered
by BILL's retry and accepted."""

from __future__ import annotations

import uuid

import httpx
import pytest

from emulators.bill import BillEmulator
from emulators.clock import EmulatorClock
from persistence.receipts import BILL_CHANGE_AUDIT_KIND, ReceiptSource
from tests.emulators.bill.conftest import API, DEV_KEY, EVENTS, ROOT, START, bill_body, login, seed_org
from tests.gateway.bill_helpers import synced_bill
from tests.gateway.conftest import GatewayFixture, add_connection, add_subscription
from tests.temporal_env import unique_name
from webhook_gateway.app import create_app

pytestmark = pytest.mark.temporal

GATEWAY = "https://gateway.test"


async def test_emulator_signed_deliveries_are_audited_and_key_rotation_is_followed(gateway: GatewayFixture) -> None:
    emu = BillEmulator(EmulatorClock(start=START, frozen=True))
    emu.add_dev_key(DEV_KEY)
    org_id, account_id, vendor_id = seed_org(emu, "Acme")
    connection = add_connection(gateway.store, unique_name("org"), bill_org_id=org_id)
    mounts = {ROOT: httpx.ASGITransport(app=emu.app), GATEWAY: httpx.ASGITransport(app=create_app(gateway.deps))}
    async with httpx.AsyncClient(mounts=mounts) as http:
        session = await login(http, org_id)
        subscription = await http.post(
            f"{EVENTS}/v3/subscriptions",
            headers=session | {"X-Idempotent-Key": str(uuid.uuid4())},
            json={
                "name": "ml-connector",
                "status": {"enabled": True},
                "events": [{"type": t, "version": "1"} for t in ("bill.created", "bill.updated")],
                "notificationUrl": f"{GATEWAY}/webhooks/bill/{connection.id}",
            },
        )
        subscription_id, first_key = subscription.json()["id"], subscription.json()["securityKey"]
        add_subscription(gateway.store, gateway.subscriptions, org_id, subscription_id, first_key)

        created = await http.post(f"{API}/v3/bills", headers=session, json=bill_body(vendor_id, account_id))
        bill_id = created.json()["id"]
        record_id = synced_bill(gateway, "4600001", bill_id, connection=connection)
        assert await emu.flush_webhooks(http) == [200]

        rotated = await http.post(
            f"{EVENTS}/v3/subscriptions/{subscription_id}/security_key",
            headers=session | {"X-Idempotent-Key": str(uuid.uuid4())},
        )
        await http.patch(f"{API}/v3/bills/{bill_id}", headers=session, json={"dueDate": "2026-04-15"})
        assert await emu.flush_webhooks(http) == [401]  # the store still holds the old key
        add_subscription(gateway.store, gateway.subscriptions, org_id, subscription_id, rotated.json()["securityKey"])
        assert await emu.flush_webhooks(http) == [200]  # BILL's retry of the same notification

    trail = gateway.store.audit.events(record_id)
    assert [(e.kind, e.detail["event_type"], e.detail["object_id"]) for e in trail] == [
        (BILL_CHANGE_AUDIT_KIND, "bill.created", bill_id),
        (BILL_CHANGE_AUDIT_KIND, "bill.updated", bill_id),
    ]
    receipts = [gateway.receipts.get(ReceiptSource.BILL, e.detail["event_id"]) for e in trail]
    assert [(r.connection_id, r.outcome) for r in receipts if r is not None] == [(connection.id, "audited")] * 2
    assert gateway.temporal_calls == []
