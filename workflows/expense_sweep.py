"""`ExpenseSweepWorkflow`: the expense polling sweep of one connection (Schedule `expense-poll/{connection_id}`).

Starts the keyed `ExpenseSyncWorkflow` of every unsettled expense created since the last sweep, from one
activity (see `activities.expenses.sweep` for why starts come from an activity and how the cursor moves).
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.expenses.sweep import ExpenseSweepActivities, ExpenseSweepInput, ExpenseSweepResult
    from workflows.options import BILL_LOOKUP


@workflow.defn
class ExpenseSweepWorkflow:
    """One sweep of a connection's Zoho expenses."""

    @workflow.run
    async def run(self, params: ExpenseSweepInput) -> ExpenseSweepResult:
        """What the sweep listed and started."""
        return await workflow.execute_activity_method(ExpenseSweepActivities.sweep_expenses, params, **BILL_LOOKUP)
