"""Activity keeping a connection's Temporal Schedules in line with its health and settings.

Uses the worker's own client (`activity.client()`) and task queue, so the scheduled workflows run where the
connection's workflow runs. Idempotent: the Schedules are created or replaced with the wanted spec and pause
state, and deleting an absent one is fine. On a server without Schedules (Temporal's time-skipping test
server) there is nothing to delete, and creating or updating fails at once, non-retryable
(`SchedulesUnsupported`); the workflow tries again next cycle.
"""

from __future__ import annotations

import logging

from temporalio import activity
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from activities.connection_models import ConnectionSchedulesRequest, ConnectionSchedulesResult
from worker.schedules import delete_connection_schedules, ensure_connection_schedules

log = logging.getLogger(__name__)


@activity.defn(name="ensure_connection_schedules")
async def ensure_connection_schedules_activity(request: ConnectionSchedulesRequest) -> ConnectionSchedulesResult:
    """Create/update (running or paused) or delete every per-connection Schedule of the connection."""
    client = activity.client()
    try:
        if request.target == "deleted":
            ids = await delete_connection_schedules(client, request.connection_id)
        else:
            ids = await ensure_connection_schedules(
                client,
                request.connection_id,
                task_queue=activity.info().task_queue,
                settings=request.settings,
                paused=request.target == "paused",
            )
    except RPCError as err:
        if err.status != RPCStatusCode.UNIMPLEMENTED:
            raise
        if request.target == "deleted":
            return ConnectionSchedulesResult(schedule_ids=(), target=request.target)
        raise ApplicationError(
            "this Temporal server has no Schedules", type="SchedulesUnsupported", non_retryable=True
        ) from None
    log.info("schedules of connection %s %s: %s", request.connection_id, request.target, ", ".join(ids) or "none")
    return ConnectionSchedulesResult(schedule_ids=tuple(ids), target=request.target)
