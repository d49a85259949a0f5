"""429 and 5xx storms from Zoho Books and BILL, with and without Retry-After: every throttled or failed call
is retried (after the vendor's Retry-After when sent, else the retry policy's back-off) and every bill ends
in BILL exactly once. One storm answers 500 *after* BILL committed each write: the retries must find the
committed bills (lookup before create) instead of creating them again.

Zoho's per-minute code 44 and BILL's hourly BDC_1144 without Retry-After mean "wait a minute" and "wait for
the next hour" (`clients/zoho/_errors.py`, `clients/bill/_errors.py`); a real-time suite cannot wait that long,
so the storms without Retry-After use the concurrency codes (Zoho 1070, BILL BDC_1322) and server errors.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from emulators.faults import FaultKind
from tests.e2e.conftest import Stack
from tests.fault.api.flow import VendorFault, statuses, sync_once
from tests.fault.conftest import world_of
from tests.fault.invariants import assert_invariants

pytestmark = [pytest.mark.temporal, pytest.mark.fault]

BILLS_PER_ORG = 8
STORM = 12
"""Answers the storm replaces: more than half of the first attempts of 16 bills."""

ZOHO_BOOKS = r"/api/books/v3/"
BILL_CALLS = r"^/connect/v3/(bills|vendors)"


STORMS = {
    "zoho-429-44-retry-after": VendorFault("zoho", FaultKind.RATE_LIMIT, ZOHO_BOOKS, retry_after=1),
    "zoho-429-1070-no-retry-after": VendorFault("zoho", FaultKind.RATE_LIMIT, ZOHO_BOOKS, code="1070"),
    "zoho-500-no-retry-after": VendorFault("zoho", FaultKind.SERVER_ERROR, ZOHO_BOOKS, status=500),
    "zoho-503-retry-after": VendorFault("zoho", FaultKind.SERVER_ERROR, ZOHO_BOOKS, status=503, retry_after=1),
    "bill-429-1144-retry-after": VendorFault("bill", FaultKind.RATE_LIMIT, BILL_CALLS, retry_after=1),
    "bill-429-1322-no-retry-after": VendorFault("bill", FaultKind.RATE_LIMIT, BILL_CALLS, code="BDC_1322"),
    "bill-503-no-retry-after": VendorFault("bill", FaultKind.SERVER_ERROR, BILL_CALLS, status=503),
    "bill-502-retry-after": VendorFault("bill", FaultKind.SERVER_ERROR, BILL_CALLS, status=502, retry_after=1),
    "bill-500-after-commit": VendorFault("bill", FaultKind.DROP_AFTER_COMMIT, BILL_CALLS, status=500),
}


async def retry_delays(stack: Stack) -> list[timedelta]:
    """The `next_retry_delay` of the last failed attempt of every activity that was retried, over every history."""
    client, delays = stack.env.client, []
    async for execution in client.list_workflows(f'TaskQueue = "{stack.seeded.settings.task_queue}"'):
        history = await client.get_workflow_handle(execution.id, run_id=execution.run_id).fetch_history()
        for event in history.events:
            started = event.activity_task_started_event_attributes
            if event.HasField("activity_task_started_event_attributes") and started.HasField("last_failure"):
                delays.append(started.last_failure.application_failure_info.next_retry_delay.ToTimedelta())
    return delays


@pytest.mark.parametrize("storm", list(STORMS.values()), ids=list(STORMS))
async def test_storm_is_retried_to_one_bill_each(
    stack: Stack, storm: VendorFault, logs: pytest.LogCaptureFixture
) -> None:
    fault = storm.arm(stack, STORM)

    outcomes = await sync_once(stack, BILLS_PER_ORG)

    assert fault.hits == STORM, "the whole storm was answered"
    assert statuses(outcomes) == ["synced"] * (2 * BILLS_PER_ORG)
    delays = await retry_delays(stack)
    assert delays, "refused calls were retried by Temporal"
    if storm.retry_after is not None:
        assert set(delays) == {timedelta(seconds=storm.retry_after)}, "retried after the vendor's Retry-After"
    else:
        assert set(delays) == {timedelta(0)}, "no delay of our own: the retry policy's back-off"
    await assert_invariants(world_of(stack), [r.getMessage() for r in logs.records])
