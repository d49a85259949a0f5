"""Conflicts follow the ownership policy and are audited; a dry run writes nothing anywhere."""

from __future__ import annotations

from tests.vendor_sync.conftest import VendorStack


async def test_a_conflict_follows_field_ownership_and_is_audited(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    await stack.sync()
    zoho_id = stack.contact("Dublin Office Services")["contact_id"]
    bill_id = stack.vendor("Dublin Office Services")["id"]
    stack.edit_contact(zoho_id, contact_name="Dublin Office Services Group", company_name="DOS Group")
    stack.edit_vendor(bill_id, name="Dublin Office Svcs", email="pay@dos.test")
    stack.tick()

    result = await stack.sync()

    assert result.conflicts == 1
    vendor = stack.seeded.bill.vendors(stack.demo.bill_org_id)
    assert [v["name"] for v in vendor if v["id"] == bill_id] == ["Dublin Office Services Group"]  # Zoho owns name
    assert stack.contact_email("Dublin Office Services Group") == "pay@dos.test"  # BILL owns email
    record = stack.seeded.store.records.get(stack.demo.zoho_org_id, "vendor", zoho_id)
    assert record is not None
    conflicts = [e.detail for e in stack.seeded.store.audit.events(record.id) if e.kind == "vendor_conflict"]
    assert conflicts == [{"bill_vendor_id": bill_id, "winners": {"name": "zoho"}}]
    assert (await stack.sync()).writes == 0


async def test_a_dry_run_reports_the_plan_and_writes_nothing(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    stack.add_vendor("Galway Couriers", email="ops@galway.test")
    contacts, vendors = stack.contacts(), stack.vendors()

    planned = await stack.sync(dry_run=True)

    assert planned.dry_run
    assert planned.actions == {"bill.create": 1, "zoho.create": 1}
    assert (stack.contacts(), stack.vendors()) == (contacts, vendors)
    assert stack.store().states.all(stack.demo.connection_id, "zoho") == {}
    applied = await stack.sync()
    assert applied.actions == planned.actions
