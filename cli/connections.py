"""`ml-connector connections`: every connection with its health, reason, rate-budget use and last sync, as a table
(exit 3 when the store is unreachable); `disconnect`, `pause` and `resume` of one connection (through its
workflow; exit 2 for an unknown connection, 3 when Temporal is unreachable)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rich.console import Console
from rich.table import Column, Table
from sqlalchemy.exc import SQLAlchemyError
from temporalio.client import Client, WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from activities.connection_models import ConnectionWorkflowInput
from cli.budget_use import UNKNOWN, BudgetUse
from cli.failures import UNREACHABLE_EXIT, CliFailure, find_connection, temporal_client
from common.settings import Settings
from persistence.crypto import CredentialCipher
from persistence.db import make_engine
from persistence.repositories import ConnectionRepo, CredentialStore, SyncRecordRepo
from persistence.vocabulary import ConnectionStatus, CredentialKind, OwnerKind, SyncStatus
from workflows.connection import ConnectionWorkflow, connection_workflow_id

__all__ = [
    "UNREACHABLE_EXIT",
    "ConnectionHealth",
    "change_connection",
    "connection_health",
    "disconnect_connection",
    "health_table",
    "list_connections",
]

_STYLE: dict[str, str] = {
    ConnectionStatus.ACTIVE: "green",
    ConnectionStatus.NEEDS_REAUTH: "red",
    ConnectionStatus.PAUSED: "yellow",
    ConnectionStatus.DISCONNECTED: "dim",
}


@dataclass(frozen=True)
class ConnectionHealth:
    """One row of the connections listing (ids and names only)."""

    connection_id: str
    name: str
    status: str
    reason: str | None
    zoho_dc: str
    zoho_org: str
    bill_org_id: str
    last_sync: datetime | None
    zoho_budget: str = UNKNOWN
    bill_budget: str = UNKNOWN


def connection_health(
    connections: ConnectionRepo, records: SyncRecordRepo, budget: BudgetUse | None = None
) -> list[ConnectionHealth]:
    """Every connection, by name; `last_sync` is when its most recent record reached BILL (None if never),
    the budget columns what its Zoho organization and BILL devKey have used of their windows."""
    rows = []
    for c in connections.list():
        synced = records.list(connection_id=c.id, status=SyncStatus.SYNCED.value, limit=1)
        rows.append(
            ConnectionHealth(
                connection_id=c.id,
                name=c.name,
                status=c.status,
                reason=c.status_reason,
                zoho_dc=c.zoho_dc,
                zoho_org=f"{c.zoho_org_name} ({c.zoho_org_id})",
                bill_org_id=c.bill_org_id,
                last_sync=synced[0].updated_at if synced else None,
                zoho_budget=budget.zoho(c.zoho_org_id) if budget else UNKNOWN,
                bill_budget=budget.bill(c.bill_org_id) if budget else UNKNOWN,
            )
        )
    return rows


def health_table(rows: list[ConnectionHealth]) -> Table:
    """The listing: one row per connection, status coloured; ids never wrapped or cut (they are copied into
    other commands, e.g. the Temporal CLI's workflow ids)."""
    id_column = Column("Id", no_wrap=True, min_width=max((len(r.connection_id) for r in rows), default=2))
    columns = (
        *("Connection", id_column, "Status", "Reason", "DC", "Zoho org", "BILL org"),
        *("Zoho budget", "BILL budget", "Last sync"),
    )
    table = Table(*columns, title="Connections")
    for row in rows:
        style = _STYLE.get(row.status)
        table.add_row(
            row.name,
            row.connection_id,
            f"[{style}]{row.status}[/{style}]" if style else row.status,
            row.reason or "",
            row.zoho_dc,
            row.zoho_org,
            row.bill_org_id,
            row.zoho_budget,
            row.bill_budget,
            row.last_sync.isoformat(timespec="seconds") if row.last_sync else "never",
        )
    return table


def list_connections(settings: Settings, console: Console) -> int:
    """Print the table; the exit code (0, or `UNREACHABLE_EXIT` when the database cannot be read)."""
    engine = make_engine(settings.effective_database_url())
    try:
        credentials = None
        if settings.encryption_key is not None:
            credentials = CredentialStore(engine, CredentialCipher.from_setting(settings.encryption_key))
        budget = BudgetUse.over(engine, credentials)
        rows = connection_health(ConnectionRepo(engine), SyncRecordRepo(engine), budget)
    except SQLAlchemyError as exc:
        console.print(f"[red]connector database unreachable ({type(exc).__name__})[/red]")
        return UNREACHABLE_EXIT
    finally:
        engine.dispose()
    if not rows:
        console.print("no connections yet (ml-connector connect zoho)")
    else:
        console.print(health_table(rows))
    return 0


DISCONNECT_WAIT_SECONDS = 120.0
"""How long `disconnect` waits for the workflow to delete the Schedules and BILL subscriptions."""

LifecycleAction = Literal["pause", "resume"]


async def disconnect_connection(settings: Settings, key: str, console: Console, client: Client | None = None) -> int:
    """`ml-connector disconnect`: the connection's workflow deletes its Schedules and BILL subscriptions (handing
    them to another connection of the BILL organization if one remains) and ends; then the connection is marked
    `disconnected` and its Zoho webhook secret deleted (the gateway refuses its webhooks from then on). Starts
    the workflow to do so when none is running. Idempotent."""
    if settings.encryption_key is None:
        raise CliFailure("set MLC_ENCRYPTION_KEY: the connection's webhook secret is deleted on disconnect")
    engine = make_engine(settings.effective_database_url())
    try:
        connections = ConnectionRepo(engine)
        connection = find_connection(connections.list(), key)
        if connection.status == ConnectionStatus.DISCONNECTED:
            console.print(f"connection {connection.name} ({connection.id}) is already disconnected")
            return 0
        client = client or await temporal_client(settings)
        handle = await client.start_workflow(
            ConnectionWorkflow.run,
            ConnectionWorkflowInput(connection_id=connection.id),
            id=connection_workflow_id(connection.id),
            task_queue=settings.task_queue,
            start_signal="disconnect",
        )
        try:
            result = await asyncio.wait_for(handle.result(), DISCONNECT_WAIT_SECONDS)
        except TimeoutError:
            raise CliFailure(
                f"workflow {handle.id} is still disconnecting (BILL or Temporal slow); run the command again",
                UNREACHABLE_EXIT,
            ) from None
        except WorkflowFailureError as exc:
            raise CliFailure(f"disconnecting failed in workflow {handle.id}: {exc.cause}", UNREACHABLE_EXIT) from None
        connections.set_status(connection.id, ConnectionStatus.DISCONNECTED.value, "disconnected by an operator")
        credentials = CredentialStore(engine, CredentialCipher.from_setting(settings.encryption_key))
        credentials.delete(OwnerKind.CONNECTION, connection.id, CredentialKind.ZOHO_WEBHOOK_SECRET)
    finally:
        engine.dispose()
    console.print(
        f"connection {connection.name} ({connection.id}) disconnected: Schedules deleted, "
        f"{result.subscriptions_deleted} BILL subscription(s) deleted"
    )
    return 0


async def change_connection(
    settings: Settings, key: str, action: LifecycleAction, console: Console, client: Client | None = None
) -> int:
    """`ml-connector pause|resume`: the workflow's update (token requests and Schedules stop or restart).

    Resuming a connection that needs re-authorization sends `reauth_complete` (for credentials fixed without the
    onboarding routes noticing, e.g. stored while Temporal was unreachable); a still rejected grant goes back to
    `needs_reauth` at its first token request, which the refused grant answers without asking Zoho."""
    engine = make_engine(settings.effective_database_url())
    try:
        connection = find_connection(ConnectionRepo(engine).list(), key)
    finally:
        engine.dispose()
    if connection.status == ConnectionStatus.DISCONNECTED:
        raise CliFailure(f"connection {connection.name} is disconnected")
    client = client or await temporal_client(settings)
    handle = client.get_workflow_handle_for(ConnectionWorkflow.run, connection_workflow_id(connection.id))
    try:
        if action == "pause":
            view = await handle.execute_update(ConnectionWorkflow.pause)
        elif (await handle.query(ConnectionWorkflow.status)).status == "needs_reauth":
            view = await handle.execute_update(ConnectionWorkflow.reauth_complete)  # credentials fixed meanwhile
        else:
            view = await handle.execute_update(ConnectionWorkflow.resume)
    except WorkflowUpdateFailedError as exc:
        raise CliFailure(f"cannot {action} {connection.name}: {exc.cause}") from None
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
        raise CliFailure(
            f"the workflow of {connection.name} is not running; start it: ml-connector connect start {connection.id}"
        ) from None
    console.print(f"connection {connection.name} ({connection.id}) is {view.status}")
    return 0
