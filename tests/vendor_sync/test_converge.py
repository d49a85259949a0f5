"""Both sides converge after one sync, and a second sync writes nothing."""

from __future__ import annotations

from tests.vendor_sync.conftest import VendorStack


async def test_changes_on_both_sides_converge_and_a_second_sync_writes_nothing(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    first = await stack.sync()
    assert first.actions == {"bill.create": 1}  # the demo's Zoho vendor reaches BILL
    dublin = stack.vendor("Dublin Office Services")

    zoho_new = stack.add_contact("Cork Paper Co", email="sales@corkpaper.test", phone="+353 21 555 0100")
    stack.add_vendor("Galway Couriers", email="ops@galway.test", billCurrency="EUR")
    stack.edit_vendor(dublin["id"], email="billing@dublin-office.test")
    stack.edit_contact(stack.contact("Dublin Office Services")["contact_id"], company_name="Dublin Office Services Ltd")
    stack.tick()

    second = await stack.sync()
    assert second.actions == {"bill.create": 1, "zoho.create": 1, "bill.update": 1, "zoho.update": 1}
    assert stack.vendor("Cork Paper Co")["email"] == "sales@corkpaper.test"
    assert stack.contact_email("Galway Couriers") == "ops@galway.test"
    assert stack.contact_email("Dublin Office Services") == "billing@dublin-office.test"
    assert stack.vendor("Dublin Office Services")["additionalInfo"]["companyName"] == "Dublin Office Services Ltd"
    assert zoho_new in {c["contact_id"] for c in stack.contacts()}

    third = await stack.sync()
    assert third.writes == 0, third.actions


async def test_archiving_propagates_both_ways(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    await stack.sync()
    zoho_id = stack.contact("Dublin Office Services")["contact_id"]
    bill_id = stack.vendor("Dublin Office Services")["id"]

    stack.edit_contact(zoho_id, status="inactive")
    stack.tick()
    archived = await stack.sync()
    assert archived.actions == {"bill.archive": 1}
    assert stack.vendor("Dublin Office Services")["archived"] is True

    stack.restore_vendor(bill_id)
    stack.tick()
    restored = await stack.sync()
    assert restored.actions == {"zoho.restore": 1}
    assert stack.contact("Dublin Office Services")["status"] == "active"
    assert (await stack.sync()).writes == 0


async def test_a_link_made_elsewhere_fills_gaps_instead_of_blanking(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    zoho_id = stack.add_contact("Wexford Fuels", email="accounts@wexford.test")
    bill_id = stack.add_vendor("Wexford Fuels", phone="+353 53 555 0199")
    stack.seeded.store.mappings.link(stack.demo.connection_id, "vendor", zoho_id, bill_id)  # as the bill pipeline does

    await stack.sync()

    assert stack.vendor("Wexford Fuels")["email"] == "accounts@wexford.test"
    persons = stack.contact("Wexford Fuels")["contact_persons"]
    assert [(p["email"], p["phone"]) for p in persons] == [("accounts@wexford.test", "+353 53 555 0199")]


async def test_a_new_zoho_vendor_reaches_bill_with_its_accounting_fields(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    address = {"address": "1 Quay St", "city": "Galway", "zip": "H91", "country": "Ireland"}
    stack.add_contact("Clare Stone", company_name="Clare Stone DAC", gst_no="IE1234567T", billing_address=address)

    await stack.sync()

    vendor = stack.vendor("Clare Stone")
    assert vendor["additionalInfo"]["taxId"] == "IE1234567T"
    assert vendor["additionalInfo"]["companyName"] == "Clare Stone DAC"
    assert (vendor["address"]["line1"], vendor["address"]["city"]) == ("1 Quay St", "Galway")
    assert vendor["billCurrency"] == stack.contact("Clare Stone")["currency_code"]
    assert (await stack.sync()).writes == 0
