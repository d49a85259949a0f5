"""Read what `cli.drift` compares: a connection's Zoho bills, its BILL organization's bills, and the store's links.

Reads only: Books and BILL list/get calls through the same per-connection clients (and rate budgets) as the
worker; the store is queried, never written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from activities.bill import ACCOUNT, BILL, VENDOR
from activities.connections import ConnectionClients
from activities.store import ConnectorStore
from activities.zoho_snapshot import bill_snapshot
from cli.drift import Links
from clients.bill import BillBill
from common.models import ZohoBillSnapshot
from persistence.tables import Connection
from persistence.vocabulary import SyncStatus

READ_CONCURRENCY = 4
"""Bills fetched at once per side (the organization's rate budget still applies)."""

S = TypeVar("S")
T = TypeVar("T")


@dataclass(frozen=True)
class Sides:
    """Both sides of one connection, and the links between them."""

    zoho: list[ZohoBillSnapshot]
    bill: list[BillBill]
    links: Links


async def read_sides(
    clients: ConnectionClients, store: ConnectorStore, connection: Connection, since: date | None
) -> Sides:
    """Zoho bills dated on or after `since` (all when None) with their lines, BILL bills invoiced since then."""
    zoho = await clients.zoho(connection)
    summaries = [s async for s in zoho.books.iter_bills(zoho.org_id) if _on_or_after(s.date, since)]
    full = await _bounded(summaries, lambda s: zoho.books.get_bill(zoho.org_id, s.bill_id))
    snapshots = [bill_snapshot(b) for b in full if b.date is not None]  # undated bills cannot be synced at all

    bill_client = await clients.bill(connection)
    listed = [
        b async for b in bill_client.iter_bills() if _on_or_after(b.invoice.invoice_date if b.invoice else None, since)
    ]
    links = await asyncio.to_thread(_links, store, connection, snapshots, listed)

    # A listing may leave the lines out: read those bills whole when they have a Zoho counterpart.
    async def whole(listed_bill: BillBill) -> BillBill:
        if listed_bill.bill_line_items or listed_bill.id not in links.zoho_bill_for_bill:
            return listed_bill
        return await bill_client.get_bill(listed_bill.id)

    bills = await _bounded(listed, whole)
    return Sides(zoho=snapshots, bill=bills, links=links)


def _links(store: ConnectorStore, connection: Connection, zoho: list[ZohoBillSnapshot], bills: list[BillBill]) -> Links:
    mappings, cid = store.mappings, connection.id
    vendor_ids = {z.vendor_id for z in zoho}
    account_ids = {line.account_id for z in zoho for line in z.line_items}
    return Links(
        bill_for_zoho_bill=_linked([z.bill_id for z in zoho], lambda i: mappings.bill_id_for(cid, BILL, i)),
        zoho_bill_for_bill=_linked([b.id for b in bills], lambda i: mappings.zoho_id_for(cid, BILL, i)),
        vendors=_linked(vendor_ids, lambda i: mappings.bill_id_for(cid, VENDOR, i)),
        accounts=_linked(account_ids, lambda i: mappings.bill_id_for(cid, ACCOUNT, i)),
        skipped=frozenset(z.bill_id for z in zoho if _is_skipped(store, connection, z.bill_id)),
    )


def _linked(ids: Iterable[str], lookup: Callable[[str], str | None]) -> dict[str, str]:
    return {key: value for key in ids if (value := lookup(key)) is not None}


def _is_skipped(store: ConnectorStore, connection: Connection, zoho_bill_id: str) -> bool:
    record = store.records.get(connection.zoho_org_id, BILL, zoho_bill_id)
    return record is not None and record.status == SyncStatus.SKIPPED


def _on_or_after(day: date | None, since: date | None) -> bool:
    return since is None or (day is not None and day >= since)


async def _bounded(items: list[S], call: Callable[[S], Awaitable[T]]) -> list[T]:
    """`call` on every item, at most `READ_CONCURRENCY` at a time; results in item order."""
    gate = asyncio.Semaphore(READ_CONCURRENCY)

    async def one(item: S) -> T:
        async with gate:
            return await call(item)

    return list(await asyncio.gather(*(one(item) for item in items)))
