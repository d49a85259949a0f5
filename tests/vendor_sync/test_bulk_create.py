"""New BILL vendors of one pass go through `POST /v3/vendors/bulk` (≤ 20 a call, halved on a refusal), exactly once."""

from __future__ import annotations

from emulators.faults import Fault, FaultKind
from tests.vendor_sync.conftest import VendorStack

BULK_PATH = "/v3/vendors/bulk"


def creates(stack: VendorStack) -> tuple[int, int]:
    """(bulk calls, single-vendor create calls) the BILL emulator served."""
    log = [r for r in stack.seeded.bill.request_log if r.method == "POST"]
    return sum(r.path.endswith(BULK_PATH) for r in log), sum(r.path.endswith("/v3/vendors") for r in log)


def add_suppliers(stack: VendorStack, count: int) -> list[str]:
    """`count` new Zoho vendors with distinct names and emails."""
    return [stack.add_contact(f"Supplier {n:02d}", email=f"ap{n:02d}@suppliers.test") for n in range(count)]


def linked_bill_ids(stack: VendorStack) -> dict[str, str]:
    """Zoho contact id -> BILL vendor id, as the connector's mappings say."""
    return {m.zoho_id: m.bill_id for m in stack.store().mappings.list(stack.demo.connection_id, "vendor")}


async def test_many_new_vendors_are_created_in_batches_of_twenty(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    zoho_ids = add_suppliers(stack, 24)  # + the demo's Dublin Office Services: 25 new vendors

    result = await stack.sync()

    assert result.actions == {"bill.create": 25}
    assert creates(stack) == (2, 0)  # 20 + 5
    vendors = {v["id"]: v for v in stack.vendors()}
    assert len(vendors) == 25
    links = linked_bill_ids(stack)
    for n, zoho_id in enumerate(zoho_ids):
        assert vendors[links[zoho_id]]["email"] == f"ap{n:02d}@suppliers.test"
    assert (await stack.sync()).writes == 0


async def test_a_bad_record_fails_alone_and_the_rest_land(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    add_suppliers(stack, 6)
    bad = stack.add_contact("   ")  # BILL refuses a blank vendor name, so the whole batch it is in

    result = await stack.sync()

    assert result.failed == 1
    assert sorted(v["name"] for v in stack.vendors()) == sorted(
        ["Dublin Office Services", *(f"Supplier {n:02d}" for n in range(6))]
    )
    assert bad not in linked_bill_ids(stack)
    # 8 new vendors, the bad one last: 8 refused, 4 land, 4 refused, 2 land, 2 refused, then 1 + 1 alone
    assert creates(stack) == (5, 2)
    record = stack.seeded.store.records.get(stack.demo.zoho_org_id, "vendor", bad)
    assert record is not None
    assert "vendor_refused" in [entry.kind for entry in stack.seeded.store.audit.events(record.id)]


async def test_a_bulk_answer_lost_after_bill_committed_creates_no_duplicates(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    zoho_ids = add_suppliers(stack, 4)
    lost = stack.seeded.bill.faults.add(
        Fault(FaultKind.DROP_AFTER_COMMIT, path=f"{BULK_PATH}$", method="POST", status=500)
    )

    result = await stack.sync()

    assert lost.hits == 1
    assert creates(stack) == (1, 0), "the retried attempt found the committed vendors instead of re-creating"
    assert result.linked == 5
    vendors = stack.vendors()
    assert len(vendors) == 5
    links = linked_bill_ids(stack)
    assert {links[z] for z in zoho_ids} <= {v["id"] for v in vendors}
    assert (await stack.sync()).writes == 0
