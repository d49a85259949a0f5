"""Scripted stand-ins for the bill workflow's activities (same names, same DTOs, no I/O)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from temporalio import activity

from activities.errors import to_application_error
from common.errors import SyncError
from common.models import (
    AccountMapping,
    AccountMappingRequest,
    BillSyncResult,
    BillVendorRef,
    CreateBillRequest,
    CreatedBill,
    SyncOutcome,
    UnchangedAnswer,
    UnchangedQuery,
    VendorRequest,
    VendorResolution,
    ZohoBillRef,
    ZohoBillSnapshot,
)
from tests.workflows.factories import zoho_bill


@dataclass
class StandInActivities:
    """Answers from fields; `errors[name]` is a queue of `SyncError`s raised before answering."""

    bill: ZohoBillSnapshot = field(default_factory=zoho_bill)
    vendor: VendorResolution = field(
        default_factory=lambda: VendorResolution(
            vendor=BillVendorRef(bill_vendor_id="00901VENDOR", bill_currency=None, matched_by="name")
        )
    )
    accounts: AccountMapping = field(
        default_factory=lambda: AccountMapping(chart_of_account_ids={"acc-1": "0ca01ACCOUNT"})
    )
    created: CreatedBill = field(default_factory=lambda: CreatedBill(bill_bill_id="00n01BILL", outcome="created"))
    recorded: BillSyncResult | None = None
    """What the ledger answers; by default the outcome it was given."""
    unchanged: UnchangedAnswer = field(default_factory=UnchangedAnswer)
    """What the ledger-first check answers; by default "changed" (the full path runs)."""
    errors: dict[str, list[SyncError]] = field(default_factory=dict)
    calls: list[tuple[str, BaseModel]] = field(default_factory=list)
    fetch_gate: asyncio.Event | None = None
    """When set, the first `fetch_zoho_bill` waits for it (the test acts while a run is in flight)."""

    def _called(self, name: str, arg: BaseModel) -> None:
        self.calls.append((name, arg))
        queued = self.errors.get(name)
        if queued:
            raise to_application_error(queued.pop(0))

    def called(self, name: str) -> list[Any]:
        """Arguments of every call of activity `name`, in order."""
        return [arg for called, arg in self.calls if called == name]

    def names(self) -> list[str]:
        """Activity names in call order."""
        return [name for name, _ in self.calls]

    @activity.defn(name="fetch_zoho_bill")
    async def fetch_zoho_bill(self, ref: ZohoBillRef) -> ZohoBillSnapshot:
        self._called("fetch_zoho_bill", ref)
        if self.fetch_gate is not None:
            gate, self.fetch_gate = self.fetch_gate, None
            await gate.wait()
        return self.bill

    @activity.defn(name="ensure_bill_vendor")
    async def ensure_bill_vendor(self, request: VendorRequest) -> VendorResolution:
        self._called("ensure_bill_vendor", request)
        return self.vendor

    @activity.defn(name="map_bill_accounts")
    async def map_bill_accounts(self, request: AccountMappingRequest) -> AccountMapping:
        self._called("map_bill_accounts", request)
        return self.accounts

    @activity.defn(name="create_bill_bill")
    async def create_bill_bill(self, request: CreateBillRequest) -> CreatedBill:
        self._called("create_bill_bill", request)
        return self.created

    @activity.defn(name="record_bill_outcome")
    async def record_bill_outcome(self, outcome: SyncOutcome) -> BillSyncResult:
        self._called("record_bill_outcome", outcome)
        return self.recorded or BillSyncResult(status=outcome.status, reason=outcome.reason)

    @activity.defn(name="find_unchanged_sync")
    async def find_unchanged_sync(self, query: UnchangedQuery) -> UnchangedAnswer:
        self._called("find_unchanged_sync", query)
        return self.unchanged

    def all(self) -> list[Callable[..., Any]]:
        """Every stand-in, for `Worker(activities=...)`."""
        return [
            self.fetch_zoho_bill,
            self.ensure_bill_vendor,
            self.map_bill_accounts,
            self.create_bill_bill,
            self.record_bill_outcome,
            self.find_unchanged_sync,
        ]
