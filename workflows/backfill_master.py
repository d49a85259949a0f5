"""The master-data entities of a backfill: the chart of accounts and vendors, run as the connection's own
`AccountSyncWorkflow` / `VendorSyncWorkflow` (child workflows under their fixed ids), with their results read
as backfill counts (`adopted`: records linked to their counterpart by the identity rules, or in a dry run
the links a sync would make). They are whole-connection syncs (neither API filters by modification time, see their
modules), so `since` does not narrow them. A sync of the same id already running (a BILL vendor webhook, an
operator) covers the entity: it is counted as handed off, not run twice.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from temporalio import workflow
from temporalio.exceptions import WorkflowAlreadyStartedError

with workflow.unsafe.imports_passed_through():
    from activities.account_sync.models import AccountSyncInput
    from activities.backfill.models import BackfillCounts
    from activities.vendor_sync.models import VendorSyncInput

from workflows.account_sync import AccountSyncWorkflow, account_sync_workflow_id
from workflows.vendor_sync import VendorSyncWorkflow, vendor_sync_workflow_id

R = TypeVar("R")


async def _unless_running(child: Awaitable[R]) -> R | None:
    """The child's result, or None when a workflow already runs under its id (that run covers the entity)."""
    try:
        return await child
    except WorkflowAlreadyStartedError:
        return None


async def sync_accounts(connection_id: str, dry_run: bool) -> BackfillCounts:
    """Run the connection's chart-of-accounts sync (or its plan, in a dry run) and count it."""
    params = AccountSyncInput(connection_id=connection_id, dry_run=dry_run)
    result = await _unless_running(
        workflow.execute_child_workflow(AccountSyncWorkflow.run, params, id=account_sync_workflow_id(connection_id))
    )
    if result is None:
        return BackfillCounts(handed_off=1)
    plan = result.plan
    creates = len(plan.create_in_bill) + len(plan.create_in_zoho)
    updates = len(plan.update_in_bill)
    seen = creates + updates + len(plan.link) + plan.unchanged + len(plan.not_synced)
    common = {"seen": seen, "already_synced": plan.unchanged, "needs_mapping": len(plan.not_synced)}
    if dry_run:
        return BackfillCounts(**common, adopted=len(plan.link), would_create=creates, would_update=updates)
    return BackfillCounts(
        **common,
        created=result.created_in_bill + result.created_in_zoho,
        adopted=result.linked,
        updated=result.updated_in_bill,
        failed=len(result.failed),
    )


async def sync_vendors(connection_id: str, dry_run: bool) -> BackfillCounts:
    """Run the connection's vendor sync (or its plan, in a dry run) and count it."""
    params = VendorSyncInput(connection_id=connection_id, dry_run=dry_run)
    result = await _unless_running(
        workflow.execute_child_workflow(VendorSyncWorkflow.run, params, id=vendor_sync_workflow_id(connection_id))
    )
    if result is None:
        return BackfillCounts(handed_off=1)
    actions = result.actions
    creates = actions.get("bill.create", 0) + actions.get("zoho.create", 0)
    updates = result.writes - creates
    common = {
        "seen": result.zoho_read,
        "needs_mapping": result.ambiguous + result.pending,
        "failed": result.failed,
        "adopted": result.linked,
    }
    if dry_run:
        return BackfillCounts(**common, would_create=creates, would_update=updates)
    return BackfillCounts(**common, created=creates, updated=updates)
