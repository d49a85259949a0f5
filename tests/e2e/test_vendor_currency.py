"""A mapped BILL vendor is resolved from the database (its remembered currency) without a BILL call; BILL is
read only when the currency is unknown or disagrees with the bill's (real emulator, store and clients)."""

from __future__ import annotations

from temporalio.testing import ActivityEnvironment

from activities.bill import VENDOR, BillActivities
from activities.connections import ConnectionClients
from common.models import BillVendorRef, VendorRequest
from persistence.repositories.mappings import KnownCurrency
from tests.e2e.conftest import Seeded

ENV = ActivityEnvironment()
ZOHO_VENDOR = "z-vendor-1"


def _activities(seeded: Seeded) -> BillActivities:
    clients = ConnectionClients(settings=seeded.settings, store=seeded.store, http=seeded.http)
    return BillActivities(clients, seeded.store)


def _vendor_calls(seeded: Seeded, since: int) -> int:
    """BILL requests after the first `since`, other than session logins."""
    return sum(1 for r in seeded.bill.request_log[since:] if not r.path.endswith("/v3/login"))


def _request(seeded: Seeded, currency: str) -> VendorRequest:
    return VendorRequest(
        connection_id=seeded.demos["Ireland Ltd"].connection_id,
        zoho_vendor_id=ZOHO_VENDOR,
        name="Currency Test Ltd",
        currency_code=currency,
    )


async def _vendor_and_calls(seeded: Seeded, activities: BillActivities, currency: str) -> tuple[BillVendorRef, int]:
    before = len(seeded.bill.request_log)
    resolution = await ENV.run(activities.ensure_bill_vendor, _request(seeded, currency))
    assert resolution.vendor is not None
    return resolution.vendor, _vendor_calls(seeded, before)


async def test_a_mapped_vendor_costs_no_bill_call(seeded: Seeded) -> None:
    activities = _activities(seeded)
    created, cold_calls = await _vendor_and_calls(seeded, activities, "EUR")
    assert (created.matched_by, created.bill_currency) == ("created", "EUR")
    assert cold_calls == 2  # name lookup, create
    for _ in range(3):
        mapped, calls = await _vendor_and_calls(seeded, activities, "EUR")
        assert mapped == BillVendorRef(bill_vendor_id=created.bill_vendor_id, bill_currency="EUR", matched_by="mapping")
        assert calls == 0


async def test_a_mapping_without_a_remembered_currency_reads_bill_once(seeded: Seeded) -> None:
    ie = seeded.demos["Ireland Ltd"]
    vendor_id = seeded.bill.add_vendor(ie.bill_org_id, "Currency Test Ltd", billCurrency="GBP")
    seeded.store.mappings.link(ie.connection_id, VENDOR, ZOHO_VENDOR, vendor_id)  # mapped before currencies were kept
    activities = _activities(seeded)
    first, first_calls = await _vendor_and_calls(seeded, activities, "GBP")
    second, second_calls = await _vendor_and_calls(seeded, activities, "GBP")
    assert first == second == BillVendorRef(bill_vendor_id=vendor_id, bill_currency="GBP", matched_by="mapping")
    assert (first_calls, second_calls) == (1, 0)
    assert seeded.store.mappings.vendor_currency(ie.connection_id, vendor_id) == KnownCurrency("GBP")


async def test_a_remembered_currency_that_disagrees_is_read_again(seeded: Seeded) -> None:
    ie = seeded.demos["Ireland Ltd"]
    vendor_id = seeded.bill.add_vendor(ie.bill_org_id, "Currency Test Ltd", billCurrency="GBP")
    seeded.store.mappings.link(ie.connection_id, VENDOR, ZOHO_VENDOR, vendor_id)
    seeded.store.mappings.remember_vendor_currency(ie.connection_id, vendor_id, "USD")  # since fixed in BILL
    vendor, calls = await _vendor_and_calls(seeded, _activities(seeded), "GBP")
    assert (vendor.bill_currency, calls) == ("GBP", 1)
    assert seeded.store.mappings.vendor_currency(ie.connection_id, vendor_id) == KnownCurrency("GBP")
    still_wrong, calls = await _vendor_and_calls(seeded, _activities(seeded), "EUR")
    assert (still_wrong.bill_currency, calls) == ("GBP", 1)  # the workflow then reports the conflict
