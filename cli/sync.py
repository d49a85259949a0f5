"""`ml-connector sync vendors|accounts CONNECTION [--dry-run] [--wait]`: start (or attach to) the connection's
`VendorSyncWorkflow` / `AccountSyncWorkflow` and, with `--wait`, print its counts as a table.

A real sync runs under the workflow's fixed id (`vendor-sync/{connection}`, `account-sync/{connection}`, the
ids webhooks and the gateway use), so a command issued while one runs attaches to it. A dry run uses the fixed id
plus `/dry-run`: it never collapses into (or swallows the webhook signals of) a real sync, and it writes nothing.
Exit codes: 0 done (or started, without `--wait`), 1 the sync failed, 2 bad input (unknown connection),
3 Temporal or the database unreachable.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import WorkflowIDConflictPolicy

from activities.account_sync.models import AccountSyncInput, AccountSyncResult
from activities.vendor_sync.models import VendorSyncInput, VendorSyncResult
from cli.failures import cli_failures, find_connection, temporal_client
from common.settings import Settings
from persistence.db import make_engine
from persistence.repositories import ConnectionRepo
from workflows.account_sync import AccountSyncWorkflow, account_sync_workflow_id
from workflows.vendor_sync import VendorSyncWorkflow, vendor_sync_workflow_id

FAILED_EXIT = 1
DRY_RUN_SUFFIX = "/dry-run"


class SyncEntity(StrEnum):
    """What `sync` can run."""

    VENDORS = "vendors"
    ACCOUNTS = "accounts"


@dataclass(frozen=True)
class SyncOptions:
    """The command's arguments, as typed."""

    entity: SyncEntity
    connection: str
    dry_run: bool = False
    wait: bool = False


def sync_workflow_id(entity: SyncEntity, connection_id: str, *, dry_run: bool) -> str:
    """The workflow's fixed id (plus `/dry-run` for a dry run)."""
    fixed = vendor_sync_workflow_id if entity is SyncEntity.VENDORS else account_sync_workflow_id
    return fixed(connection_id) + (DRY_RUN_SUFFIX if dry_run else "")


async def run_sync(settings: Settings, options: SyncOptions, console: Console, client: Client | None = None) -> int:
    """Start or attach, then (with `wait`) print the result table; the exit code."""
    engine = make_engine(settings.effective_database_url())
    try:
        connection = find_connection(ConnectionRepo(engine).list(), options.connection)
    finally:
        engine.dispose()
    client = client or await temporal_client(settings)
    workflow_id = sync_workflow_id(options.entity, connection.id, dry_run=options.dry_run)
    common: dict[str, Any] = {
        "id": workflow_id,
        "task_queue": settings.task_queue,
        "id_conflict_policy": WorkflowIDConflictPolicy.USE_EXISTING,
    }
    try:
        if options.entity is SyncEntity.VENDORS:
            vendors = await client.start_workflow(
                VendorSyncWorkflow.run, VendorSyncInput(connection_id=connection.id, dry_run=options.dry_run), **common
            )
            console.print(f"{options.entity} sync [bold]{workflow_id}[/bold] (run {vendors.result_run_id})")
            if options.wait:
                console.print(vendor_table(await vendors.result()))
        else:
            accounts = await client.start_workflow(
                AccountSyncWorkflow.run,
                AccountSyncInput(connection_id=connection.id, dry_run=options.dry_run),
                **common,
            )
            console.print(f"{options.entity} sync [bold]{workflow_id}[/bold] (run {accounts.result_run_id})")
            if options.wait:
                console.print(account_table(await accounts.result()))
    except WorkflowFailureError as err:
        console.print(f"[red]{options.entity} sync failed: {err.cause or err}[/red]")
        return FAILED_EXIT
    return 0


def _title(what: str, dry_run: bool) -> str:
    return f"{what} (dry run: nothing written)" if dry_run else what


def vendor_table(result: VendorSyncResult) -> Table:
    """One row per write kind (planned in a dry run) and per outcome count."""
    table = Table(title=_title(f"Vendor sync of {result.connection_id}", result.dry_run))
    table.add_column("count")
    table.add_column("would do" if result.dry_run else "done", justify="right")
    for action, count in sorted(result.actions.items()):
        table.add_row(action, str(count))
    for name in ("linked", "ambiguous", "pending", "conflicts", "failed", "zoho_read", "bill_read"):
        table.add_row(name.replace("_", " "), str(getattr(result, name)))
    return table


def account_table(result: AccountSyncResult) -> Table:
    """Planned and applied counts per change kind."""
    plan = result.plan
    table = Table(title=_title("Account sync", result.dry_run))
    table.add_column("change")
    table.add_column("planned", justify="right")
    table.add_column("applied", justify="right")
    applied = "-" if result.dry_run else None
    rows = (
        ("link", len(plan.link), result.linked),
        ("create in BILL", len(plan.create_in_bill), result.created_in_bill),
        ("create in Zoho", len(plan.create_in_zoho), result.created_in_zoho),
        ("update in BILL", len(plan.update_in_bill), result.updated_in_bill),
        ("failed", 0, len(result.failed)),
    )
    for name, planned, done in rows:
        table.add_row(name, str(planned), applied or str(done))
    table.add_row("unchanged", str(plan.unchanged), "")
    table.add_row("not synced", str(len(plan.not_synced)), "")
    return table


sync_app = typer.Typer(help="Run a connection's vendor or account sync now (or plan it with --dry-run).")
ConnectionArg = Annotated[str, typer.Argument(help="Connection id or name.")]
DryRunOption = Annotated[bool, typer.Option(help="Count what would be written; write nothing.")]
WaitOption = Annotated[bool, typer.Option(help="Wait for the end and print the counts.")]


def _command(entity: SyncEntity, connection: str, dry_run: bool, wait: bool) -> None:
    from common.settings import get_settings  # read when run (tests replace the process settings)

    options = SyncOptions(entity=entity, connection=connection, dry_run=dry_run, wait=wait)
    with cli_failures():
        raise typer.Exit(asyncio.run(run_sync(get_settings(), options, Console())))


@sync_app.command("vendors")
def vendors_command(connection: ConnectionArg, dry_run: DryRunOption = False, wait: WaitOption = False) -> None:
    """Start (or attach to) the connection's vendor sync (exit 0 ok, 1 failed, 2 bad input, 3 down)."""
    _command(SyncEntity.VENDORS, connection, dry_run, wait)


@sync_app.command("accounts")
def accounts_command(connection: ConnectionArg, dry_run: DryRunOption = False, wait: WaitOption = False) -> None:
    """Start (or attach to) the connection's chart-of-accounts sync (exit 0 ok, 1 failed, 2 bad input, 3 down)."""
    _command(SyncEntity.ACCOUNTS, connection, dry_run, wait)
