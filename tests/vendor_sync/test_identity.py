"""Identity: near-identical names link instead of duplicating, tax id links across names, ambiguity waits for a
human, customers never become BILL vendors."""

from __future__ import annotations

from tests.vendor_sync.conftest import VendorStack


async def test_near_identical_names_link_without_creating_duplicates(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    stack.add_contact("Acme Supplies Ltd.")
    stack.add_vendor("ACME  supplies")
    stack.add_vendor("Dublin Office Services, LLC")
    before = len(stack.vendors())

    result = await stack.sync()

    assert result.linked == 2
    assert "bill.create" not in result.actions
    assert len(stack.vendors()) == before
    assert len(stack.contacts()) == 2  # each BILL vendor found its Zoho contact: no contact created either
    assert stack.vendor("Acme Supplies Ltd.")  # the Zoho name wins (Zoho owns the name)


async def test_tax_id_links_vendors_whose_names_differ(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    stack.add_contact("Kilkenny Metals", gst_no="22AAAAA0000A1Z5")
    stack.add_vendor("KM Trading", additionalInfo={"taxId": "22-AAAAA0000A1Z5"})

    result = await stack.sync()

    assert result.linked == 1
    assert {v["name"] for v in stack.vendors()} == {"Kilkenny Metals", "Dublin Office Services"}


async def test_an_ambiguous_match_is_reported_not_linked_until_confirmed(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    stack.add_contact("Kerry Tools Limited")
    first_id = stack.add_vendor("Kerry Tools")
    second_id = stack.add_vendor("Kerry Tools Ltd")

    result = await stack.sync()

    assert result.ambiguous == 1
    assert result.linked == 0
    assert result.actions == {"bill.create": 1}  # only the demo's Dublin vendor; no Kerry duplicate either way
    pending = stack.store().links.list(stack.demo.connection_id)
    assert sorted(c.bill_id for c in pending) == sorted([first_id, second_id])
    assert not any(c["contact_name"].startswith("Kerry Tools Ltd") for c in stack.contacts())

    again = await stack.sync()
    assert again.writes == 0
    assert again.ambiguous == 0


async def test_customers_never_become_bill_vendors(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    stack.add_contact("Retail Customer Ltd", contact_type="customer", email="buyer@retail.test")

    result = await stack.sync()

    assert result.actions == {"bill.create": 1}
    assert "Retail Customer Ltd" not in {v["name"] for v in stack.vendors()}


async def test_a_bill_vendor_named_like_a_zoho_customer_is_refused_and_reported(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    stack.add_contact("Shannon Foods", contact_type="customer")
    stack.add_vendor("Shannon Foods")

    result = await stack.sync()

    assert result.failed == 1  # Zoho keeps contact names unique across customers and vendors
    assert [c["contact_type"] for c in stack.contacts() if c["contact_name"] == "Shannon Foods"] == ["customer"]
