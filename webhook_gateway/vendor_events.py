"""BILL `vendor.*` events start the vendor sync at once (the Schedule remains the safety net).

For every connection of the event's BILL organization, signal-with-start `VendorSyncWorkflow` under its fixed id
`vendor-sync/{connection_id}`: a burst of events collapses into the running sync plus one more pass. A Temporal
that does not answer within `START_TIMEOUT` is logged and skipped: the receipt is already stored and the next
scheduled sync reads the change anyway, so the delivery is still acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from temporalio.client import Client
from temporalio.service import RPCError

from activities.vendor_sync.models import VendorSyncInput
from webhook_gateway.deps import ConnectionLookup
from workflows.vendor_sync import SIGNAL_AGAIN, VendorSyncWorkflow, vendor_sync_workflow_id

log = logging.getLogger(__name__)

START_TIMEOUT = timedelta(seconds=3)


async def trigger_vendor_syncs(
    temporal: Client, connections: ConnectionLookup, bill_org_id: str, *, task_queue: str
) -> list[str]:
    """Signal-with-start the vendor sync of each connection of `bill_org_id`; the workflow ids reached."""
    siblings = await asyncio.to_thread(lambda: [c.id for c in connections.list() if c.bill_org_id == bill_org_id])
    started = []
    for connection_id in siblings:
        workflow_id = vendor_sync_workflow_id(connection_id)
        try:
            async with asyncio.timeout(START_TIMEOUT.total_seconds()):
                await temporal.start_workflow(
                    VendorSyncWorkflow.run,
                    VendorSyncInput(connection_id=connection_id),
                    id=workflow_id,
                    task_queue=task_queue,
                    start_signal=SIGNAL_AGAIN,
                )
        except (TimeoutError, RPCError) as exc:
            log.warning("vendor sync of connection %s not triggered (%s); the schedule will run it", connection_id, exc)
            continue
        started.append(workflow_id)
    return started
