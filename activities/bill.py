"""BILL activities: find-or-create the vendor, map accounts, create (or adopt) the bill — each idempotent.

Exactly-once for bills (ARCHITECTURE invariant 1): the mapping table answers "already synced"; a "creating"
marker is written before calling BILL, so a re-run that finds the marker looks the bill up by vendor +
invoice number (BILL bills have no external id) and adopts it instead of creating a second one.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio import activity

from activities.audit_trail import append_bill_event
from activities.bill_edits import apply_edit
from activities.bill_payloads import bill_create, content_hash, vendor_create
from activities.connections import ConnectionClients
from activities.errors import raising_application_errors
from activities.locks import KeyedLocks
from activities.matching import VendorKeys, identify, match_account
from activities.store import ConnectorStore
from activities.vendor_sync.fields import from_bill, from_zoho, hashed_keys
from clients.bill import BillClient, BillFilter, BillVendor
from common.errors import NotFound
from common.models import (
    AccountMapping,
    AccountMappingRequest,
    AccountRef,
    BillDraft,
    BillVendorRef,
    CreateBillRequest,
    CreatedBill,
    VendorMatch,
    VendorRequest,
    VendorResolution,
)
from common.telemetry.metrics import record_outcome
from persistence.errors import MappingConflict
from persistence.tables import Connection
from persistence.views import SyncRecordView
from persistence.vocabulary import SyncStatus

VENDOR = "vendor"
ACCOUNT = "account"
BILL = "bill"
LOCKED_REASON = "the BILL bill is paid, scheduled or archived; the Zoho edit was not applied"
VENDOR_EVENTS: dict[VendorMatch, str] = {
    "mapping": "matched",
    "tax_id": "matched",
    "email": "matched",
    "name": "matched",
    "created": "created",
}
"""Audit event suffix per way the vendor was found."""
CLOCK_SKEW = timedelta(minutes=10)
"""How far before our "creating" marker a BILL `createdTime` may be and still count as our create."""


class BillActivities:
    """Activities that write to a connection's BILL organization."""

    def __init__(self, clients: ConnectionClients, store: ConnectorStore) -> None:
        self._clients = clients
        self._store = store
        self._vendor_locks = KeyedLocks()

    @activity.defn
    async def ensure_bill_vendor(self, request: VendorRequest) -> VendorResolution:
        """The BILL vendor of a Zoho vendor: mapping, else exact name, else created; the mapping is recorded."""
        resolution = await self._ensure_vendor(request)
        if request.zoho_org_id is not None and request.zoho_bill_id is not None:
            vendor = resolution.vendor
            kind = "vendor_needs_mapping" if vendor is None else f"vendor_{VENDOR_EVENTS[vendor.matched_by]}"
            detail = (
                {} if vendor is None else {"bill_vendor_id": vendor.bill_vendor_id, "matched_by": vendor.matched_by}
            )
            with raising_application_errors():
                await asyncio.to_thread(
                    append_bill_event,
                    self._store,
                    request.connection_id,
                    request.zoho_org_id,
                    request.zoho_bill_id,
                    kind,
                    {"zoho_vendor_id": request.zoho_vendor_id, **detail},
                )
        return resolution

    async def _ensure_vendor(self, request: VendorRequest) -> VendorResolution:
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            bill = await self._clients.bill(connection)
            async with self._vendor_locks.hold((connection.id, request.zoho_vendor_id)):
                mapped = await asyncio.to_thread(
                    self._store.mappings.bill_id_for, connection.id, VENDOR, request.zoho_vendor_id
                )
                if mapped is not None:
                    return await self._mapped_vendor(connection.id, bill, mapped, request.currency_code)
                resolution = await self._find_or_create_vendor(connection.id, bill, request)
                if resolution.vendor is not None:
                    found = resolution.vendor
                    await asyncio.to_thread(
                        self._store.mappings.remember_vendor_currency,
                        connection.id,
                        found.bill_vendor_id,
                        found.bill_currency,
                    )
                return resolution

    async def _mapped_vendor(
        self, connection_id: str, bill: BillClient, bill_vendor_id: str, bill_currency: str
    ) -> VendorResolution:
        """A mapped vendor from the database alone (no BILL call) when its currency is remembered and agrees
        with the bill's; otherwise read from BILL (the vendor may have been fixed there) and remembered."""
        known = await asyncio.to_thread(self._store.mappings.vendor_currency, connection_id, bill_vendor_id)
        if known is not None and (known.bill_currency is None or known.bill_currency.upper() == bill_currency.upper()):
            ref = BillVendorRef(bill_vendor_id=bill_vendor_id, bill_currency=known.bill_currency, matched_by="mapping")
            return VendorResolution(vendor=ref)
        vendor = await bill.get_vendor(bill_vendor_id)
        await asyncio.to_thread(
            self._store.mappings.remember_vendor_currency, connection_id, vendor.id, vendor.bill_currency
        )
        return _resolved(vendor, "mapping")

    async def _find_or_create_vendor(
        self, connection_id: str, bill: BillClient, request: VendorRequest
    ) -> VendorResolution:
        """The identity rules of `activities.matching` (tax id, then email, then normalized name) over the active
        BILL vendors; several candidates need a human, none creates the vendor; the mapping is recorded."""
        active = [v async for v in bill.iter_vendors(filters=[BillFilter(field="archived", op="eq", value=False)])]
        found = identify(
            await self._zoho_vendor_keys(connection_id, request), [from_bill(v).keys(v.id) for v in active]
        )
        if found.ambiguous:
            ids = ", ".join(found.matches)
            shared = f"are named {request.name!r}" if found.rule == "name" else f"share the Zoho vendor's {found.rule}"
            return VendorResolution(needs_mapping=f"several BILL vendors {shared} ({ids})")
        how: VendorMatch = found.rule or "created"
        named = next((v for v in active if v.id == found.linked), None)
        vendor = named or await bill.create_vendor(vendor_create(request))
        try:
            linked = await asyncio.to_thread(
                self._store.mappings.link, connection_id, VENDOR, request.zoho_vendor_id, vendor.id
            )
        except MappingConflict:
            return VendorResolution(
                needs_mapping=f"BILL vendor {vendor.id} is already mapped to another Zoho vendor named {request.name!r}"
            )
        if linked != vendor.id:  # another worker mapped this Zoho vendor first
            if how == "created":
                await bill.archive_vendor(vendor.id)
            return _resolved(await bill.get_vendor(linked), "mapping")
        return _resolved(vendor, how)

    async def _zoho_vendor_keys(self, connection_id: str, request: VendorRequest) -> VendorKeys:
        """Identity keys of the Zoho vendor (its contact, for tax id and email; the bill's name if it is gone)."""
        connection = await self._clients.connection(connection_id)
        zoho = await self._clients.zoho(connection)
        try:
            contact = await zoho.books.get_contact(zoho.org_id, request.zoho_vendor_id)
        except NotFound:
            return hashed_keys(VendorKeys.of(request.zoho_vendor_id, tax_id=None, email=None, name=request.name))
        return from_zoho(contact).keys(contact.contact_id)

    @activity.defn
    async def map_bill_accounts(self, request: AccountMappingRequest) -> AccountMapping:
        """BILL chart-of-account ids for Zoho accounts: mapping, else account number, else name; rest unmapped."""
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            mapped: dict[str, str] = {}
            pending: list[AccountRef] = []
            for ref in request.accounts:
                bill_account_id = await asyncio.to_thread(
                    self._store.mappings.bill_id_for, connection.id, ACCOUNT, ref.zoho_account_id
                )
                if bill_account_id is None:
                    pending.append(ref)
                else:
                    mapped[ref.zoho_account_id] = bill_account_id
            if not pending:
                result = AccountMapping(chart_of_account_ids=mapped)
                await self._audit_accounts(request, result)
                return result
            bill = await self._clients.bill(connection)
            zoho = await self._clients.zoho(connection)
            chart = [a async for a in bill.iter_accounts()]
            unmapped: list[AccountRef] = []
            for ref in pending:
                zoho_account = await zoho.books.get_account(zoho.org_id, ref.zoho_account_id)
                match = match_account(chart, name=ref.name, number=zoho_account.account_code)
                if match is None:
                    unmapped.append(ref)
                    continue
                linked = await asyncio.to_thread(
                    self._store.mappings.link, connection.id, ACCOUNT, ref.zoho_account_id, match.id
                )
                mapped[ref.zoho_account_id] = linked  # a concurrent sync may have linked it first
            result = AccountMapping(chart_of_account_ids=mapped, unmapped=tuple(unmapped))
            await self._audit_accounts(request, result)
        return result

    async def _audit_accounts(self, request: AccountMappingRequest, result: AccountMapping) -> None:
        if request.zoho_bill_id is None:
            return
        detail = {"mapped": len(result.chart_of_account_ids), "unmapped": [a.zoho_account_id for a in result.unmapped]}
        await asyncio.to_thread(
            append_bill_event,
            self._store,
            request.connection_id,
            request.zoho_org_id,
            request.zoho_bill_id,
            "accounts_mapped" if not result.unmapped else "accounts_unmapped",
            detail,
        )

    @activity.defn
    async def create_bill_bill(self, request: CreateBillRequest) -> CreatedBill:
        """Create the BILL bill once: already mapped → reuse; earlier attempt under way → look up and adopt."""
        info = activity.info()
        records, mappings, audit = self._store.records, self._store.mappings, self._store.audit
        with raising_application_errors():
            connection = await self._clients.connection(request.connection_id)
            record = await asyncio.to_thread(
                records.ensure,
                connection.id,
                request.zoho_org_id,
                BILL,
                request.zoho_bill_id,
                workflow_id=info.workflow_id,
                run_id=info.workflow_run_id,
            )
            if request.zoho_modified_at is not None:
                await asyncio.to_thread(records.note_zoho_version, record.id, request.zoho_modified_at)
            existing = await asyncio.to_thread(mappings.bill_id_for, connection.id, BILL, request.zoho_bill_id)
            if existing is not None:
                return await self._resync(connection, record, existing, request.draft)
            retry = await asyncio.to_thread(records.mark_creating, record.id)
            bill = await self._clients.bill(connection)
            if retry:
                fresh = await asyncio.to_thread(records.get_by_id, record.id)
                since = fresh.creating_started_at - CLOCK_SKEW if fresh and fresh.creating_started_at else None
                found = await bill.find_bill_by_invoice(
                    vendor_id=request.draft.vendor_id, invoice_number=request.draft.invoice_number, created_since=since
                )
                if found is not None and not found.archived:
                    await asyncio.to_thread(self._link_bill, connection.id, request, record.id, found.id, "adopted")
                    return CreatedBill(bill_bill_id=found.id, outcome="adopted")
            await asyncio.to_thread(audit.append, record.id, "creating", {"attempt": info.attempt})
            created = await bill.create_bill(bill_create(request.draft))
            await asyncio.to_thread(self._link_bill, connection.id, request, record.id, created.id, "created")
        return CreatedBill(bill_bill_id=created.id, outcome="created")

    async def _resync(
        self, connection: Connection, record: SyncRecordView, bill_bill_id: str, draft: BillDraft
    ) -> CreatedBill:
        """The Zoho bill already has its BILL bill: write only what changed, never over a paid or locked bill."""
        if record.status != SyncStatus.SYNCED:  # linked, but the status write was lost
            await asyncio.to_thread(self._mark_synced, connection.id, record.id, bill_bill_id, draft, "already_synced")
            return CreatedBill(bill_bill_id=bill_bill_id, outcome="already_synced")
        if record.content_hash == content_hash(draft):
            return CreatedBill(bill_bill_id=bill_bill_id, outcome="already_synced")
        outcome = await apply_edit(await self._clients.bill(connection), bill_bill_id, draft)
        if outcome == "updated":
            await asyncio.to_thread(self._mark_synced, connection.id, record.id, bill_bill_id, draft, "updated")
        else:
            detail = {"bill_bill_id": bill_bill_id, "reason": LOCKED_REASON}
            await asyncio.to_thread(self._store.audit.append, record.id, "update_refused", detail)
        return CreatedBill(bill_bill_id=bill_bill_id, outcome=outcome)

    def _link_bill(
        self, connection_id: str, request: CreateBillRequest, record_id: str, bill_id: str, outcome: str
    ) -> None:
        self._store.mappings.link(connection_id, BILL, request.zoho_bill_id, bill_id)
        self._mark_synced(connection_id, record_id, bill_id, request.draft, outcome)

    def _mark_synced(self, connection_id: str, record_id: str, bill_id: str, draft: BillDraft, outcome: str) -> None:
        self._store.records.mark_synced(record_id, bill_id, content_hash(draft))
        record_outcome(connection_id, BILL, "synced", outcome)
        self._store.audit.append(record_id, "synced", {"bill_bill_id": bill_id, "outcome": outcome})


def _resolved(vendor: BillVendor, how: VendorMatch) -> VendorResolution:
    return VendorResolution(
        vendor=BillVendorRef(bill_vendor_id=vendor.id, bill_currency=vendor.bill_currency, matched_by=how)
    )
