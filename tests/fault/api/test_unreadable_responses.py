"""Malformed JSON and HTML error pages from Zoho Books and BILL.

A truncated JSON body or an HTML 502 page is `Unavailable` (retryable): the call is retried and every bill
reaches BILL once. An HTML page with a 4xx status is classified by that status (Zoho 404 `NotFound`, BILL
400 `PayloadRejected`), permanent: the bill stops `failed` with the reason in its record and audit trail,
nothing is created, and `ml-connector replay` syncs it once the vendor answers properly again.
"""

from __future__ import annotations

import pytest

from cli.records import replay_record
from emulators.faults import FaultKind
from persistence.vocabulary import SyncStatus
from tests.e2e.conftest import Stack
from tests.fault.api.flow import VendorFault, enter_in_every_org, results, statuses, sync_once
from tests.fault.conftest import world_of
from tests.fault.invariants import (
    assert_failures_audited,
    assert_invariants,
    assert_no_duplicates,
    assert_nothing_lost,
    bill_records,
)

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

BILLS_PER_ORG = 6
BAD_ANSWERS = 8

ZOHO_BILL_READ = r"/api/books/v3/bills/\d+$"
BILL_CREATE = r"^/connect/v3/bills$"

RETRYABLE = {
    "zoho-truncated-json": VendorFault("zoho", FaultKind.MALFORMED_JSON, ZOHO_BILL_READ, "GET"),
    "zoho-html-502": VendorFault("zoho", FaultKind.HTML_ERROR, ZOHO_BILL_READ, "GET"),
    "bill-truncated-json": VendorFault("bill", FaultKind.MALFORMED_JSON, BILL_CREATE, "POST"),
    "bill-html-502": VendorFault("bill", FaultKind.HTML_ERROR, BILL_CREATE, "POST"),
}
PERMANENT = {
    "zoho-html-404": (VendorFault("zoho", FaultKind.HTML_ERROR, ZOHO_BILL_READ, "GET", status=404), "NotFound"),
    "bill-html-400": (VendorFault("bill", FaultKind.HTML_ERROR, BILL_CREATE, "POST", status=400), "PayloadRejected"),
}
"""HTML pages with a 4xx status, and the permanent error class the client must classify each as."""


@pytest.mark.parametrize("bad", list(RETRYABLE.values()), ids=list(RETRYABLE))
async def test_retryable_unreadable_answers_are_retried(
    stack: Stack, bad: VendorFault, logs: pytest.LogCaptureFixture
) -> None:
    fault = bad.arm(stack, BAD_ANSWERS)

    outcomes = await sync_once(stack, BILLS_PER_ORG)

    assert fault.hits == BAD_ANSWERS
    assert statuses(outcomes) == ["synced"] * (2 * BILLS_PER_ORG)
    await assert_invariants(world_of(stack), [r.getMessage() for r in logs.records])


@pytest.mark.parametrize(("bad", "error"), list(PERMANENT.values()), ids=list(PERMANENT))
async def test_permanent_unreadable_answers_stop_visibly_and_replay_recovers(
    stack: Stack, bad: VendorFault, error: str, logs: pytest.LogCaptureFixture
) -> None:
    fault = bad.arm(stack, times=1)
    entered = enter_in_every_org(stack, BILLS_PER_ORG)
    assert await stack.deliver_webhooks() == [202] * (2 * BILLS_PER_ORG)

    outcomes = await results(stack, entered)

    assert fault.hits == 1
    assert sorted(statuses(outcomes)) == ["error"] + ["synced"] * (2 * BILLS_PER_ORG - 1), "only the hit bill failed"
    world = world_of(stack)
    failed = [r for pair in world.pairs for r in bill_records(world, pair).values() if r.status != SyncStatus.SYNCED]
    assert [r.status for r in failed] == [SyncStatus.FAILED]
    assert error in (failed[0].last_error or ""), "classified as permanent, with the reason recorded"
    assert_nothing_lost(world)
    assert_failures_audited(world)
    assert_no_duplicates(world)

    await replay_record(world.client, failed[0], task_queue=world.settings.task_queue)
    replayed = await stack.result(
        next(d for d in stack.seeded.demos.values() if d.zoho_org_id == failed[0].zoho_org_id), failed[0].zoho_id
    )
    assert replayed.status == "synced"
    await assert_invariants(world, [r.getMessage() for r in logs.records])
