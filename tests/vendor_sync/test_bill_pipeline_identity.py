"""The bill pipeline's vendor step uses the same identity rules: tax id, email, normalized name; ambiguity is
`needs_mapping`, never a guess or a duplicate."""

from __future__ import annotations

import pytest
from temporalio.testing import ActivityEnvironment

from activities.bill import BillActivities
from activities.connections import ConnectionClients
from common.models import VendorRequest
from tests.e2e.conftest import Seeded
from tests.vendor_sync.conftest import IRELAND

ENV = ActivityEnvironment()


@pytest.fixture
def bill_activities(seeded: Seeded) -> BillActivities:
    return BillActivities(
        ConnectionClients(settings=seeded.settings, store=seeded.store, http=seeded.http), seeded.store
    )


def _request(seeded: Seeded, zoho_vendor_id: str, name: str) -> VendorRequest:
    demo = seeded.demos[IRELAND]
    return VendorRequest(
        connection_id=demo.connection_id, zoho_vendor_id=zoho_vendor_id, name=name, currency_code="GBP"
    )


async def test_a_vendor_is_found_by_email_under_another_name(seeded: Seeded, bill_activities: BillActivities) -> None:
    demo = seeded.demos[IRELAND]
    contact = seeded.zoho.add_contact(demo.zoho_org_id, "Kinsale Marine", email="ap@kinsale.test")
    existing = seeded.bill.add_vendor(demo.bill_org_id, "Kinsale Marine Services (old)", email="AP@kinsale.test")

    resolution = await ENV.run(bill_activities.ensure_bill_vendor, _request(seeded, contact, "Kinsale Marine"))

    assert resolution.vendor is not None
    assert (resolution.vendor.bill_vendor_id, resolution.vendor.matched_by) == (existing, "email")
    assert len(seeded.bill.vendors(demo.bill_org_id)) == 1


async def test_a_near_identical_name_is_not_duplicated(seeded: Seeded, bill_activities: BillActivities) -> None:
    demo = seeded.demos[IRELAND]
    contact = seeded.zoho.add_contact(demo.zoho_org_id, "Tralee Paper Ltd.")
    existing = seeded.bill.add_vendor(demo.bill_org_id, "TRALEE PAPER")

    resolution = await ENV.run(bill_activities.ensure_bill_vendor, _request(seeded, contact, "Tralee Paper Ltd."))

    assert resolution.vendor is not None
    assert (resolution.vendor.bill_vendor_id, resolution.vendor.matched_by) == (existing, "name")


async def test_an_ambiguous_match_needs_mapping(seeded: Seeded, bill_activities: BillActivities) -> None:
    demo = seeded.demos[IRELAND]
    contact = seeded.zoho.add_contact(demo.zoho_org_id, "Bantry Fish", email="orders@bantry.test")
    seeded.bill.add_vendor(demo.bill_org_id, "Bantry Fish North", email="orders@bantry.test")
    seeded.bill.add_vendor(demo.bill_org_id, "Bantry Fish South", email="orders@bantry.test")

    resolution = await ENV.run(bill_activities.ensure_bill_vendor, _request(seeded, contact, "Bantry Fish"))

    assert resolution.vendor is None
    assert resolution.needs_mapping is not None
    assert resolution.needs_mapping.startswith("several BILL vendors share the Zoho vendor's email")
    assert len(seeded.bill.vendors(demo.bill_org_id)) == 2
