"""`AccountSyncWorkflow`: make a connection's Zoho chart of accounts and BILL chart of accounts agree.

Id `account-sync/{connection_id}` (the Schedule's). One read-only planning activity, then, unless the input
asks for a dry run or the plan is empty, one apply activity that re-plans from fresh reads and writes (so a
retry never creates an account twice). A second run right after a sync plans nothing and writes nothing.
Matching, hashing and what propagates: `activities.account_sync.plan`; design notes: docs/expenses-and-pos.md.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.account_sync import AccountSyncActivities
    from activities.account_sync.models import AccountSyncInput, AccountSyncResult
    from workflows.options import BILL_CREATE, BILL_LOOKUP


def account_sync_workflow_id(connection_id: str) -> str:
    """Id of a connection's account sync (one at a time per connection)."""
    return f"account-sync/{connection_id}"


@workflow.defn
class AccountSyncWorkflow:
    """Plan the chart-of-accounts sync, then apply it unless it is a dry run or there is nothing to do."""

    @workflow.run
    async def run(self, params: AccountSyncInput) -> AccountSyncResult:
        """The plan, and what was applied (nothing for a dry run or an empty plan)."""
        plan = await workflow.execute_activity_method(AccountSyncActivities.plan_account_sync, params, **BILL_LOOKUP)
        if params.dry_run or plan.writes == 0:
            return AccountSyncResult(dry_run=params.dry_run, plan=plan)
        return await workflow.execute_activity_method(AccountSyncActivities.apply_account_sync, params, **BILL_CREATE)
