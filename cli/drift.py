"""Drift between a connection's Zoho bills and its BILL bills (pure: no I/O; `cli.drift_sources` reads the sides).

What the sync would have written is the yardstick: the vendor and account mappings say which BILL vendor and
chart-of-accounts entries a Zoho bill should use, `workflows.bill_mapping` says which lines and due date it
gets. Zoho bills the sync leaves out on purpose (draft, void, no positive line, records marked `skipped`) are
not reported as missing from BILL; archived BILL bills are not reported as BILL-only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from clients.bill import BillBill
from common.models import ZohoBillSnapshot
from workflows.bill_mapping import skip_reason


class DriftKind(StrEnum):
    """One way the two sides disagree."""

    ZOHO_ONLY = "zoho_only"
    BILL_ONLY = "bill_only"
    AMOUNT = "amount"
    VENDOR = "vendor"
    ACCOUNT = "account"
    DUE_DATE = "due_date"


@dataclass(frozen=True)
class Drift:
    """One disagreement about one bill (ids, numbers and amounts only)."""

    kind: DriftKind
    invoice_number: str
    zoho_bill_id: str | None
    bill_bill_id: str | None
    zoho_value: str | None
    bill_value: str | None


@dataclass(frozen=True)
class Links:
    """What the connector's store knows: id mappings, and the Zoho bills an operator marked `skipped`."""

    bill_for_zoho_bill: Mapping[str, str]
    zoho_bill_for_bill: Mapping[str, str]
    vendors: Mapping[str, str]
    accounts: Mapping[str, str]
    skipped: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class DriftReport:
    """Every drift found, and how many bills each side had."""

    drifts: list[Drift]
    zoho_bills: int
    bill_bills: int

    def counts(self) -> dict[str, int]:
        """Drifts per kind, every kind listed (zero included)."""
        found = Counter(drift.kind for drift in self.drifts)
        return {kind.value: found[kind] for kind in DriftKind}


def find_drift(zoho: Sequence[ZohoBillSnapshot], bill: Sequence[BillBill], links: Links) -> DriftReport:
    """Compare the two sides bill by bill (see the module docstring for what counts)."""
    live = {b.id: b for b in bill if not b.archived}
    drifts: list[Drift] = []
    for zoho_bill in zoho:
        bill_id = links.bill_for_zoho_bill.get(zoho_bill.bill_id)
        counterpart = live.get(bill_id) if bill_id is not None else None
        if counterpart is not None:
            drifts.extend(_pair_drift(zoho_bill, counterpart, links))
        elif zoho_bill.bill_id not in links.skipped and skip_reason(zoho_bill) is None:
            number, total = zoho_bill.bill_number, _text(zoho_bill.total)
            drifts.append(Drift(DriftKind.ZOHO_ONLY, number, zoho_bill.bill_id, bill_id, total, None))
    for orphan in live.values():
        if orphan.id not in links.zoho_bill_for_bill:
            number = orphan.invoice.invoice_number if orphan.invoice else ""
            drifts.append(Drift(DriftKind.BILL_ONLY, number, None, orphan.id, None, _text(orphan.amount)))
    return DriftReport(drifts=drifts, zoho_bills=len(zoho), bill_bills=len(live))


def _pair_drift(zoho: ZohoBillSnapshot, bill: BillBill, links: Links) -> list[Drift]:
    expected_vendor = links.vendors.get(zoho.vendor_id, f"unmapped Zoho vendor {zoho.vendor_id}")
    expected_due = zoho.due_date or zoho.date
    comparisons = (
        (DriftKind.AMOUNT, _text(zoho.total), _text(bill.amount)),
        (DriftKind.VENDOR, expected_vendor, bill.vendor_id),
        (DriftKind.ACCOUNT, _accounts_expected(zoho, links.accounts), _accounts_on(bill)),
        (DriftKind.DUE_DATE, expected_due.isoformat(), bill.due_date.isoformat() if bill.due_date else None),
    )
    return [
        Drift(kind, zoho.bill_number, zoho.bill_id, bill.id, expected, actual)
        for kind, expected, actual in comparisons
        if not _same(kind, expected, actual)
    ]


def _same(kind: DriftKind, expected: str | None, actual: str | None) -> bool:
    if kind is DriftKind.AMOUNT and expected is not None and actual is not None:
        return Decimal(expected) == Decimal(actual)
    return expected == actual


def _accounts_expected(zoho: ZohoBillSnapshot, accounts: Mapping[str, str]) -> str:
    """The chart-of-accounts ids of the billable lines (what the sync sends), sorted, comma-separated."""
    ids = [
        accounts.get(line.account_id, f"unmapped Zoho account {line.account_id}")
        for line in zoho.line_items
        if line.item_total > 0
    ]
    return ", ".join(sorted(ids))


def _accounts_on(bill: BillBill) -> str:
    ids = [
        (line.classifications.chart_of_account_id if line.classifications else None) or "none"
        for line in bill.bill_line_items
    ]
    return ", ".join(sorted(ids))


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)
