"""Pydantic DTOs that cross Temporal boundaries (workflow inputs/results, activity arguments/results).

They carry ids, dates, amounts and names only — never secrets, tokens or whole vendor payloads — because
everything here lands in workflow history. Models are frozen so workflow code cannot mutate them by accident.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

SyncTrigger = Literal["webhook", "poll", "backfill", "replay"]
"""Why a bill sync started."""

BillSyncStatus = Literal["synced", "needs_mapping", "needs_reauth", "skipped", "failed"]
"""Where a bill sync ended (mirrors the sync record's terminal states)."""

CreateOutcome = Literal["created", "adopted", "already_synced", "updated", "locked"]
"""How `create_bill_bill` arrived at the BILL bill (`updated`: a Zoho edit was applied; `locked`: BILL refuses
changes to the bill, so the edit was reported, not forced)."""

VendorMatch = Literal["mapping", "tax_id", "email", "name", "created"]
"""How `ensure_bill_vendor` found the BILL vendor."""


class _Dto(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BillSyncInput(_Dto):
    """Start of `BillSyncWorkflow`: which Zoho bill of which connection, and why."""

    connection_id: str
    zoho_org_id: str
    zoho_bill_id: str
    trigger: SyncTrigger


class BillSyncResult(_Dto):
    """End of `BillSyncWorkflow`."""

    status: BillSyncStatus
    bill_bill_id: str | None = None
    reason: str | None = None


class ZohoBillRef(_Dto):
    """Which Zoho bill an activity works on."""

    connection_id: str
    zoho_org_id: str
    zoho_bill_id: str


class ZohoBillLine(_Dto):
    """One Zoho bill line, reduced to what the BILL bill needs."""

    line_item_id: str
    account_id: str
    account_name: str
    description: str
    quantity: Decimal
    rate: Decimal
    item_total: Decimal


class ZohoBillSnapshot(_Dto):
    """The authoritative Zoho bill as fetched by `fetch_zoho_bill` (slim: no addresses, no custom fields)."""

    bill_id: str
    bill_number: str
    status: str
    vendor_id: str
    vendor_name: str
    date: dt.date
    due_date: dt.date | None
    currency_code: str
    notes: str
    reference_number: str
    purchaseorder_numbers: tuple[str, ...]
    sub_total: Decimal
    tax_total: Decimal
    total: Decimal
    line_items: tuple[ZohoBillLine, ...]
    last_modified_time: dt.datetime | None = None
    """Zoho's version stamp of this bill (the polling sweep compares it with the version last handled)."""
    operator_skip: str | None = None
    """The reason when an operator skipped this bill (`ml-connector skip`): the workflow ends `skipped`, no write."""


class VendorRequest(_Dto):
    """Input of `ensure_bill_vendor`: the Zoho vendor that must exist in the connection's BILL org (for the
    bill `zoho_org_id`/`zoho_bill_id`, whose audit trail records the outcome, when given)."""

    connection_id: str
    zoho_vendor_id: str
    name: str
    currency_code: str
    zoho_org_id: str | None = None
    zoho_bill_id: str | None = None


class BillVendorRef(_Dto):
    """The BILL vendor a Zoho vendor maps to."""

    bill_vendor_id: str
    bill_currency: str | None
    matched_by: VendorMatch


class VendorResolution(_Dto):
    """Result of `ensure_bill_vendor`: the BILL vendor, or why a human must pick it."""

    vendor: BillVendorRef | None = None
    needs_mapping: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> VendorResolution:
        if (self.vendor is None) == (self.needs_mapping is None):
            raise ValueError("set exactly one of vendor and needs_mapping")
        return self


class AccountRef(_Dto):
    """A Zoho chart-of-accounts entry used on a bill line."""

    zoho_account_id: str
    name: str


class AccountMappingRequest(_Dto):
    """Input of `map_bill_accounts` (for the bill `zoho_bill_id`, whose audit trail records the outcome)."""

    connection_id: str
    zoho_org_id: str
    accounts: tuple[AccountRef, ...]
    zoho_bill_id: str | None = None


class AccountMapping(_Dto):
    """Zoho account id → BILL chart-of-account id, plus the accounts nothing matched."""

    chart_of_account_ids: dict[str, str]
    unmapped: tuple[AccountRef, ...] = ()


class BillLineDraft(_Dto):
    """One BILL bill line to create."""

    amount: Decimal
    description: str
    chart_of_account_id: str
    quantity: Decimal | None = None
    price: Decimal | None = None


class BillDraft(_Dto):
    """The BILL bill to create for one Zoho bill (built by the pure mapping in `workflows.bill_mapping`)."""

    vendor_id: str
    invoice_number: str
    invoice_date: dt.date
    due_date: dt.date
    description: str | None
    purchase_order_number: str | None
    lines: tuple[BillLineDraft, ...]


class CreateBillRequest(_Dto):
    """Input of `create_bill_bill`; `zoho_modified_at` is the Zoho version the draft was built from."""

    connection_id: str
    zoho_org_id: str
    zoho_bill_id: str
    draft: BillDraft
    zoho_modified_at: dt.datetime | None = None


class CreatedBill(_Dto):
    """The BILL bill that now represents the Zoho bill."""

    bill_bill_id: str
    outcome: CreateOutcome


class SyncOutcome(_Dto):
    """Input of `record_bill_outcome`: a terminal state other than synced, with its reason."""

    connection_id: str
    zoho_org_id: str
    zoho_bill_id: str
    status: BillSyncStatus
    reason: str
    zoho_modified_at: dt.datetime | None = None
    """The Zoho version that led to this outcome, when the bill was fetched."""


class UnchangedQuery(_Dto):
    """Input of `find_unchanged_sync`: the freshly fetched Zoho bill of one sync record."""

    connection_id: str
    zoho_org_id: str
    bill: ZohoBillSnapshot


class UnchangedAnswer(_Dto):
    """`bill_bill_id` is set when the record is already synced with exactly what this Zoho bill maps to."""

    bill_bill_id: str | None = None


class BillPollSweepInput(_Dto):
    """Start (or continue-as-new) of `BillPollSweepWorkflow`; only `connection_id` is set by the Schedule."""

    connection_id: str
    started_at: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    next_page: int = 1
    listed: int = 0
    started: int = 0


class BillPollSweepResult(_Dto):
    """End of `BillPollSweepWorkflow`: what was seen and started, and the stored cursor."""

    listed: int
    started: int
    modified_since: dt.datetime


class SweepCursorRequest(_Dto):
    """Input of `load_sweep_cursor`."""

    connection_id: str


class SweepCursor(_Dto):
    """A connection's bill sweep cursor: None means never swept (read every bill)."""

    connection_id: str
    modified_since: dt.datetime | None


class SweepPageRequest(_Dto):
    """Input of `sweep_bill_page`: one page of Zoho bills modified at or after `modified_since`."""

    connection_id: str
    modified_since: dt.datetime | None
    page: int


class SweepPage(_Dto):
    """Result of `sweep_bill_page`: bills listed, bill workflows started or signalled, the next page if any."""

    listed: int
    started: int
    next_page: int | None
