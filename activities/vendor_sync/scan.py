"""List what changed since the cursors: Zoho vendor contacts newest-first down to the cursor, BILL vendors by
`updatedTime`. A record whose change stamp equals the one remembered is skipped (Zoho: no detail call)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from activities.connections import ZohoOrgClient
from clients.bill import BillClient, BillFilter, BillVendor
from clients.zoho.models import ZohoContact
from persistence.repositories.vendor_states import VendorState

VENDOR_TYPE = "vendor"


@dataclass
class Scan:
    """What changed on each side, and the newest change stamp listed (the next cursor).

    Zoho contacts are only listed here (`zoho_changed`); their detail is read when the run handles them, so a
    retried attempt does not read again what an earlier one already synced. `zoho` caches the details read.
    """

    zoho_changed: set[str] = field(default_factory=set)
    zoho: dict[str, ZohoContact] = field(default_factory=dict)
    bill: dict[str, BillVendor] = field(default_factory=dict)
    zoho_newest: datetime | None = None
    bill_newest: datetime | None = None


async def scan_zoho(zoho: ZohoOrgClient, since: datetime | None, states: Mapping[str, VendorState], scan: Scan) -> None:
    """Zoho vendor contacts changed at or after `since` (customers are never listed)."""
    async for summary in zoho.books.iter_contacts(zoho.org_id, contact_type=VENDOR_TYPE, modified_since=since):
        stamp = summary.last_modified_time
        if stamp is not None and (scan.zoho_newest is None or stamp > scan.zoho_newest):
            scan.zoho_newest = stamp
        known = states.get(summary.contact_id)
        if known is not None and stamp is not None and known.modified_at == stamp:
            continue
        scan.zoho_changed.add(summary.contact_id)


async def scan_bill(bill: BillClient, since: datetime | None, states: Mapping[str, VendorState], scan: Scan) -> None:
    """BILL vendors updated at or after `since` (every vendor when None)."""
    filters = [] if since is None else [BillFilter(field="updatedTime", op="gte", value=since)]
    async for vendor in bill.iter_vendors(filters=filters):
        stamp = vendor.updated_time
        if stamp is not None and (scan.bill_newest is None or stamp > scan.bill_newest):
            scan.bill_newest = stamp
        known = states.get(vendor.id)
        if known is not None and stamp is not None and known.modified_at == stamp:
            continue
        scan.bill[vendor.id] = vendor
