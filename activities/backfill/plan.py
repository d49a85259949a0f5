"""Turn a batch of fresh Zoho bill ids into BILL drafts, resolving each vendor and account once per batch.

Every bill is read from Zoho (the listing has no lines). Vendors and accounts are resolved with the bill
pipeline's own find-or-create logic (`BillActivities.ensure_bill_vendor`, `map_bill_accounts`), called once per
distinct vendor and once for the batch's distinct accounts, so a batch of 100 bills of a few vendors costs a
few BILL calls. A bill this cannot draft (draft/void, totals that do not add up, no vendor or account mapping,
a currency conflict, a Zoho read refused) goes to its keyed workflow, which records why.

Rate budget: every call goes through the organization's budgeted clients. A budget wait longer than the
budget sleeps itself (`RateLimited`/`ConcurrencyLimited` with `retry_after`) is slept here, heartbeating, so a
long batch keeps its reads instead of failing and reading them again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.bill import BillActivities
from activities.connections import ZohoOrgClient
from activities.zoho_snapshot import bill_snapshot
from common.errors import ConcurrencyLimited, PayloadRejected, RateLimited
from common.models import (
    AccountMappingRequest,
    BillDraft,
    BillVendorRef,
    VendorRequest,
    ZohoBillSnapshot,
)
from workflows import bill_mapping

T = TypeVar("T")
READ_CONCURRENCY = 8
"""Zoho reads in flight per batch (the org's budget allows 10 across every workflow)."""
BUDGET_WAIT_FALLBACK_SECONDS = 1.0


@dataclass
class BatchPlan:
    """Drafts for the bills that can go into a bulk call, and the rest with their reason."""

    drafts: dict[str, BillDraft] = field(default_factory=dict)
    versions: dict[str, datetime | None] = field(default_factory=dict)
    needs_mapping: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def left_out(self) -> list[str]:
        """Every bill that goes to its keyed workflow instead of the bulk call."""
        return [*self.needs_mapping, *self.skipped, *self.unreadable]


async def within_budget(call: Callable[[], Awaitable[T]]) -> T:
    """`call()`, sleeping out (and heartbeating through) the budget's long waits instead of failing."""
    while True:
        try:
            return await call()
        except (RateLimited, ConcurrencyLimited) as exc:
            activity.heartbeat()
            wait = exc.retry_after.total_seconds() if exc.retry_after else BUDGET_WAIT_FALLBACK_SECONDS
            await asyncio.sleep(wait)


async def plan_batch(
    zoho: ZohoOrgClient, bill: BillActivities, connection_id: str, zoho_bill_ids: tuple[str, ...]
) -> BatchPlan:
    """Read the bills and resolve their vendors and accounts (see the module docstring)."""
    plan = BatchPlan()
    gate = asyncio.Semaphore(READ_CONCURRENCY)

    async def read(bill_id: str) -> ZohoBillSnapshot | None:
        async with gate:
            try:
                zoho_bill = await within_budget(lambda: zoho.books.get_bill(zoho.org_id, bill_id))
                return bill_snapshot(zoho_bill)
            except PayloadRejected:
                return None
            finally:
                activity.heartbeat()

    snapshots = await asyncio.gather(*(read(bill_id) for bill_id in zoho_bill_ids))
    readable: list[ZohoBillSnapshot] = []
    for bill_id, snapshot in zip(zoho_bill_ids, snapshots, strict=True):
        if snapshot is None:
            plan.unreadable.append(bill_id)
        elif bill_mapping.skip_reason(snapshot) is not None:
            plan.skipped.append(bill_id)
        elif bill_mapping.amount_mismatch(snapshot) is not None:
            plan.needs_mapping.append(bill_id)
        else:
            readable.append(snapshot)
    vendors = await _vendors(bill, connection_id, readable)
    accounts = {ref.zoho_account_id: ref for snapshot in readable for ref in bill_mapping.accounts_on(snapshot)}
    request = AccountMappingRequest(
        connection_id=connection_id, zoho_org_id=zoho.org_id, accounts=tuple(accounts.values())
    )
    mapped = (await bill.map_bill_accounts(request)).chart_of_account_ids if accounts else {}
    for snapshot in readable:
        vendor = vendors.get(snapshot.vendor_id)
        if (
            vendor is None
            or bill_mapping.currency_conflict(snapshot, vendor) is not None
            or any(ref.zoho_account_id not in mapped for ref in bill_mapping.accounts_on(snapshot))
        ):
            plan.needs_mapping.append(snapshot.bill_id)
            continue
        plan.drafts[snapshot.bill_id] = bill_mapping.build_bill_draft(snapshot, vendor.bill_vendor_id, mapped)
        plan.versions[snapshot.bill_id] = snapshot.last_modified_time
    return plan


async def _vendors(
    bill: BillActivities, connection_id: str, snapshots: list[ZohoBillSnapshot]
) -> dict[str, BillVendorRef]:
    """The BILL vendor of each distinct Zoho vendor; vendors needing a human (or refused by BILL) are left out."""
    found: dict[str, BillVendorRef] = {}
    for snapshot in {s.vendor_id: s for s in snapshots}.values():
        request = VendorRequest(
            connection_id=connection_id,
            zoho_vendor_id=snapshot.vendor_id,
            name=snapshot.vendor_name,
            currency_code=snapshot.currency_code,
        )
        try:
            resolution = await bill.ensure_bill_vendor(request)
        except ApplicationError as err:
            if not err.non_retryable:
                raise
            continue
        if resolution.vendor is not None:
            found[snapshot.vendor_id] = resolution.vendor
    return found
