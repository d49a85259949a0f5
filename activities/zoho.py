"""Zoho activities: read the authoritative Zoho record, hand the workflow a slim snapshot."""

from __future__ import annotations

import asyncio

from temporalio import activity

from activities.audit_trail import append_bill_event
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.purchase_orders import with_purchase_order_numbers
from activities.store import ConnectorStore
from activities.zoho_snapshot import bill_snapshot
from common.models import ZohoBillRef, ZohoBillSnapshot
from persistence.skips import operator_skip_reason


class ZohoActivities:
    """Activities that call Zoho Books for a connection."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store

    @activity.defn
    async def fetch_zoho_bill(self, ref: ZohoBillRef) -> ZohoBillSnapshot:
        """The bill as Zoho has it now, flagged when an operator skipped it (a read: safe to retry)."""
        with raising_application_errors():
            connection = await self._clients.connection_of_org(ref.connection_id, ref.zoho_org_id)
            zoho = await self._clients.zoho(connection)
            bill = await zoho.books.get_bill(zoho.org_id, ref.zoho_bill_id)
            snapshot = await with_purchase_order_numbers(zoho.books, zoho.org_id, bill, bill_snapshot(bill))
            modified = snapshot.last_modified_time.isoformat() if snapshot.last_modified_time else None
            detail = {"zoho_status": snapshot.status, "zoho_modified_at": modified}
            await asyncio.to_thread(
                append_bill_event, self._store, connection.id, ref.zoho_org_id, ref.zoho_bill_id, "fetched", detail
            )
            record = await asyncio.to_thread(self._store.records.get, ref.zoho_org_id, "bill", ref.zoho_bill_id)
        if (skip := operator_skip_reason(record)) is not None:
            return snapshot.model_copy(update={"operator_skip": skip})
        return snapshot
