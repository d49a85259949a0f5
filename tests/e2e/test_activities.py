"""The activities against the real emulators, store and clients (no Temporal server: `ActivityEnvironment`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.bill import BillActivities
from activities.connections import ConnectionClients
from activities.ledger import LedgerActivities
from activities.zoho import ZohoActivities
from cli.demo import add_demo_bill
from common.models import (
    AccountMappingRequest,
    AccountRef,
    BillDraft,
    BillLineDraft,
    BillSyncResult,
    CreateBillRequest,
    SyncOutcome,
    VendorRequest,
    ZohoBillRef,
)
from persistence.vocabulary import CredentialKind, OwnerKind
from tests.e2e.conftest import Seeded

ENV = ActivityEnvironment()


@pytest.fixture
def activities(seeded: Seeded) -> tuple[ZohoActivities, BillActivities]:
    clients = ConnectionClients(settings=seeded.settings, store=seeded.store, http=seeded.http)
    return ZohoActivities(clients, seeded.store), BillActivities(clients, seeded.store)


def vendor_request(seeded: Seeded, company: str, name: str, zoho_vendor_id: str = "z-vendor") -> VendorRequest:
    return VendorRequest(
        connection_id=seeded.demos[company].connection_id, zoho_vendor_id=zoho_vendor_id, name=name, currency_code="GBP"
    )


async def test_fetch_shares_one_access_token_per_grant(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    zoho, _ = activities
    uk = seeded.demos["UK Ltd"]
    ref = ZohoBillRef(
        connection_id=uk.connection_id, zoho_org_id=uk.zoho_org_id, zoho_bill_id=add_demo_bill(seeded.zoho, uk)
    )
    for _ in range(3):
        snapshot = await ENV.run(zoho.fetch_zoho_bill, ref)
    assert snapshot.bill_number == "UK-1001"
    assert [line.item_total for line in snapshot.line_items] == [Decimal("45"), Decimal("120")]
    grant = seeded.store.connections.get(uk.connection_id)
    assert grant is not None
    refresh_token = seeded.store.credentials.get(
        OwnerKind.ZOHO_GRANT, grant.zoho_grant_id, CredentialKind.ZOHO_REFRESH_TOKEN
    )
    assert refresh_token is not None
    assert seeded.zoho.stats.token_requests_for(refresh_token.get_secret_value()) == 1


async def test_fetch_refuses_an_org_the_connection_does_not_own(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    zoho, _ = activities
    uk, ie = seeded.demos["UK Ltd"], seeded.demos["Ireland Ltd"]
    ref = ZohoBillRef(connection_id=uk.connection_id, zoho_org_id=ie.zoho_org_id, zoho_bill_id="1")
    with pytest.raises(ApplicationError) as failure:
        await ENV.run(zoho.fetch_zoho_bill, ref)
    assert (failure.value.type, failure.value.non_retryable) == ("PayloadRejected", True)


async def test_unknown_connection_is_permanent(activities: tuple[ZohoActivities, BillActivities]) -> None:
    zoho, _ = activities
    with pytest.raises(ApplicationError) as failure:
        await ENV.run(zoho.fetch_zoho_bill, ZohoBillRef(connection_id="nope", zoho_org_id="1", zoho_bill_id="2"))
    assert (failure.value.type, failure.value.non_retryable) == ("NotFound", True)


async def test_vendor_is_created_once_then_found_by_mapping(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    _, bill = activities
    request = vendor_request(seeded, "Ireland Ltd", "Fresh Vendor Ltd")
    first = await ENV.run(bill.ensure_bill_vendor, request)
    second = await ENV.run(bill.ensure_bill_vendor, request)
    assert first.vendor is not None
    assert second.vendor is not None
    assert (first.vendor.matched_by, second.vendor.matched_by) == ("created", "mapping")
    assert first.vendor.bill_vendor_id == second.vendor.bill_vendor_id
    named = [v for v in seeded.bill.vendors(seeded.demos["Ireland Ltd"].bill_org_id) if v["name"] == "Fresh Vendor Ltd"]
    assert len(named) == 1
    assert named[0]["billCurrency"] == "GBP"


async def test_existing_vendor_is_matched_by_name(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    _, bill = activities
    resolution = await ENV.run(bill.ensure_bill_vendor, vendor_request(seeded, "UK Ltd", "Acme Supplies Ltd"))
    assert resolution.vendor is not None
    assert resolution.vendor.matched_by == "name"
    assert len(seeded.bill.vendors(seeded.demos["UK Ltd"].bill_org_id)) == 1


async def test_same_named_vendors_need_a_human(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    _, bill = activities
    seeded.bill.add_vendor(seeded.demos["UK Ltd"].bill_org_id, "Acme Supplies Ltd")
    resolution = await ENV.run(bill.ensure_bill_vendor, vendor_request(seeded, "UK Ltd", "Acme Supplies Ltd"))
    assert resolution.vendor is None
    assert resolution.needs_mapping is not None
    assert resolution.needs_mapping.startswith("several BILL vendors are named 'Acme Supplies Ltd'")


async def test_accounts_map_by_number_then_from_the_mapping_table(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    _, bill = activities
    uk = seeded.demos["UK Ltd"]
    seeded.zoho.add_account(uk.zoho_org_id, "Entertainment", "expense")
    unknown_id = next(
        a["account_id"] for a in seeded.zoho.accounts(uk.zoho_org_id) if a["account_name"] == "Entertainment"
    )
    office = AccountRef(zoho_account_id=uk.zoho_account_ids["Office Supplies"], name="Office Supplies")
    unknown = AccountRef(zoho_account_id=unknown_id, name="Entertainment")
    request = AccountMappingRequest(
        connection_id=uk.connection_id, zoho_org_id=uk.zoho_org_id, accounts=(office, unknown)
    )

    first = await ENV.run(bill.map_bill_accounts, request)
    bill_accounts = {a["id"]: a["name"] for a in seeded.bill.accounts(uk.bill_org_id)}
    assert {k: bill_accounts[v] for k, v in first.chart_of_account_ids.items()} == {
        office.zoho_account_id: "Office supplies expense"  # Zoho and BILL names differ; the number matches
    }
    assert first.unmapped == (unknown,)

    calls_before = len(seeded.bill.request_log)
    again = await ENV.run(bill.map_bill_accounts, request.model_copy(update={"accounts": (office,)}))
    assert again.chart_of_account_ids == {office.zoho_account_id: first.chart_of_account_ids[office.zoho_account_id]}
    assert len(seeded.bill.request_log) == calls_before, "a recorded mapping needs no BILL call"


async def test_create_is_idempotent_on_the_zoho_bill(
    seeded: Seeded, activities: tuple[ZohoActivities, BillActivities]
) -> None:
    _, bill = activities
    uk = seeded.demos["UK Ltd"]
    vendor = await ENV.run(bill.ensure_bill_vendor, vendor_request(seeded, "UK Ltd", "Acme Supplies Ltd"))
    assert vendor.vendor is not None
    account_id = next(a["id"] for a in seeded.bill.accounts(uk.bill_org_id))
    draft = BillDraft(
        vendor_id=vendor.vendor.bill_vendor_id,
        invoice_number="UK-7",
        invoice_date=date(2026, 11, 20),
        due_date=date(2026, 12, 20),
        description=None,
        purchase_order_number=None,
        lines=(BillLineDraft(amount=Decimal("10.00"), description="x", chart_of_account_id=account_id),),
    )
    request = CreateBillRequest(
        connection_id=uk.connection_id, zoho_org_id=uk.zoho_org_id, zoho_bill_id="zb-7", draft=draft
    )
    first = await ENV.run(bill.create_bill_bill, request)
    second = await ENV.run(bill.create_bill_bill, request)
    assert (first.outcome, second.outcome) == ("created", "already_synced")
    assert first.bill_bill_id == second.bill_bill_id
    assert len(seeded.bill_bills(uk, "UK-7")) == 1


async def test_ledger_never_downgrades_a_synced_record(seeded: Seeded) -> None:
    ledger = LedgerActivities(seeded.store)
    uk = seeded.demos["UK Ltd"]
    outcome = SyncOutcome(
        connection_id=uk.connection_id, zoho_org_id=uk.zoho_org_id, zoho_bill_id="zb-9", status="skipped", reason="void"
    )
    assert await ENV.run(ledger.record_bill_outcome, outcome) == BillSyncResult(status="skipped", reason="void")

    record = seeded.store.records.get(uk.zoho_org_id, "bill", "zb-9")
    assert record is not None
    seeded.store.records.mark_synced(record.id, "00n09", None)
    after = await ENV.run(ledger.record_bill_outcome, outcome.model_copy(update={"status": "failed", "reason": "gone"}))
    assert after == BillSyncResult(status="synced", bill_bill_id="00n09", reason="already synced; now failed: gone")
    assert [e.kind for e in seeded.store.audit.events(record.id)] == ["skipped", "failed"]
