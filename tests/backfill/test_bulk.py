"""Backfill on a real Temporal dev server with the emulators: bulk creation, a bad record split out, dry run."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from temporalio.client import WorkflowFailureError

from activities.backfill.models import BackfillInput
from activities.rate_budget.schema import budget_admission
from emulators.faults import Fault, FaultKind
from persistence.db import make_engine
from tests.backfill.conftest import BackfillStack
from workflows.bill_sync import BillSyncWorkflow
from workflows.ids import bill_workflow_id
from workflows.search_attributes import BILL_BILL_ID, SYNC_STATUS

pytestmark = pytest.mark.temporal

BULK_PATH = "/v3/bills/bulk"


def budget_admissions(stack: BackfillStack, key: str) -> int:
    """Requests the org's shared rate budget admitted under `key` (its sliding-window log)."""
    engine = make_engine(stack.seeded.settings.effective_database_url())
    with engine.connect() as connection:
        query = select(func.count()).select_from(budget_admission).where(budget_admission.c.key == key)
        return int(connection.execute(query).scalar_one())


def bulk_calls(stack: BackfillStack) -> int:
    return sum(1 for r in stack.seeded.bill.request_log if r.method == "POST" and r.path.endswith(BULK_PATH))


async def test_fresh_bills_are_created_in_bulk_and_linked(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    ids = stack.add_bills(30)
    handle = await stack.start(BackfillInput(connection_id=stack.demo.connection_id, since=stack.since()))
    result = await handle.result()

    counts = result.counts["bills"]
    assert (counts.seen, counts.created, counts.handed_off, counts.failed) == (30, 30, 0, 0)
    bills = stack.bill_bills()
    assert len(bills) == 30
    assert bulk_calls(stack) == 1
    by_id = {b["id"]: b for b in bills}
    for zoho_bill_id in ids:
        record = stack.seeded.store.records.get(stack.demo.zoho_org_id, "bill", zoho_bill_id)
        assert record is not None
        assert record.status == "synced"
        assert record.bill_id in by_id
        claim = await stack.env.client.get_workflow_handle(
            bill_workflow_id(stack.demo.zoho_org_id, zoho_bill_id)
        ).result()
        assert claim["bill_bill_id"] == record.bill_id
    shown = await stack.env.client.get_workflow_handle(bill_workflow_id(stack.demo.zoho_org_id, ids[0])).describe()
    assert shown.typed_search_attributes.get(SYNC_STATUS) == "synced"
    assert shown.typed_search_attributes.get(BILL_BILL_ID) is not None

    zoho_calls = stack.seeded.zoho.stats.api_calls[stack.demo.zoho_org_id]
    assert zoho_calls == budget_admissions(stack, f"zoho:{stack.demo.zoho_org_id}:minute"), "every call was budgeted"
    lookups = len(stack.demo.zoho_account_ids) + 1  # each account, and the vendor's contact (identity rules), once
    assert zoho_calls <= 30 + 1 + lookups, "one read per bill, one list, the batch's account and vendor lookups"

    again = await (
        await stack.start(BackfillInput(connection_id=stack.demo.connection_id, since=stack.since()))
    ).result()
    assert again.counts["bills"].already_synced == 30
    assert len(stack.bill_bills()) == 30, "a second backfill creates nothing"


async def test_a_bad_record_is_split_out_and_ends_failed_in_its_keyed_workflow(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    demo, zoho = stack.demo, stack.seeded.zoho
    ids = stack.add_bills(9)
    broken_account = zoho.add_account(demo.zoho_org_id, "Broken", "expense", account_code="9999")
    stack.seeded.store.mappings.link(demo.connection_id, "account", broken_account, "0ca01NOSUCHACCOUNT")
    bad = stack.add_bill("BF-BAD", broken_account, 5)
    result = await (await stack.start(BackfillInput(connection_id=demo.connection_id, since=stack.since()))).result()

    counts = result.counts["bills"]
    assert (counts.seen, counts.created, counts.failed, counts.handed_off) == (10, 9, 1, 1)
    keyed = stack.env.client.get_workflow_handle_for(BillSyncWorkflow.run, bill_workflow_id(demo.zoho_org_id, bad))
    with pytest.raises(WorkflowFailureError):
        await keyed.result()
    record = stack.seeded.store.records.get(demo.zoho_org_id, "bill", bad)
    assert record is not None
    assert record.status == "failed"
    assert record.last_error
    assert sorted(b["invoice"]["invoiceNumber"] for b in stack.bill_bills()) == sorted(f"BF-{i:04}" for i in range(9))
    assert 3 <= bulk_calls(stack) <= 1 + 2 * 4, "split in halves down to the bad record"
    assert len(ids) == 9


async def test_dry_run_counts_and_writes_nothing(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    stack.add_bills(12)
    before = len(stack.seeded.bill.request_log)
    params = BackfillInput(connection_id=stack.demo.connection_id, since=stack.since(), dry_run=True, page_size=5)
    result = await (await stack.start(params)).result()

    counts = result.counts["bills"]
    assert (counts.seen, counts.would_create, counts.created, counts.handed_off) == (12, 12, 0, 0)
    assert len(stack.seeded.bill.request_log) == before, "no BILL call"
    assert stack.seeded.store.records.list(stack.demo.connection_id) == []


async def test_a_bulk_call_lost_after_bill_committed_is_adopted_by_the_retry(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    stack.add_bills(12)
    lost = stack.seeded.bill.faults.add(
        Fault(FaultKind.DROP_AFTER_COMMIT, path=f"{BULK_PATH}$", method="POST", status=500)
    )
    result = await (
        await stack.start(BackfillInput(connection_id=stack.demo.connection_id, since=stack.since()))
    ).result()

    assert lost.hits == 1
    counts = result.counts["bills"]
    assert (counts.created, counts.adopted, counts.handed_off) == (0, 12, 0), "the retry looked up before creating"
    assert bulk_calls(stack) == 1
    assert len(stack.bill_bills()) == 12
    records = stack.seeded.store.records.list(stack.demo.connection_id)
    assert {(r.status, r.bill_id is not None) for r in records} == {("synced", True)}
