"""A rate-limited attempt resumes: what an earlier attempt saved is not read again, and nothing is duplicated."""

from __future__ import annotations

from activities.vendor_sync.run import CHECKPOINT
from clients.bill._vendors import VENDORS_BULK_LIMIT
from emulators.faults import Fault, FaultKind
from tests.vendor_sync.conftest import VendorStack

VENDORS = 30


async def test_a_rate_limited_first_sync_resumes_without_rereading_or_duplicating(vendor_stack: VendorStack) -> None:
    stack = vendor_stack
    ids = [stack.add_contact(f"Resume Vendor {i:02d}", email=f"ap{i}@resume.test") for i in range(VENDORS)]
    last = max(ids)  # contacts are handled in id order: the limit hits after every other one was synced
    limit = stack.seeded.zoho.faults.add(Fault(kind=FaultKind.RATE_LIMIT, path=f"/contacts/{last}$", retry_after=1))
    org = stack.demo.zoho_org_id
    before = stack.seeded.zoho.stats.api_calls[org]

    await stack.sync()

    assert limit.hits == 1
    reads = stack.seeded.zoho.stats.api_calls[org] - before
    # new vendors are created and saved a bulk batch at a time: the 31 (with Dublin) minus the refused one, the
    # ones after the last full batch were read but not yet created (nor saved) by the first attempt
    unsaved = VENDORS % VENDORS_BULK_LIMIT
    assert VENDORS_BULK_LIMIT <= CHECKPOINT
    # two list pages, every contact once, the unsaved ones and the refused read once more
    assert reads <= 2 + VENDORS + unsaved + 1, reads
    assert reads < 2 * VENDORS, "the retry must not read every contact again"
    names = [v["name"] for v in stack.vendors()]
    assert sorted(names) == sorted({*names})  # no BILL vendor twice
    assert len(names) == VENDORS + 1  # the 30 and the demo's Dublin vendor
    assert (await stack.sync()).writes == 0
