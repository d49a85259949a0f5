"""`ml-connector backfill CONNECTION --since DAY`: start (or attach to) a `BackfillWorkflow`, show a progress
bar fed by its `progress` query, and print a summary table.

The workflow id is `backfill/{connection}/{since}/{entities}[/dry-run]`, so repeating a command while its
backfill runs attaches to it instead of starting a second one; after it ended, the same command starts a new
run (cheap: synced bills are counted, not re-created). Exit codes: 0 done, 1 the backfill failed or was
cancelled, 2 bad input (unknown connection, bad date, unknown entity), 3 Temporal or the database unreachable.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import get_args

from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy

from activities.backfill.models import BackfillCounts, BackfillEntity, BackfillInput, BackfillProgress
from cli.failures import CliFailure, find_connection, parse_day, temporal_client
from common.settings import Settings
from persistence.db import make_engine
from persistence.repositories import ConnectionRepo
from workflows.backfill import BackfillWorkflow, backfill_workflow_id

FAILED_EXIT = 1
POLL_SECONDS = 0.5
SUMMARY_FIELDS = (
    "seen",
    "created",
    "adopted",
    "updated",
    "already_synced",
    "handed_off",
    "failed",
    "needs_mapping",
    "skipped",
)
DRY_RUN_FIELDS = (
    "seen",
    "would_create",
    "would_update",
    "adopted",
    "already_synced",
    "needs_mapping",
    "skipped",
    "failed",
)


@dataclass(frozen=True)
class BackfillOptions:
    """The command's arguments, as typed."""

    connection: str
    since: str
    entities: str = "bills"
    dry_run: bool = False
    wait: bool = True


def backfill_input(settings: Settings, options: BackfillOptions) -> BackfillInput:
    """The workflow input for `options`, or `CliFailure` (exit 2) naming what is wrong."""
    day = parse_day(options.since, "--since")
    names = tuple(name.strip() for name in options.entities.split(",") if name.strip())
    known = get_args(BackfillEntity)
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise CliFailure(f"unknown entities {unknown or options.entities!r} for --entities (known: {', '.join(known)})")
    connection = find_connection(
        ConnectionRepo(make_engine(settings.effective_database_url())).list(), options.connection
    )
    try:
        return BackfillInput(connection_id=connection.id, since=day, entities=names, dry_run=options.dry_run)
    except ValidationError as err:
        raise CliFailure(f"bad backfill input: {err.errors()[0]['msg']}") from None


async def run_backfill(settings: Settings, options: BackfillOptions, console: Console) -> int:
    """Start or attach, then (with `wait`) follow the progress to the end; the exit code."""
    params = backfill_input(settings, options)
    client = await temporal_client(settings)
    handle = await client.start_workflow(
        BackfillWorkflow.run,
        params,
        id=backfill_workflow_id(params),
        task_queue=settings.task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )
    console.print(f"backfill [bold]{handle.id}[/bold] (run {handle.result_run_id})")
    if not options.wait:
        return 0
    try:
        progress = await follow(handle, console)
    except WorkflowFailureError as err:
        console.print(f"[red]backfill ended without finishing: {err.cause or err}[/red]")
        last = await handle.query(BackfillWorkflow.progress)
        console.print(summary_table(last))
        return FAILED_EXIT
    console.print(summary_table(progress))
    return 0


async def follow(handle: WorkflowHandle[BackfillWorkflow, BackfillProgress], console: Console) -> BackfillProgress:
    """A live bar of bills seen and created (from the `progress` query) until the workflow ends."""
    result = asyncio.ensure_future(handle.result())
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("backfill", total=None, detail="starting")
        while not result.done():
            await asyncio.wait({result}, timeout=POLL_SECONDS)
            if not result.done():
                shown = await handle.query(BackfillWorkflow.progress)
                bar.update(task, completed=shown.total.seen, detail=_detail(shown))
        if result.exception() is None:
            final = result.result()
            bar.update(task, total=final.total.seen, completed=final.total.seen, detail=_detail(final))
    return result.result()


def _detail(progress: BackfillProgress) -> str:
    total = progress.total
    if progress.dry_run:
        return f"seen {total.seen} · would create {total.would_create} · would update {total.would_update}"
    where = f" · {progress.entity} page {progress.page}" if progress.entity else ""
    return f"seen {total.seen} · created {total.created} · handed off {total.handed_off}{where}"


def summary_table(progress: BackfillProgress) -> Table:
    """One row per entity (and a total), one column per count."""
    fields = DRY_RUN_FIELDS if progress.dry_run else SUMMARY_FIELDS
    title = "Backfill (dry run: nothing written)" if progress.dry_run else "Backfill"
    table = Table(title=title)
    table.add_column("entity")
    for name in fields:
        table.add_column(name.replace("_", " "), justify="right")
    rows: list[tuple[str, BackfillCounts]] = [*progress.counts.items(), ("total", progress.total)]
    for entity, counts in rows:
        values = counts.model_dump()
        table.add_row(entity, *(str(values[name]) for name in fields))
    return table
