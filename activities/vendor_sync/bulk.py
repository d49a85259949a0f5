"""BILL vendors created in bulk: batches of at most 20; a refused batch is halved until the bad record fails alone.

`POST /v3/vendors/bulk` is all-or-nothing (BILL creates none of the batch when one is refused), so halving a
refused batch lands every good record and isolates each bad one in at most log2(20) extra calls per bad record.
A single record goes through `POST /v3/vendors`. Retryable errors propagate (the caller's attempt is retried;
a batch BILL committed but whose answer was lost is found again by identity, see docs/vendor-sync.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from activities.vendor_sync.writes import BillVendorNew
from clients.bill import BillClient, BillVendor
from clients.bill._vendors import VENDORS_BULK_LIMIT
from common.errors import SyncError

Outcome = BillVendor | SyncError
"""The created vendor, or the permanent refusal of that one record."""


async def create_vendors(bill: BillClient, bodies: Sequence[BillVendorNew]) -> list[Outcome]:
    """One outcome per body, in order (see the module docstring)."""
    outcomes: list[Outcome] = []
    for start in range(0, len(bodies), VENDORS_BULK_LIMIT):
        outcomes += await _create_batch(bill, bodies[start : start + VENDORS_BULK_LIMIT])
    return outcomes


async def _create_batch(bill: BillClient, batch: Sequence[BillVendorNew]) -> list[Outcome]:
    try:
        if len(batch) == 1:
            return [await bill.create_vendor(batch[0])]
        created = await bill.create_vendors_bulk(batch)
    except SyncError as exc:
        if exc.retryable:
            raise
        if len(batch) == 1:
            return [exc]
        half = len(batch) // 2
        return await _create_batch(bill, batch[:half]) + await _create_batch(bill, batch[half:])
    if len(created) != len(batch):
        raise SyncError(f"bulk vendor create answered {len(created)} vendors for {len(batch)}", service="BILL")
    return list(created)
