"""`VendorSyncWorkflow`: keep a connection's Zoho vendor contacts and BILL vendors in agreement.

Started by the connection's Schedule (`worker.schedules.VENDOR_SYNC`, overlap skipped) and, immediately, by BILL
`vendor.*` webhooks: the gateway signal-with-starts the fixed id `vendor-sync/{connection_id}`, so a burst of
events collapses into the running sync plus at most one more pass (an `again` signal received after the pass
began makes the workflow continue as new once it ends). A dry run (`dry_run=True`) only counts.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.vendor_sync.activities import VendorSyncActivities
    from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
    from workflows.options import API_RETRY, ActivityOptions

SIGNAL_AGAIN = "again"
VENDOR_SYNC = ActivityOptions(
    start_to_close_timeout=timedelta(minutes=15),
    schedule_to_close_timeout=timedelta(hours=6),
    retry_policy=RetryPolicy(
        initial_interval=API_RETRY.initial_interval,
        backoff_coefficient=API_RETRY.backoff_coefficient,
        maximum_interval=API_RETRY.maximum_interval,
    ),
)
"""One whole vendor sync of a connection. Attempts are not counted, only bounded in time: a first sync of many
vendors spends minutes of the Zoho budget (one detail read per contact), and each rate-limited attempt resumes
where the last one saved its progress."""


def vendor_sync_workflow_id(connection_id: str) -> str:
    """The fixed id webhook-triggered syncs of a connection share (bursts collapse into one run)."""
    return f"vendor-sync/{connection_id}"


@workflow.defn
class VendorSyncWorkflow:
    """One vendor sync pass (plus one more if a BILL vendor event arrived meanwhile)."""

    def __init__(self) -> None:
        self._events = 0

    @workflow.signal(name=SIGNAL_AGAIN)
    def again(self) -> None:
        """A BILL vendor changed: run one more pass after this one, unless this one has not started yet."""
        self._events += 1

    @workflow.run
    async def run(self, params: VendorSyncInput) -> VendorSyncResult:
        """Sync (or plan, in a dry run); continue as new once if signalled after the pass began."""
        covered = self._events  # signals delivered with the start (signal-with-start) are read by this pass
        result = await workflow.execute_activity_method(VendorSyncActivities.sync_vendors, params, **VENDOR_SYNC)
        if self._events > covered and not params.dry_run:
            await workflow.wait_condition(workflow.all_handlers_finished)
            workflow.continue_as_new(params)
        return result
