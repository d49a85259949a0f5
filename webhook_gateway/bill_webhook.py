"""`POST /webhooks/bill/{connection_id}`: verify a BILL notification, record it once, answer 200 fast.

Checks: intake (404 / 415 / 413, see `intake.py`); `x-bill-sha-signature` against the current security key of
every subscription of the connection's BILL organization → 401; unusable event → 400 (`bill_events.py`).
Then the receipt is stored under UNIQUE(source, event id): a redelivery answers 200 `duplicate` and changes
nothing. Only a `vendor.*` event starts something: the vendor sync (`vendor_events.py`; see `bill_receipts.py`).
Zoho and BILL are never called, and a store that does not answer within `RECORD_TIMEOUT` gives 503, which BILL
retries.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from pydantic import SecretStr
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from persistence.errors import PersistenceError
from persistence.vocabulary import CredentialKind, OwnerKind
from webhook_gateway.bill_events import parse_bill_event
from webhook_gateway.bill_receipts import VENDOR_ENTITY, receipt_for
from webhook_gateway.deps import BillWebhookDeps, GatewayDeps
from webhook_gateway.events import InvalidEvent
from webhook_gateway.intake import Delivery, receive, refuse
from webhook_gateway.signatures import BILL_SIGNATURE_HEADER, bill_signature_valid
from webhook_gateway.vendor_events import trigger_vendor_syncs

log = logging.getLogger(__name__)

RECORD_TIMEOUT = timedelta(seconds=5)
"""Longest wait for the store; BILL wants 200 within 10 s and retries anything else."""


class BillWebhookEndpoint:
    """The endpoint, bound to the gateway's dependencies."""

    def __init__(self, deps: GatewayDeps, bill: BillWebhookDeps, *, record_timeout: timedelta = RECORD_TIMEOUT) -> None:
        self._deps = deps
        self._bill = bill
        self._record_timeout = record_timeout

    async def handle(self, request: Request) -> Response:
        """Handle one delivery (see the module docstring)."""
        delivery = await receive(request, self._deps)
        if isinstance(delivery, Response):
            return delivery
        try:
            async with asyncio.timeout(self._record_timeout.total_seconds()):
                return await self._verify_and_record(delivery, request.headers.get(BILL_SIGNATURE_HEADER))
        except (TimeoutError, SQLAlchemyError, PersistenceError) as exc:
            log.error("bill webhook not accepted: store unavailable (%s)", type(exc).__name__)
            return refuse(503, "temporarily unavailable")

    async def _verify_and_record(self, delivery: Delivery, signature: str | None) -> Response:
        connection = delivery.connection
        keys = await asyncio.to_thread(self._security_keys, connection.bill_org_id)
        if not bill_signature_valid(delivery.body, signature, keys):
            log.warning("bill webhook rejected: bad signature (connection %s)", connection.id)
            return refuse(401, "invalid signature")
        try:
            event = parse_bill_event(delivery.body, bill_org_id=connection.bill_org_id)
        except InvalidEvent as exc:
            return refuse(400, str(exc))
        receipt = await asyncio.to_thread(receipt_for, event, connection, self._deps.connections, self._bill)
        if not await asyncio.to_thread(self._bill.receipts.record, receipt):
            log.info("bill webhook %s for connection %s: duplicate delivery", event.event_id, connection.id)
            return JSONResponse({"status": "duplicate", "event_id": event.event_id})
        log.info(
            "bill webhook %s (%s) on connection %s: %s",
            event.event_id,
            event.event_type,
            connection.id,
            receipt.outcome,
        )
        if event.entity == VENDOR_ENTITY:
            deps = self._deps
            task_queue = deps.settings.task_queue
            await trigger_vendor_syncs(deps.temporal, deps.connections, connection.bill_org_id, task_queue=task_queue)
        return JSONResponse({"status": "accepted", "event_id": event.event_id, "outcome": receipt.outcome.value})

    def _security_keys(self, bill_org_id: str) -> list[SecretStr]:
        keys = (
            self._deps.secrets.get(OwnerKind.SUBSCRIPTION, subscription_id, CredentialKind.BILL_SECURITY_KEY)
            for subscription_id in self._bill.subscriptions.ids_for_org(bill_org_id)
        )
        return [key for key in keys if key is not None]
