"""Bench data on top of the `ml-connector dev` demo companies: more vendors, and bills numbered per run.

Vendors are new to the connector (no mapping); every other one already exists in BILL under the same name
(matched by name), the rest are created in BILL by their first sync — the two cold paths a real org has.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import count

from cli.demo import DEMO_COMPANIES, DemoCompany, DemoConnection
from emulators.bill import BillEmulator
from emulators.zoho import ZohoEmulator


def bench_company(i: int) -> DemoCompany:
    """The i-th bench company: the demo companies in turn (so both Zoho data centres), with unique names and users."""
    base = DEMO_COMPANIES[i % len(DEMO_COMPANIES)]
    return replace(
        base,
        name=f"{base.name} {i}",
        zoho_user=f"finance{i}@bench-{i}.example",
        bill_user=f"ap{i}@bench-{i}.example",
    )


@dataclass
class BenchOrg:
    """One seeded company with the Zoho vendor ids the bench may bill against."""

    demo: DemoConnection
    vendor_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Supplier:
    """A Zoho vendor of one bench org."""

    org: BenchOrg
    vendor_id: str


@dataclass(frozen=True)
class BenchBill:
    """A bill entered in Zoho by the bench."""

    org: BenchOrg
    zoho_bill_id: str
    number: str


@dataclass
class BillFactory:
    """Enters bills in Zoho Books (each queues one signed webhook) with unique bill numbers."""

    zoho: ZohoEmulator
    _numbers: count[int] = field(default_factory=lambda: count(1))

    def add_vendors(self, bill: BillEmulator, org: BenchOrg, how_many: int) -> list[Supplier]:
        """New Zoho vendors of `org`; every second one also exists in BILL under the same name."""
        company = org.demo.company
        added = []
        for _ in range(how_many):
            name = f"{company.name} supplier {len(org.vendor_ids) + 1}"
            if len(org.vendor_ids) % 2 == 0:
                bill.add_vendor(org.demo.bill_org_id, name, billCurrency=company.currency)
            vendor_id = self.zoho.add_contact(
                org.demo.zoho_org_id, name, contact_type="vendor", currency_code=company.currency
            )
            org.vendor_ids.append(vendor_id)
            added.append(Supplier(org, vendor_id))
        return added

    def add_bill(self, supplier: Supplier) -> BenchBill:
        """A bill of the supplier with its company's demo lines."""
        org, vendor_id = supplier.org, supplier.vendor_id
        demo = org.demo
        today = datetime.now(UTC).date()
        number = f"BENCH-{next(self._numbers):06d}"
        zoho_bill_id = self.zoho.add_bill(
            demo.zoho_org_id,
            vendor_id=vendor_id,
            bill_number=number,
            date=today.isoformat(),
            due_date=(today + timedelta(days=30)).isoformat(),
            currency_code=demo.company.currency,
            line_items=[
                {
                    "account_id": demo.zoho_account_ids[line.zoho_account],
                    "description": line.description,
                    "quantity": float(line.quantity),
                    "rate": float(line.rate),
                }
                for line in demo.company.lines
            ],
        )
        return BenchBill(org, zoho_bill_id, number)
