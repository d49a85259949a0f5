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
