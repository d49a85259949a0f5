"""Start the `ConnectionWorkflow` of a connection (the one way onboarding, the CLI and `dev` should use), and
tell a running one that re-authorization stored new credentials.

Idempotent: when the connection's workflow is already running (or continuing as new), the start attaches to
it instead of creating a second one, so a connection never has two token-refresh loops.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy

from activities.connection_models import ConnectionResult, ConnectionStatusView, ConnectionWorkflowInput
from workflows.connection import ConnectionWorkflow, connection_workflow_id


async def start_connection_workflow(
    client: Client, connection_id: str, *, task_queue: str
) -> WorkflowHandle[ConnectionWorkflow, ConnectionResult]:
    """Start the connection's workflow, or attach to the running one; returns a handle to it."""
    return await client.start_workflow(
        ConnectionWorkflow.run,
        ConnectionWorkflowInput(connection_id=connection_id),
        id=connection_workflow_id(connection_id),
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )


async def complete_reauth(client: Client, connection_id: str, *, rpc_timeout: timedelta) -> ConnectionStatusView:
    """Send `reauth_complete` to the connection's running workflow (back to `active`, refresh at once, Schedules
    unpaused); raises what the update raises (not running, refused by the validator, timed out)."""
    handle = client.get_workflow_handle_for(ConnectionWorkflow.run, connection_workflow_id(connection_id))
    return await handle.execute_update(ConnectionWorkflow.reauth_complete, rpc_timeout=rpc_timeout)
