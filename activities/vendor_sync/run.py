"""One vendor sync of one connection: scan both sides, match, merge, write (or only count: dry run), remember.

Linked pairs (id mappings) whose record changed on either side are merged field by field (`policy.merge`);
unlinked records are matched by `activities.matching.identify` against the other side's unlinked records (a
single candidate is linked, several are stored as pending link candidates, none creates the record on the other
side unless it is archived). After every write the written record's hash and change stamp are remembered, so the
next sync sees the connector's own writes as unchanged. Per-record refusals (permanent `SyncError`s) are counted
and audited, retryable errors end the attempt (the activity is retried; every step is idempotent).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from activities.connections import ZohoOrgClient
from activities.matching import Identity, VendorKeys, identify
from activities.store import ConnectorStore
from activities.vendor_sync.bulk import create_vendors
from activities.vendor_sync.fields import FieldName, VendorFields, from_bill, from_zoho
from activities.vendor_sync.memory import (
    BILL,
    BILL_CURSOR,
    VENDOR,
    ZOHO,
    ZOHO_CURSOR,
    Memory,
    advance_cursors,
    changed_fields,
    paired,
)
from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
from activities.vendor_sync.policy import Ownership, merge
from activities.vendor_sync.scan import VENDOR_TYPE, Scan, scan_bill, scan_zoho
from activities.vendor_sync.store import VendorSyncStore
from activities.vendor_sync.writes import bill_new, bill_patch, zoho_new, zoho_update
from clients.bill import BillClient, BillVendor
from clients.bill._vendors import VENDORS_BULK_LIMIT
from clients.zoho.models import ZohoContact
from common.errors import SyncError
from persistence.tables import Connection

log = logging.getLogger(__name__)

CHECKPOINT = 25
"""Records whose new state is saved together during a run (a retried attempt skips them)."""


@dataclass(frozen=True)
class RunContext:
    """Everything one run needs."""

    connection: Connection
    zoho: ZohoOrgClient
    bill: BillClient
    store: ConnectorStore
    vendors: VendorSyncStore
    ownership: Ownership
    params: VendorSyncInput
    workflow: tuple[str | None, str | None] = (None, None)
    """(workflow id, run id) that audit records are claimed by."""


class VendorSyncRun:
    """See the module docstring."""

    def __init__(self, ctx: RunContext) -> None:
        self._ctx = ctx
        self._dry = ctx.params.dry_run
        self._actions: Counter[str] = Counter()
        self._tally: Counter[str] = Counter()
        self._reads = 0
        self._fresh: dict[str, dict[str, VendorKeys]] = {ZOHO: {}, BILL: {}}
        self._to_create: list[tuple[ZohoContact, VendorFields]] = []
        """Zoho vendors waiting for their BILL vendor (created in bulk; not remembered until created)."""

    async def run(self) -> VendorSyncResult:
        """Sync once; returns the counts (planned counts in a dry run, which writes nothing anywhere)."""
        ctx, cid = self._ctx, self._ctx.connection.id
        self._mem = mem = await asyncio.to_thread(Memory.load, cid, ctx.vendors)
        zoho_since = await asyncio.to_thread(ctx.store.cursors.get, cid, ZOHO_CURSOR)
        bill_since = await asyncio.to_thread(ctx.store.cursors.get, cid, BILL_CURSOR)
        self._scan = scan = Scan()
        await scan_zoho(ctx.zoho, zoho_since, mem.zoho, scan)
        await scan_bill(ctx.bill, bill_since, mem.bill, scan)
        self._fresh[BILL] = {rid: from_bill(v).keys(rid) for rid, v in scan.bill.items()}
        for zoho_id, bill_id in list(mem.links.items()):
            zoho_state, bill_state = mem.zoho.get(zoho_id), mem.bill.get(bill_id)
            new_link = not paired(zoho_state, bill_id) or not paired(bill_state, zoho_id)
            if new_link or zoho_id in scan.zoho_changed or bill_id in scan.bill:
                await self._handled(zoho_id, self._sync_pair(zoho_id, bill_id, new_link=new_link))
        for zoho_id in sorted(scan.zoho_changed - mem.links.keys()):
            await self._handled(zoho_id, self._place_zoho(zoho_id))
        await self._create_in_bill()
        back = {b: z for z, b in mem.links.items()}
        for bill_id in [b for b in scan.bill if b not in back]:
            await self._handled(None, self._place_bill(scan.bill[bill_id]))
        if not self._dry:
            await asyncio.to_thread(mem.flush, ctx.vendors)
            await asyncio.to_thread(advance_cursors, ctx.store, cid, scan)
        return VendorSyncResult(
            connection_id=cid,
            dry_run=self._dry,
            actions=dict(self._actions),
            zoho_read=self._reads,
            bill_read=len(scan.bill),
            **self._tally,
        )

    async def _handled(self, zoho_id: str | None, work: Awaitable[None]) -> None:
        """Run one record's work. A permanent refusal is counted and audited (the rest goes on); retryable errors
        end the attempt. Every `CHECKPOINT` records, what is done is saved, so a retried attempt resumes."""
        try:
            await work
        except SyncError as exc:
            if exc.retryable:
                raise
            await self._refused(zoho_id, exc)
        if not self._dry and self._mem.unsaved() >= CHECKPOINT:
            await asyncio.to_thread(self._mem.flush, self._ctx.vendors)

    async def _refused(self, zoho_id: str | None, exc: SyncError) -> None:
        """Count, log and audit one record's permanent refusal."""
        self._tally["failed"] += 1
        log.warning("vendor sync: %s refused: %s", zoho_id or "a BILL vendor", exc)
        if zoho_id is not None:
            await self._audit(zoho_id, "vendor_refused", {"reason": str(exc)})

    async def _contact(self, zoho_id: str) -> ZohoContact:
        """The Zoho contact (detail view), read once per run."""
        contact = self._scan.zoho.get(zoho_id)
        if contact is None:
            contact = await self._ctx.zoho.books.get_contact(self._ctx.zoho.org_id, zoho_id)
            self._scan.zoho[zoho_id] = contact
            self._reads += 1
        return contact

    # linked pairs

    async def _sync_pair(self, zoho_id: str, bill_id: str, *, new_link: bool) -> None:
        ctx, mem = self._ctx, self._mem
        contact = await self._contact(zoho_id)
        vendor = self._scan.bill.get(bill_id) or await ctx.bill.get_vendor(bill_id)
        zoho_fields, bill_fields = from_zoho(contact), from_bill(vendor)
        zoho_state, bill_state = mem.zoho.get(zoho_id), mem.bill.get(bill_id)
        zoho_changed = changed_fields(zoho_fields, None if new_link else zoho_state)
        bill_changed = changed_fields(bill_fields, None if new_link else bill_state)
        if zoho_changed or bill_changed:
            plan = merge(
                zoho_fields,
                bill_fields,
                zoho_changed=zoho_changed,
                bill_changed=bill_changed,
                ownership=ctx.ownership,
                fill_gaps=new_link,
            )
            both = {name: side for name, side in plan.by_owner.items() if name in zoho_changed & bill_changed}
            if both and zoho_state and bill_state and not new_link:
                self._tally["conflicts"] += 1
                await self._audit(zoho_id, "vendor_conflict", {"bill_vendor_id": bill_id, "winners": both})
            vendor = await self._write_bill(vendor, plan.to_bill)
            contact = await self._write_zoho(contact, plan.to_zoho)
        self._mem.remember(contact)
        self._mem.remember(vendor)

    async def _write_bill(self, vendor: BillVendor, changes: dict[FieldName, Any]) -> BillVendor:
        patch = bill_patch(vendor, changes)
        if patch is not None:
            self._actions["bill.update"] += 1
            if not self._dry:
                vendor = await self._ctx.bill.update_vendor(vendor.id, patch)
        if "archived" in changes:
            self._actions["bill.archive" if changes["archived"] else "bill.restore"] += 1
            if not self._dry:
                action = self._ctx.bill.archive_vendor if changes["archived"] else self._ctx.bill.restore_vendor
                vendor = await action(vendor.id)
        return vendor

    async def _write_zoho(self, contact: ZohoContact, changes: dict[FieldName, Any]) -> ZohoContact:
        books, org = self._ctx.zoho.books, self._ctx.zoho.org_id
        body = zoho_update(contact, changes)
        if body is not None:
            self._actions["zoho.update"] += 1
            if not self._dry:
                contact = await books.update_contact(org, contact.contact_id, body)
        if "archived" in changes:
            self._actions["zoho.archive" if changes["archived"] else "zoho.restore"] += 1
            if not self._dry:
                mark = books.mark_contact_inactive if changes["archived"] else books.mark_contact_active
                await mark(org, contact.contact_id)
                contact = await books.get_contact(org, contact.contact_id)
        return contact

    # unlinked records

    def _identify(self, keys: VendorKeys, side: str, pair_of: Any) -> Identity:
        pool = self._mem.pool(side, self._fresh[side])
        return identify(keys, [k for rid, k in pool.items() if pair_of(rid) not in self._mem.rejected])

    async def _place_zoho(self, zoho_id: str) -> None:
        contact = await self._contact(zoho_id)
        if contact.contact_type != VENDOR_TYPE:
            return
        fields = from_zoho(contact)
        if zoho_id in self._mem.pending:
            self._mem.remember(contact)
            self._tally["pending"] += 1
            return
        found = self._identify(fields.keys(zoho_id), BILL, lambda bill_id: (zoho_id, bill_id))
        if await self._settled(found, [(zoho_id, bill_id) for bill_id in found.matches]):
            self._mem.remember(contact)
            if found.linked is not None:
                await self._sync_pair(zoho_id, found.linked, new_link=True)
            return
        if not fields.archived:
            self._actions["bill.create"] += 1
        if fields.archived or self._dry:
            self._mem.remember(contact)
            return
        self._to_create.append((contact, fields))
        if len(self._to_create) >= VENDORS_BULK_LIMIT:
            await self._create_in_bill()

    async def _create_in_bill(self) -> None:
        """Create the waiting vendors in BILL (bulk, split on a refusal), link and remember each.

        A waiting contact is remembered only once its vendor exists (or BILL refused it), so an attempt retried
        after a lost answer still sees it as new and finds the vendor BILL did create by identity."""
        waiting, self._to_create = self._to_create, []
        outcomes = await create_vendors(self._ctx.bill, [bill_new(fields) for _, fields in waiting])
        for (contact, _), outcome in zip(waiting, outcomes, strict=True):
            if isinstance(outcome, SyncError):
                self._mem.remember(contact)
                await self._refused(contact.contact_id, outcome)
                continue
            await self._link(contact.contact_id, outcome.id, "created_in_bill")
            self._mem.remember(outcome)
            self._mem.remember(contact)

    async def _place_bill(self, vendor: BillVendor) -> None:
        bill_id, fields = vendor.id, from_bill(vendor)
        self._mem.remember(vendor)
        if bill_id in self._mem.pending:
            self._tally["pending"] += 1
            return
        found = self._identify(fields.keys(bill_id), ZOHO, lambda zoho_id: (zoho_id, bill_id))
        if await self._settled(found, [(zoho_id, bill_id) for zoho_id in found.matches]):
            if found.linked is not None:
                await self._sync_pair(found.linked, bill_id, new_link=True)
            return
        if fields.archived:
            return
        self._actions["zoho.create"] += 1
        if self._dry:
            return
        contact = await self._ctx.zoho.books.create_contact(self._ctx.zoho.org_id, zoho_new(fields))
        await self._link(contact.contact_id, bill_id, "created_in_zoho")
        self._mem.remember(contact)
        self._mem.remember(vendor)  # again, now with its partner

    async def _settled(self, found: Identity, pairs: list[tuple[str, str]]) -> bool:
        """Link a single match, or store several as pending candidates; False when nothing matched."""
        if found.rule is None:
            return False
        if found.ambiguous:
            self._tally["ambiguous"] += 1
            self._mem.pending.update(rid for pair in pairs for rid in pair)
            if not self._dry:
                await asyncio.to_thread(self._ctx.vendors.links.add_pending, self._ctx.connection.id, pairs, found.rule)
            return True
        zoho_id, bill_id = pairs[0]
        self._tally["linked"] += 1
        await self._link(zoho_id, bill_id, found.rule)
        return True

    async def _link(self, zoho_id: str, bill_id: str, how: str) -> None:
        self._mem.links[zoho_id] = bill_id
        if not self._dry:
            cid = self._ctx.connection.id
            await asyncio.to_thread(self._ctx.store.mappings.link, cid, VENDOR, zoho_id, bill_id)
            await self._audit(zoho_id, "vendor_linked", {"bill_vendor_id": bill_id, "by": how})

    # audit and refusals

    async def _audit(self, zoho_id: str, kind: str, detail: dict[str, Any]) -> None:
        if self._dry:
            return
        ctx = self._ctx
        workflow_id, run_id = ctx.workflow

        def append() -> None:
            conn = ctx.connection
            record = ctx.store.records.ensure(
                conn.id, conn.zoho_org_id, VENDOR, zoho_id, workflow_id=workflow_id, run_id=run_id
            )
            ctx.store.audit.append(record.id, kind, detail)

        await asyncio.to_thread(append)
