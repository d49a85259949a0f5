"""A backfill of expenses: each unsettled Zoho expense created since the day goes to its keyed
`ExpenseSyncWorkflow` (S&E has no bulk create) and lands in Spend & Expense once; a second backfill only counts."""

from __future__ import annotations

import pytest

from activities.backfill.models import BackfillInput
from tests.backfill.conftest import BackfillStack
from tests.expenses.test_expense_sync import _enable_spend
from workflows.expense_sync import ExpenseSyncWorkflow, expense_workflow_id

pytestmark = pytest.mark.temporal


async def test_expenses_are_handed_to_their_keyed_workflows_once(backfill_stack: BackfillStack) -> None:
    stack = backfill_stack
    demo, seeded = stack.demo, stack.seeded
    _enable_spend(seeded, demo)
    paid_through = seeded.zoho.add_account(demo.zoho_org_id, "Petty Cash", "cash")
    account_id = next(iter(demo.zoho_account_ids.values()))
    ids = [
        seeded.zoho.add_expense(
            demo.zoho_org_id,
            account_id=account_id,
            paid_through_account_id=paid_through,
            amount=10.0 + i,
            date=seeded.zoho.clock.now().date(),
            currency_code="USD",  # what the S&E emulator reimburses
            description=f"Taxi {i}",
        )
        for i in range(3)
    ]
    since = stack.since()

    dry = BackfillInput(connection_id=demo.connection_id, since=since, entities=("expenses",), dry_run=True)
    planned = (await (await stack.start(dry)).result()).counts["expenses"]
    assert (planned.seen, planned.would_create, planned.handed_off) == (3, 3, 0)
    assert seeded.bill.reimbursements(demo.bill_org_id) == []

    params = BackfillInput(connection_id=demo.connection_id, since=since, entities=("expenses",))
    counts = (await (await stack.start(params)).result()).counts["expenses"]
    assert (counts.seen, counts.handed_off) == (3, 3)
    for expense_id in ids:
        handle = stack.env.client.get_workflow_handle_for(
            ExpenseSyncWorkflow.run, expense_workflow_id(demo.zoho_org_id, expense_id)
        )
        assert (await handle.result()).status == "synced"
    assert len(seeded.bill.reimbursements(demo.bill_org_id)) == 3

    again = (await (await stack.start(params)).result()).counts["expenses"]
    assert (again.seen, again.already_synced, again.handed_off) == (3, 3, 0)
    assert len(seeded.bill.reimbursements(demo.bill_org_id)) == 3
