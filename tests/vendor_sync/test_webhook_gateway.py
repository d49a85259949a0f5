"""End to end: a signed BILL `vendor.created` notification at the gateway syncs the new vendor into Zoho."""

from __future__ import annotations

import base64
import hashlib
import hmac

import httpx
from sqlalchemy import Engine

from persistence.bill_subscriptions import BillSubscriptionRepo
from persistence.db import make_engine
from tests.gateway.bill_helpers import bill_event
from tests.gateway.conftest import add_subscription, gateway_deps
from tests.vendor_sync.conftest import VendorStack
from webhook_gateway.app import create_app
from workflows.vendor_sync import VendorSyncWorkflow, vendor_sync_workflow_id

KEY = "vendor-test-security-key"


async def test_a_bill_vendor_webhook_syncs_the_vendor_into_zoho(vendor_stack: VendorStack) -> None:
    engine = make_engine(vendor_stack.seeded.settings.effective_database_url())
    try:
        await _deliver_and_sync(vendor_stack, engine)
    finally:
        engine.dispose()


async def _deliver_and_sync(stack: VendorStack, engine: Engine) -> None:
    seeded = stack.seeded
    add_subscription(seeded.store, BillSubscriptionRepo(engine), stack.demo.bill_org_id, "sub-vendors", KEY)
    app = create_app(gateway_deps(seeded.settings, stack.env.client, engine, seeded.store))
    vendor_id = stack.add_vendor("Mayo Hardware", email="sales@mayo.test")
    body = bill_event(stack.demo.bill_org_id, event_type="vendor.created", object_id=vendor_id)
    signature = base64.b64encode(hmac.new(KEY.encode(), body, hashlib.sha256).digest()).decode()

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway.test") as gateway:
        response = await gateway.post(
            f"/webhooks/bill/{stack.demo.connection_id}",
            content=body,
            headers={"content-type": "application/json", "x-bill-sha-signature": signature},
        )

    assert response.status_code == 200
    handle = stack.env.client.get_workflow_handle_for(
        VendorSyncWorkflow.run, vendor_sync_workflow_id(stack.demo.connection_id)
    )
    await handle.result()
    assert stack.contact_email("Mayo Hardware") == "sales@mayo.test"
