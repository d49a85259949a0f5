"""What a verified BILL event means to the connector, as the receipt to record.

- `bill.*` about a BILL bill that a connection of this BILL organization synced (id mapping → sync record):
  `audited` — the change is written to that record's audit trail; nothing is signalled or started, since a
  BILL-side edit must never trigger a write (the Zoho bill stays the source; reconcile reports drift).
- `bill.*` about any other BILL bill: `unmapped`.
- `vendor.*`: `recorded` — and the vendor sync of the BILL organization's connections is signal-with-started
  (`vendor_events.py`).
- anything else: `ignored`.
Several connections may share one BILL organization (and so its subscriptions), so the mapping is searched
across all of them, not only the connection whose URL received the delivery.
"""

from __future__ import annotations

from persistence.receipts import NewReceipt, ReceiptOutcome, ReceiptSource
from webhook_gateway.bill_events import BillEvent
from webhook_gateway.deps import BillWebhookDeps, ConnectionLookup, KnownConnection

BILL_ENTITY = "bill"
"""Entity name of bills in id mappings and sync records (as the bill pipeline writes them)."""

VENDOR_ENTITY = "vendor"


def receipt_for(
    event: BillEvent, connection: KnownConnection, connections: ConnectionLookup, deps: BillWebhookDeps
) -> NewReceipt:
    """The receipt for `event`, received on `connection`'s URL (sync: reads the store)."""
    record_id = None
    if event.entity == BILL_ENTITY and event.object_id is not None:
        record_id = _synced_record_id(event.object_id, connection.bill_org_id, connections, deps)
        outcome = ReceiptOutcome.UNMAPPED if record_id is None else ReceiptOutcome.AUDITED
    elif event.entity == VENDOR_ENTITY:
        outcome = ReceiptOutcome.RECORDED
    else:
        outcome = ReceiptOutcome.IGNORED
    return NewReceipt(
        source=ReceiptSource.BILL,
        event_id=event.event_id,
        connection_id=connection.id,
        event_type=event.event_type,
        object_id=event.object_id,
        outcome=outcome,
        sync_record_id=record_id,
    )


def _synced_record_id(
    bill_bill_id: str, bill_org_id: str, connections: ConnectionLookup, deps: BillWebhookDeps
) -> str | None:
    for sibling in connections.list():
        if sibling.bill_org_id != bill_org_id:
            continue
        zoho_bill_id = deps.mappings.zoho_id_for(sibling.id, BILL_ENTITY, bill_bill_id)
        record = None if zoho_bill_id is None else deps.records.get(sibling.zoho_org_id, BILL_ENTITY, zoho_bill_id)
        if record is not None:
            return record.id
    return None
