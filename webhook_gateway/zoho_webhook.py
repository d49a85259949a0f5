"""`POST /webhooks/zoho/{connection_id}`: verify a Zoho bill webhook and start (or join) its bill workflow.

Order of checks: intake (unknown connection → 404, not JSON → 415, body over the cap → 413; see `intake.py`);
bad or missing signature → 401; unusable JSON → 400; Temporal unreachable → 503 (Zoho retries); otherwise 202
with the workflow id. Deliveries are signal-with-start (`workflows.bill_sync_start`): one for a bill whose
workflow is running signals it to sync again after its current pass, so an edit made mid-run is never lost;
otherwise it starts a run, which finds an unchanged, already synced bill in the ledger and writes nothing.
Neither Zoho nor BILL is called from here. A body with an `expense` object (a rule on the Expenses module)
signal-with-starts the expense's workflow `expense/{org}/{expense_id}` instead; the bill path is unchanged.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from temporalio.service import RPCError

from activities.expenses.models import ExpenseSyncInput
from common.models import BillSyncInput
from persistence.vocabulary import CredentialKind, OwnerKind
from webhook_gateway.deps import GatewayDeps, KnownConnection
from webhook_gateway.events import InvalidEvent
from webhook_gateway.intake import receive, refuse
from webhook_gateway.signatures import zoho_signature_valid
from webhook_gateway.zoho_events import bill_id_from_event, expense_id_from_event
from workflows.bill_sync_start import signal_with_start_bill_sync
from workflows.expense_sync import expense_workflow_id
from workflows.expense_sync_start import signal_with_start_expense_sync
from workflows.ids import bill_workflow_id

log = logging.getLogger(__name__)


START_TIMEOUT = timedelta(seconds=5)
"""Longest wait for Temporal to accept a start; past it the delivery is refused (503) and Zoho retries (a start
that did happen is harmless: the retry joins it)."""


class ZohoWebhookEndpoint:
    """The endpoint, bound to the gateway's dependencies."""

    def __init__(self, deps: GatewayDeps, *, start_timeout: timedelta = START_TIMEOUT) -> None:
        self._deps = deps
        self._start_timeout = start_timeout

    async def handle(self, request: Request) -> Response:
        """Handle one delivery (see the module docstring)."""
        settings = self._deps.settings
        delivery = await receive(request, self._deps)
        if isinstance(delivery, Response):
            return delivery
        connection, body = delivery.connection, delivery.body
        secret = await asyncio.to_thread(
            self._deps.secrets.get, OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET
        )
        header = request.headers.get(settings.zoho_webhook_signature_header)
        if secret is None or not zoho_signature_valid(body, header, secret, settings.zoho_webhook_signature_encoding):
            log.warning("zoho webhook rejected: bad signature (connection %s)", connection.id)
            return refuse(401, "invalid signature")
        try:
            expense_id = expense_id_from_event(body, zoho_org_id=connection.zoho_org_id)
            if expense_id is not None:
                return await self._start_expense(connection, expense_id)
            bill_id = bill_id_from_event(body, zoho_org_id=connection.zoho_org_id)
        except InvalidEvent as exc:
            return refuse(400, str(exc))
        workflow_id = bill_workflow_id(connection.zoho_org_id, bill_id)
        params = BillSyncInput(
            connection_id=connection.id, zoho_org_id=connection.zoho_org_id, zoho_bill_id=bill_id, trigger="webhook"
        )
        try:
            async with asyncio.timeout(self._start_timeout.total_seconds()):
                handle = await signal_with_start_bill_sync(self._deps.temporal, params, task_queue=settings.task_queue)
        except (RPCError, TimeoutError) as exc:
            log.error("zoho webhook not accepted: Temporal unavailable (%s)", type(exc).__name__)
            return refuse(503, "temporarily unavailable")
        log.info("zoho webhook accepted: connection %s, workflow %s", connection.id, workflow_id)
        return JSONResponse({"workflow_id": workflow_id, "run_id": handle.result_run_id}, status_code=202)

    async def _start_expense(self, connection: KnownConnection, expense_id: str) -> Response:
        """Signal-with-start the expense's keyed workflow (`workflows.expense_sync_start`); 202, or 503."""
        workflow_id = expense_workflow_id(connection.zoho_org_id, expense_id)
        params = ExpenseSyncInput(
            connection_id=connection.id,
            zoho_org_id=connection.zoho_org_id,
            zoho_expense_id=expense_id,
            trigger="webhook",
        )
        task_queue = self._deps.settings.task_queue
        try:
            async with asyncio.timeout(self._start_timeout.total_seconds()):
                handle = await signal_with_start_expense_sync(self._deps.temporal, params, task_queue=task_queue)
        except (RPCError, TimeoutError) as exc:
            log.error("zoho expense webhook not accepted: Temporal unavailable (%s)", type(exc).__name__)
            return refuse(503, "temporarily unavailable")
        log.info("zoho expense webhook accepted: connection %s, workflow %s", connection.id, workflow_id)
        return JSONResponse({"workflow_id": workflow_id, "run_id": handle.result_run_id}, status_code=202)
