"""Start the `ConnectionWorkflow` of a connection: the one way onboarding, the CLI and `dev` should use.

Idempotent: when the connection's workflow is already running (or continuing as new), the start attaches to
it instead of creating a second one, so a connection never has two token-refresh loops.
"""

from __future__ import annotations

from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy

from activities.connection_models import ConnectionResult, ConnectionWorkflowInput
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
